import { type Kysely, sql } from "kysely";
import { withId } from "../columns.js";
import type { Dialect } from "../index.js";

// Forward-only: once landed, never edit this file; add a new migration instead.
const oneOf = (column: string, values: readonly string[]) =>
  sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

// Experiences (seed 002): exhibitors' time slots on an event, booked with a ticket sold elsewhere.
// Capacity and allowance are counters taken by conditional UPDATEs in the booking's transaction:
// `experience_slots.booked < capacity` and `experience_tickets.booked < allowance`, with CHECKs as a
// last line of defence. An active booking is unique per (slot, ticket number).
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const s = db.schema;

  await withId(s.createTable("experience_programmes"), dialect)
    .addColumn("event_id", "integer", (c) => c.notNull().unique().references("events.id").onDelete("cascade"))
    // Space-separated origins allowed to frame the overview (CSP frame-ancestors).
    .addColumn("embed_origins", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("guest_name", "text", (c) =>
      c
        .notNull()
        .defaultTo("optional")
        .check(oneOf("guest_name", ["optional", "required"])),
    )
    .addColumn("guest_email", "text", (c) =>
      c
        .notNull()
        .defaultTo("optional")
        .check(oneOf("guest_email", ["optional", "required"])),
    )
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await withId(s.createTable("exhibitors"), dialect)
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("user_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("invite_token_hash", "text")
    .addColumn("invite_expires_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("accepted_at", "text")
    .execute();
  await s.createIndex("exhibitors_event_idx").on("exhibitors").column("event_id").execute();
  await s.createIndex("exhibitors_user_idx").on("exhibitors").column("user_id").execute();
  await s.createIndex("exhibitors_token_uq").on("exhibitors").column("invite_token_hash").unique().execute();

  await withId(s.createTable("experiences"), dialect)
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("exhibitor_id", "integer", (c) => c.references("exhibitors.id").onDelete("set null"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("location", "text")
    .addColumn("language", "text")
    .addColumn("image_type", "text")
    // Base64 of a small PNG or JPEG: served from our own origin, so the embed's CSP stays 'self'.
    .addColumn("image_data", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await s.createIndex("experiences_event_idx").on("experiences").column("event_id").execute();
  await s.createIndex("experiences_exhibitor_idx").on("experiences").column("exhibitor_id").execute();

  await withId(s.createTable("experience_slots"), dialect)
    .addColumn("experience_id", "integer", (c) =>
      c.notNull().references("experiences.id").onDelete("cascade"),
    )
    .addColumn("starts_at", "text", (c) => c.notNull())
    .addColumn("ends_at", "text", (c) => c.notNull())
    .addColumn("capacity", "integer", (c) => c.notNull().check(sql`capacity >= 0`))
    .addColumn("booked", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addCheckConstraint("experience_slots_booked_ck", sql`booked >= 0 and booked <= capacity`)
    .execute();
  await s
    .createIndex("experience_slots_experience_idx")
    .on("experience_slots")
    .columns(["experience_id", "starts_at"])
    .execute();

  await withId(s.createTable("ticket_sources"), dialect)
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("type", "text", (c) => c.notNull().check(oneOf("type", ["http", "tessera"])))
    .addColumn("name", "text", (c) => c.notNull())
    // JSON: url, method, field names, timeout; for "tessera" the event whose tickets count.
    .addColumn("settings", "text", (c) => c.notNull())
    // JSON object of header name → value, sealed with the platform key (auth headers are secrets).
    .addColumn("sealed_headers", "text")
    // JSON: kind → number of experiences a ticket of that kind may book.
    .addColumn("allowances", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("retired_at", "text")
    .execute();
  await s.createIndex("ticket_sources_event_idx").on("ticket_sources").column("event_id").execute();

  // One row per ticket number that ever booked on an event: its kind, allowance and count.
  await s
    .createTable("experience_tickets")
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("ticket_number", "text", (c) => c.notNull())
    .addColumn("source_id", "integer", (c) => c.references("ticket_sources.id").onDelete("set null"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("allowance", "integer", (c) => c.notNull())
    .addColumn("booked", "integer", (c) => c.notNull().defaultTo(0).check(sql`booked >= 0`))
    // HMAC of number and security code after a successful verification; never the code itself.
    .addColumn("code_hash", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("experience_tickets_pk", ["event_id", "ticket_number"])
    .execute();

  await withId(s.createTable("experience_bookings"), dialect)
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("slot_id", "integer", (c) => c.notNull().references("experience_slots.id").onDelete("cascade"))
    .addColumn("ticket_number", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("name", "text")
    .addColumn("email", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("cancelled_at", "text")
    .execute();
  await sql`create unique index experience_bookings_active_uq on experience_bookings (slot_id, ticket_number) where cancelled_at is null`.execute(
    db,
  );
  await s
    .createIndex("experience_bookings_ticket_idx")
    .on("experience_bookings")
    .columns(["event_id", "ticket_number"])
    .execute();
}
