import { type Kysely, sql } from "kysely";
import type { Dialect } from "../index.js";

// Forward-only: once landed, never edit this file; add a new migration instead.

// Default payment accounts for new events, and the test mode an organizer tries a checkout with (issue 23).
// Flags are 0/1 integers so both databases read them alike.
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  const s = db.schema;
  // Ticked on every event the organizer creates from now on; changing it later leaves existing events.
  await s
    .alterTable("payment_accounts")
    .addColumn("is_default", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await s
    .alterTable("events")
    .addColumn("test_mode", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  // Copied from the event when the order is placed: switching test mode off leaves test orders test.
  await s
    .alterTable("orders")
    .addColumn("test_mode", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  // Finding an event's test orders (to delete them) without reading its real ones. Partial: a real
  // order (every order of a rush) writes no entry into it.
  await s
    .createIndex("orders_test_mode_idx")
    .on("orders")
    .column("event_id")
    .where(sql.ref("test_mode"), "=", sql.lit(1))
    .execute();
}
