import type { Kysely } from "kysely";
import type { Dialect } from "../index.js";

// Forward-only: once landed, never edit this file; add a new migration instead.

// What an organizer running a real event sets up (issue 20): an event's description (Markdown, rendered
// sanitised) and cover image (resized on upload, kept in the database as base64 like exhibitors' images,
// so several app processes on one PostgreSQL serve the same picture), and the time zone its dates are
// shown in: the event's own, else its organizer's, else the platform's TIME_ZONE.
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  const s = db.schema;
  await s
    .alterTable("events")
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await s.alterTable("events").addColumn("cover_type", "text").execute();
  await s.alterTable("events").addColumn("cover_data", "text").execute();
  await s.alterTable("events").addColumn("time_zone", "text").execute();
  await s.alterTable("organizers").addColumn("time_zone", "text").execute();
}
