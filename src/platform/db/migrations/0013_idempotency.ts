import { type Kysely, sql } from "kysely";
import type { Dialect } from "../index.js";

// Forward-only: once landed, never edit this file; add a new migration instead.

// Idempotency keys of API writes (issue 21). One row per caller and key: the first request claims it
// (the primary key decides between concurrent retries on either database), its answer is stored when it
// is sent, and retries replay it. Nothing here is readable without the key itself: the key is stored as
// a hash, the request as an HMAC keyed by it, the answer sealed with a key derived from it. The worker's
// sweep deletes rows a day after their first use (created_at).
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  const s = db.schema;
  await s
    .createTable("idempotency_keys")
    // "token:7", "user:3", "superadmin", "anonymous": who may replay it.
    .addColumn("scope", "text", (c) => c.notNull())
    // sha256 of method, path and key: the same key on another endpoint is another key.
    .addColumn("key_hash", "text", (c) => c.notNull())
    .addColumn("fingerprint", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull().check(sql`state in ('in_progress', 'done')`))
    // Random per claim, so a request that was taken over cannot complete or release its successor's.
    .addColumn("owner", "text", (c) => c.notNull())
    .addColumn("status", "integer")
    .addColumn("response", "text")
    .addColumn("claimed_at", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("idempotency_keys_pk", ["scope", "key_hash"])
    .execute();
  await s.createIndex("idempotency_keys_created_idx").on("idempotency_keys").column("created_at").execute();
}
