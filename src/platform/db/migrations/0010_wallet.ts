import type { Kysely } from "kysely";
import { withId } from "../columns.js";
import type { Dialect } from "../index.js";

// Forward-only: once landed, never edit this file; add a new migration instead.

// Ticket lifecycle and wallet synchronisation (seed 004). `ticket_states` holds each ticket's business
// status (and its family) as the lifecycle tracker last saw it, and its wallet status, holder and
// legacy history-mode fields as the wallet provider last reported them. Every change, applied or
// refused, is a row of `ticket_transitions`. The tracker and the provider sync resume from cursors in
// `sync_cursors`; pushes to the provider wait in `wallet_outbox` until sent.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const s = db.schema;

  await s
    .createTable("ticket_states")
    .addColumn("position_id", "integer", (c) =>
      c.primaryKey().references("order_positions.id").onDelete("cascade"),
    )
    .addColumn("organizer_id", "integer", (c) => c.notNull().references("organizers.id").onDelete("cascade"))
    .addColumn("business_status", "text", (c) => c.notNull())
    .addColumn("family", "text", (c) => c.notNull())
    .addColumn("secret_hash", "text", (c) => c.notNull())
    .addColumn("wallet_status", "text")
    .addColumn("wallet_holder", "text")
    .addColumn("wallet_legacy_status", "text")
    .addColumn("wallet_action", "text")
    .addColumn("wallet_state", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await s
    .createIndex("ticket_states_org_family_idx")
    .on("ticket_states")
    .columns(["organizer_id", "family"])
    .execute();

  await withId(s.createTable("ticket_transitions"), dialect)
    .addColumn("position_id", "integer", (c) =>
      c.notNull().references("order_positions.id").onDelete("cascade"),
    )
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("from_status", "text")
    .addColumn("to_status", "text", (c) => c.notNull())
    .addColumn("cause", "text", (c) => c.notNull())
    .addColumn("applied", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await s
    .createIndex("ticket_transitions_position_idx")
    .on("ticket_transitions")
    .column("position_id")
    .execute();

  await s
    .createTable("sync_cursors")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("last_run_at", "text")
    .addColumn("last_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("total_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .execute();

  await s
    .createTable("wallet_settings")
    .addColumn("organizer_id", "integer", (c) =>
      c.primaryKey().references("organizers.id").onDelete("cascade"),
    )
    .addColumn("provider_url", "text")
    .addColumn("sealed_api_key", "text")
    // The seed's custom parameters, e.g. TIXNGO_LIFECYCLE_MODE=lifecycle; history mode when unset.
    .addColumn("custom_parameters", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("batch_size", "integer", (c) => c.notNull().defaultTo(1000))
    .addColumn("webhook_url", "text")
    .addColumn("sealed_webhook_secret", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await withId(s.createTable("wallet_outbox"), dialect)
    .addColumn("organizer_id", "integer", (c) => c.notNull().references("organizers.id").onDelete("cascade"))
    .addColumn("position_id", "integer", (c) =>
      c.notNull().references("order_positions.id").onDelete("cascade"),
    )
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("sent_at", "text")
    .execute();
  await s
    .createIndex("wallet_outbox_pending_idx")
    .on("wallet_outbox")
    .columns(["organizer_id", "sent_at", "id"])
    .execute();
}
