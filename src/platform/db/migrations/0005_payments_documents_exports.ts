import { type Kysely, sql } from "kysely";
import { withId } from "../columns.js";
import type { Dialect } from "../index.js";

// Forward-only: once landed, never edit this file; add a new migration instead.
const oneOf = (column: string, values: readonly string[]) =>
  sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

// Payments (seed 003): accounts belong to an organizer and are chosen per event; their credentials are
// fixed at creation (a retired account is replaced, never edited). Every attempt is a `payments` row and
// every inbound message a `payment_notifications` row, kept raw with its verification and outcome.
// Ticket templates are files under DATA_DIR; exports are files produced by background jobs.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const s = db.schema;

  await withId(s.createTable("payment_accounts"), dialect)
    .addColumn("organizer_id", "integer", (c) => c.notNull().references("organizers.id").onDelete("cascade"))
    .addColumn("provider", "text", (c) => c.notNull().check(oneOf("provider", ["manual", "paypal", "lydia"])))
    .addColumn("description", "text", (c) => c.notNull())
    // Public settings (PayPal receiver e-mail, endpoint URLs, transfer instructions) as JSON.
    .addColumn("settings", "text", (c) => c.notNull())
    // Provider secrets (Lydia's tokens), encrypted with the platform key: they must be usable, so they
    // cannot be hashed.
    .addColumn("sealed_secrets", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("retired_at", "text")
    .execute();
  await s.createIndex("payment_accounts_org_idx").on("payment_accounts").column("organizer_id").execute();

  await s
    .createTable("event_payment_accounts")
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("account_id", "integer", (c) =>
      c.notNull().references("payment_accounts.id").onDelete("cascade"),
    )
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("event_payment_accounts_pk", ["event_id", "account_id"])
    .execute();

  await withId(s.createTable("payments"), dialect)
    .addColumn("order_id", "integer", (c) => c.notNull().references("orders.id").onDelete("cascade"))
    .addColumn("account_id", "integer", (c) => c.references("payment_accounts.id"))
    .addColumn("provider", "text", (c) =>
      c.notNull().check(oneOf("provider", ["free", "manual", "paypal", "lydia"])),
    )
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .check(
          oneOf("status", ["created", "pending", "completed", "failed", "cancelled", "refunded", "reversed"]),
        ),
    )
    .addColumn("amount_minor", "integer", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    // The provider's id for this attempt (PayPal txn_id, Lydia request_uuid); null until known.
    .addColumn("reference", "text")
    .addColumn("details", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await s.createIndex("payments_order_idx").on("payments").column("order_id").execute();
  await s.createIndex("payments_reference_idx").on("payments").columns(["provider", "reference"]).execute();

  await withId(s.createTable("payment_notifications"), dialect)
    .addColumn("provider", "text", (c) => c.notNull())
    .addColumn("order_id", "integer", (c) => c.references("orders.id").onDelete("cascade"))
    .addColumn("payment_id", "integer", (c) => c.references("payments.id").onDelete("cascade"))
    // The message exactly as received (form-encoded body or query string).
    .addColumn("raw", "text", (c) => c.notNull())
    .addColumn("verification", "text", (c) => c.notNull())
    .addColumn("outcome", "text", (c) => c.notNull())
    // Set once a verified message is acted on; a second message with the same key changes nothing.
    .addColumn("dedupe_key", "text", (c) => c.unique())
    .addColumn("received_at", "text", (c) => c.notNull())
    .execute();
  await s
    .createIndex("payment_notifications_order_idx")
    .on("payment_notifications")
    .column("order_id")
    .execute();

  // Mails about an order go out in the language the buyer booked in.
  await s.alterTable("orders").addColumn("locale", "text").execute();

  // The template image of a ticket type (2480 × 1169), stored under DATA_DIR/templates/<key>.
  await s.alterTable("ticket_types").addColumn("template_key", "text").execute();

  await withId(s.createTable("exports"), dialect)
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("list", "text", (c) => c.notNull().check(oneOf("list", ["pending", "paid"])))
    .addColumn("format", "text", (c) => c.notNull().check(oneOf("format", ["pdf", "xlsx", "zip", "tar.gz"])))
    .addColumn("status", "text", (c) =>
      c.notNull().check(oneOf("status", ["queued", "running", "done", "failed"])),
    )
    .addColumn("done_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("total_count", "integer", (c) => c.notNull().defaultTo(0))
    // Random file name under DATA_DIR/exports: the download still needs the caller's rights.
    .addColumn("file_key", "text")
    .addColumn("file_size", "integer")
    .addColumn("error", "text")
    .addColumn("requested_by", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("finished_at", "text")
    .execute();
  await s.createIndex("exports_event_idx").on("exports").column("event_id").execute();
}
