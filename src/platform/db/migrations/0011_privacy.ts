import type { Kysely } from "kysely";
import { withId } from "../columns.js";
import type { Dialect } from "../index.js";

// Forward-only: once landed, never edit this file; add a new migration instead.

// Privacy by design (GDPR, seed 003 "Anonyme"). Anonymization overwrites personal columns and marks
// the row with `anonymized_at`, so lists, exports and API responses render the localized "Anonymous"
// instead. A position's mark also voids it at the door (the deleted person's own tickets). Organizers
// choose how many days after an event's last date its orders are anonymized (null: never). The
// platform keeps its privacy settings (e.g. whether internal accounts may delete themselves) as
// name/value rows. The audit log records who viewed or exported personal data, by ids only.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const s = db.schema;
  await s.alterTable("users").addColumn("anonymized_at", "text").execute();
  await s.alterTable("orders").addColumn("anonymized_at", "text").execute();
  await s.alterTable("order_positions").addColumn("anonymized_at", "text").execute();
  await s.alterTable("organizers").addColumn("retention_days", "integer").execute();

  await s
    .createTable("platform_settings")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await withId(s.createTable("audit_log"), dialect)
    // "user:3", "token:7", "superadmin": who looked.
    .addColumn("actor", "text", (c) => c.notNull())
    // "order.view", "file.download", "export.run", "export.download", "data.export", "account.delete"…
    .addColumn("action", "text", (c) => c.notNull())
    // "order:12", "position:40/field:3", "event:5", "user:9": which subject, by id.
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("organizer_id", "integer")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await s.createIndex("audit_log_created_idx").on("audit_log").column("created_at").execute();
}
