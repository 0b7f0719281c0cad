import type { Kysely } from "kysely";
import type { Dialect } from "../index.js";

// Forward-only: once landed, never edit this file; add a new migration instead.

// Organizer texts per language (issue 23). Each row carries its own translations as one nullable JSON
// text, {"de":{"name":"…"},"fr":{…}}: read with the row it belongs to, so no page or checkout needs an
// extra query, and the same column works on both databases. null: the text as entered is all there is.
export const TRANSLATED_TABLES = [
  "events",
  "event_dates",
  "ticket_types",
  "option_groups",
  "ticket_type_options",
  "information_fields",
] as const;

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  for (const table of TRANSLATED_TABLES) {
    await db.schema.alterTable(table).addColumn("translations", "text").execute();
  }
}
