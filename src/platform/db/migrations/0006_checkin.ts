import { type Kysely, sql } from "kysely";
import { withId } from "../columns.js";
import type { Dialect } from "../index.js";

// Forward-only: once landed, never edit this file; add a new migration instead.
const oneOf = (column: string, values: readonly string[]) =>
  sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

// Admission (seed 000, seed 003 "valider à l'entrée"). A check-in list covers an event, optionally one
// date and a set of ticket types, with an entry policy. Whether a ticket may enter is decided by an
// INSERT into `checkin_claims`, whose primary key makes "exactly one ok" hold under parallel scans on
// both databases: slot "once" for once-lists, the calendar day for daily lists, "inside" while a
// ticket is in on lists that need an exit between entries. Every scan is logged in `checkin_scans`,
// whose (list, nonce) key makes a retried scan return its first answer.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const s = db.schema;

  await withId(s.createTable("checkin_lists"), dialect)
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("date_id", "integer", (c) => c.references("event_dates.id").onDelete("cascade"))
    .addColumn("entry_policy", "text", (c) =>
      c.notNull().check(oneOf("entry_policy", ["once", "daily", "unlimited"])),
    )
    .addColumn("exit_required", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await s.createIndex("checkin_lists_event_idx").on("checkin_lists").column("event_id").execute();

  await s
    .createTable("checkin_list_ticket_types")
    .addColumn("list_id", "integer", (c) => c.notNull().references("checkin_lists.id").onDelete("cascade"))
    .addColumn("ticket_type_id", "integer", (c) =>
      c.notNull().references("ticket_types.id").onDelete("cascade"),
    )
    .addPrimaryKeyConstraint("checkin_list_ticket_types_pk", ["list_id", "ticket_type_id"])
    .execute();

  await s
    .createTable("checkin_claims")
    .addColumn("list_id", "integer", (c) => c.notNull().references("checkin_lists.id").onDelete("cascade"))
    .addColumn("position_id", "integer", (c) =>
      c.notNull().references("order_positions.id").onDelete("cascade"),
    )
    .addColumn("slot", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("checkin_claims_pk", ["list_id", "position_id", "slot"])
    .execute();

  await withId(s.createTable("checkin_scans"), dialect)
    .addColumn("list_id", "integer", (c) => c.notNull().references("checkin_lists.id").onDelete("cascade"))
    .addColumn("position_id", "integer", (c) => c.references("order_positions.id").onDelete("set null"))
    .addColumn("type", "text", (c) => c.notNull().check(oneOf("type", ["entry", "exit"])))
    .addColumn("status", "text", (c) => c.notNull().check(oneOf("status", ["ok", "error"])))
    .addColumn("reason", "text")
    .addColumn("nonce", "text")
    // Who scanned: "token:<id>" or "user:<id>"; never a name.
    .addColumn("device", "text", (c) => c.notNull())
    // The answer given, so that a retried nonce gets exactly the same one.
    .addColumn("answer", "text", (c) => c.notNull())
    .addColumn("scanned_at", "text", (c) => c.notNull())
    .execute();
  await s
    .createIndex("checkin_scans_nonce_uq")
    .on("checkin_scans")
    .columns(["list_id", "nonce"])
    .unique()
    .execute();
  await s.createIndex("checkin_scans_position_idx").on("checkin_scans").column("position_id").execute();

  // Reissuing a ticket gives it a new secret; the old one stays known, so a scanner can say "revoked".
  await s
    .createTable("revoked_secrets")
    .addColumn("secret", "text", (c) => c.primaryKey())
    .addColumn("position_id", "integer", (c) =>
      c.notNull().references("order_positions.id").onDelete("cascade"),
    )
    .addColumn("revoked_at", "text", (c) => c.notNull())
    .execute();
}
