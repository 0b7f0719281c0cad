import { type Kysely, sql } from "kysely";
import { withId } from "../columns.js";
import type { Dialect } from "../index.js";

// Forward-only: once landed, never edit this file; add a new migration instead.
//
// Options (seed 003): extras of one ticket type, each with a price. Ungrouped options are independent
// checkboxes; the options of a group exclude each other, and choosing none of them is always allowed.
// Both can change only while the ticket type has no orders; what an order chose is copied onto its
// positions (name and price at booking time), so later edits never touch a booked ticket.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const s = db.schema;

  await withId(s.createTable("option_groups"), dialect)
    .addColumn("ticket_type_id", "integer", (c) =>
      c.notNull().references("ticket_types.id").onDelete("cascade"),
    )
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await s.createIndex("option_groups_tt_idx").on("option_groups").column("ticket_type_id").execute();

  await withId(s.createTable("ticket_type_options"), dialect)
    .addColumn("ticket_type_id", "integer", (c) =>
      c.notNull().references("ticket_types.id").onDelete("cascade"),
    )
    .addColumn("group_id", "integer", (c) => c.references("option_groups.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("price_minor", "integer", (c) => c.notNull().check(sql`price_minor >= 0`))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await s
    .createIndex("ticket_type_options_tt_idx")
    .on("ticket_type_options")
    .column("ticket_type_id")
    .execute();
  await s.createIndex("ticket_type_options_group_idx").on("ticket_type_options").column("group_id").execute();

  // A copy, not a link: the option may be renamed or repriced later only if no order holds it, but the
  // record of what was bought must not depend on that. The key forbids choosing one option twice.
  await s
    .createTable("order_position_options")
    .addColumn("position_id", "integer", (c) =>
      c.notNull().references("order_positions.id").onDelete("cascade"),
    )
    .addColumn("option_id", "integer", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("price_minor", "integer", (c) => c.notNull().check(sql`price_minor >= 0`))
    .addPrimaryKeyConstraint("order_position_options_pk", ["position_id", "option_id"])
    .execute();
}
