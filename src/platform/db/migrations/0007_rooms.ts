import type { Kysely } from "kysely";
import { withId } from "../columns.js";
import type { Dialect } from "../index.js";

// Forward-only: once landed, never edit this file; add a new migration instead.

// Online rooms (seed 000). An organizer runs one or more BigBlueButton servers (URL and shared secret,
// the secret sealed with the platform key because every API call needs it in clear). A room is a
// meeting on one server; a date names its room in its metadata (`room=<slug>`). Which information
// fields hold the attendee's call sign and video consent is the room's setting (by field label).
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const s = db.schema;

  await withId(s.createTable("bbb_servers"), dialect)
    .addColumn("organizer_id", "integer", (c) => c.notNull().references("organizers.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("sealed_secret", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await s.createIndex("bbb_servers_org_idx").on("bbb_servers").column("organizer_id").execute();

  await withId(s.createTable("rooms"), dialect)
    .addColumn("organizer_id", "integer", (c) => c.notNull().references("organizers.id").onDelete("cascade"))
    .addColumn("server_id", "integer", (c) => c.notNull().references("bbb_servers.id").onDelete("cascade"))
    .addColumn("slug", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    // Random, so that a meeting id says nothing and cannot be guessed on a shared server.
    .addColumn("meeting_id", "text", (c) => c.notNull().unique())
    .addColumn("call_sign_field", "text")
    .addColumn("video_consent_field", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await s.createIndex("rooms_org_slug_uq").on("rooms").columns(["organizer_id", "slug"]).unique().execute();
}
