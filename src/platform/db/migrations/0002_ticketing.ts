import { type Kysely, sql } from "kysely";
import { withId } from "../columns.js";
import type { Dialect } from "../index.js";

// Forward-only: once landed, never edit this file; add a new migration instead.
const oneOf = (column: string, values: readonly string[]) =>
  sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const s = db.schema;

  await s
    .alterTable("events")
    .addColumn("currency", "text", (c) => c.notNull().defaultTo("EUR"))
    .execute();
  await s
    .alterTable("events")
    .addColumn("visibility", "text", (c) =>
      c
        .notNull()
        .defaultTo("public")
        .check(oneOf("visibility", ["public", "unlisted", "audience"])),
    )
    .execute();
  await s
    .alterTable("events")
    .addColumn("one_order_per_person", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await s
    .alterTable("events")
    .addColumn("pending_minutes", "integer", (c) => c.notNull().defaultTo(30))
    .execute();
  await s
    .alterTable("events")
    .addColumn("sponsorship_limit", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await s.alterTable("event_dates").addColumn("name", "text").execute();
  await s
    .alterTable("event_dates")
    .addColumn("requires_voucher", "integer", (c) => c.notNull().defaultTo(0))
    .execute();

  await withId(s.createTable("ticket_types"), dialect)
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("price_minor", "integer", (c) => c.notNull().check(sql`price_minor >= 0`))
    .addColumn("restricted", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("sales_start", "text")
    .addColumn("sales_end", "text")
    .addColumn("max_per_order", "integer")
    .addColumn("requires_voucher", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("allow_sponsorship", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await s.createIndex("ticket_types_event_idx").on("ticket_types").column("event_id").execute();

  // A restricted ticket type is open to anyone matching one of its audiences (all given attributes).
  await withId(s.createTable("ticket_type_audiences"), dialect)
    .addColumn("ticket_type_id", "integer", (c) =>
      c.notNull().references("ticket_types.id").onDelete("cascade"),
    )
    .addColumn("school", "text")
    .addColumn("class_year", "integer")
    .addColumn("membership", "text")
    .execute();
  await s
    .createIndex("ticket_type_audiences_tt_idx")
    .on("ticket_type_audiences")
    .column("ticket_type_id")
    .execute();

  await withId(s.createTable("quotas"), dialect)
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("date_id", "integer", (c) => c.references("event_dates.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull().check(sql`size >= 0`))
    .addColumn("taken", "integer", (c) => c.notNull().defaultTo(0).check(sql`taken >= 0`))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await s.createIndex("quotas_event_idx").on("quotas").column("event_id").execute();

  await s
    .createTable("quota_ticket_types")
    .addColumn("quota_id", "integer", (c) => c.notNull().references("quotas.id").onDelete("cascade"))
    .addColumn("ticket_type_id", "integer", (c) =>
      c.notNull().references("ticket_types.id").onDelete("cascade"),
    )
    .addPrimaryKeyConstraint("quota_ticket_types_pk", ["quota_id", "ticket_type_id"])
    .execute();
  await s
    .createIndex("quota_ticket_types_tt_idx")
    .on("quota_ticket_types")
    .column("ticket_type_id")
    .execute();

  await withId(s.createTable("vouchers"), dialect)
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("code", "text", (c) => c.notNull())
    .addColumn("date_id", "integer", (c) => c.references("event_dates.id").onDelete("cascade"))
    .addColumn("ticket_type_id", "integer", (c) => c.references("ticket_types.id").onDelete("cascade"))
    .addColumn("max_usages", "integer", (c) => c.notNull().check(sql`max_usages >= 1`))
    .addColumn("used", "integer", (c) => c.notNull().defaultTo(0).check(sql`used >= 0`))
    .addColumn("valid_until", "text")
    .addColumn("price_mode", "text", (c) =>
      c
        .notNull()
        .defaultTo("none")
        .check(oneOf("price_mode", ["none", "free", "fixed", "discount", "percent"])),
    )
    .addColumn("value_minor", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("vouchers_event_code_uq", ["event_id", "code"])
    .execute();

  await withId(s.createTable("orders"), dialect)
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("user_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c.notNull().check(oneOf("status", ["pending", "paid", "cancelled", "expired", "opposed"])),
    )
    .addColumn("total_minor", "integer", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("voucher_id", "integer", (c) => c.references("vouchers.id").onDelete("set null"))
    .addColumn("voucher_uses", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("expires_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("paid_at", "text")
    .addColumn("cancelled_at", "text")
    .addColumn("opposed_at", "text")
    .execute();
  await s.createIndex("orders_event_status_idx").on("orders").columns(["event_id", "status"]).execute();
  await s.createIndex("orders_expiry_idx").on("orders").columns(["status", "expires_at"]).execute();
  await s.createIndex("orders_user_idx").on("orders").column("user_id").execute();

  await withId(s.createTable("order_positions"), dialect)
    .addColumn("order_id", "integer", (c) => c.notNull().references("orders.id").onDelete("cascade"))
    .addColumn("ticket_type_id", "integer", (c) => c.notNull().references("ticket_types.id"))
    .addColumn("date_id", "integer", (c) => c.references("event_dates.id"))
    .addColumn("price_minor", "integer", (c) => c.notNull())
    .addColumn("attendee_name", "text")
    .addColumn("secret", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await s.createIndex("order_positions_order_idx").on("order_positions").column("order_id").execute();
  await s.createIndex("order_positions_tt_idx").on("order_positions").column("ticket_type_id").execute();

  // What an order took, so cancelling or expiring gives back exactly that even if quotas change later.
  await s
    .createTable("order_quota_takes")
    .addColumn("order_id", "integer", (c) => c.notNull().references("orders.id").onDelete("cascade"))
    .addColumn("quota_id", "integer", (c) => c.notNull().references("quotas.id").onDelete("cascade"))
    .addColumn("count", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("order_quota_takes_pk", ["order_id", "quota_id"])
    .execute();

  // One live order per person and event, where the event asks for it: the primary key makes the rule
  // hold under concurrent checkouts; the row goes when the order is cancelled or expires.
  await s
    .createTable("order_holders")
    .addColumn("event_id", "integer", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("order_id", "integer", (c) => c.notNull().references("orders.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("order_holders_pk", ["event_id", "user_id"])
    .execute();

  await withId(s.createTable("order_log"), dialect)
    .addColumn("order_id", "integer", (c) => c.notNull().references("orders.id").onDelete("cascade"))
    .addColumn("actor", "text", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("details", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await s.createIndex("order_log_order_idx").on("order_log").column("order_id").execute();
}
