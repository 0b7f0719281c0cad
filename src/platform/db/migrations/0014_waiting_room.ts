import type { Kysely } from "kysely";
import { withId } from "../columns.js";
import type { Dialect } from "../index.js";

// Forward-only: once landed, never edit this file; add a new migration instead.

// The waiting room of an on-sale (issue 21). The queue lives in the database so that every app process
// admits the same people in the same order: a place's id is its arrival, and the room's counter
// `admitted` (how many places, in id order, are in) is advanced by a conditional update whoever polls.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const s = db.schema;
  await s
    .createTable("waiting_rooms")
    .addColumn("event_id", "integer", (c) => c.primaryKey().references("events.id").onDelete("cascade"))
    .addColumn("enabled", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("opens_at", "text", (c) => c.notNull())
    .addColumn("admit_per_minute", "integer", (c) => c.notNull())
    .addColumn("pass_minutes", "integer", (c) => c.notNull())
    .addColumn("admitted", "integer", (c) => c.notNull().defaultTo(0))
    // The instant the admissions so far were earned up to: the next ones accrue from here.
    .addColumn("clock", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await withId(s.createTable("waiting_room_places"), dialect)
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    // An HMAC of the client's address, never the address: enough to limit places per client.
    .addColumn("client_hash", "text", (c) => c.notNull())
    // 1..limit per client and event; the unique index makes the limit hold under concurrent joins.
    .addColumn("client_slot", "integer", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("joined_at", "text", (c) => c.notNull())
    .addColumn("admitted_at", "text")
    .addColumn("used_at", "text")
    .addColumn("order_id", "integer", (c) => c.references("orders.id").onDelete("set null"))
    .execute();
  await s
    .createIndex("waiting_room_places_client_idx")
    .on("waiting_room_places")
    .columns(["event_id", "client_hash", "client_slot"])
    .unique()
    .execute();
  await s
    .createIndex("waiting_room_places_event_idx")
    .on("waiting_room_places")
    .columns(["event_id", "id"])
    .execute();
}
