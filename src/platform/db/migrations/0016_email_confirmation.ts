import { type Kysely, sql } from "kysely";
import type { Dialect } from "../index.js";

// Forward-only: once landed, never edit this file; add a new migration instead.

// E-mail confirmation on registration (issue 23). An account whose address nobody proved to own is
// marked by email_confirmed_at = null; everyone who already had an account counts as confirmed.
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  const s = db.schema;
  await s.alterTable("users").addColumn("email_confirmed_at", "text").execute();
  await sql`UPDATE users SET email_confirmed_at = created_at`.execute(db);
  await s
    .createTable("email_confirmations")
    // sha256 of the link's token: a copy of the database confirms nobody.
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .execute();
  await s
    .createIndex("email_confirmations_user_idx")
    .on("email_confirmations")
    .columns(["user_id", "created_at"])
    .execute();
}
