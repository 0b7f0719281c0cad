import type { Kysely } from "kysely";
import type { Dialect } from "../index.js";

// Forward-only: once landed, never edit this file; add a new migration instead.

// Where an event takes place, and what a buyer was shown at booking time (issue 23).
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  const s = db.schema;
  // A venue's name and address as the organizer writes them, a few lines; "" : not given.
  await s
    .alterTable("events")
    .addColumn("venue", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  // A series touring several places names each date's venue; null: the event's.
  await s.alterTable("event_dates").addColumn("venue", "text").execute();
  // The ticket's price before any voucher, options included, as the buyer saw it when booking: the
  // ticket type's price may change later, and the order must keep showing what was discounted.
  // null: booked before this column existed (the price paid is all that is known).
  await s.alterTable("order_positions").addColumn("list_price_minor", "integer").execute();
}
