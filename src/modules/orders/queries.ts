import type { Actor } from "../../platform/auth/actor.js";
import { can, orderResource } from "../../platform/auth/policy.js";
import type { Db } from "../../platform/db/index.js";
import { notFound } from "../../platform/errors.js";
import type { Locale } from "../../platform/i18n/index.js";
import { formatMoney } from "../../platform/money.js";
import { personOr } from "./anonymous.js";

export async function loadOrder(db: Db, orderId: number) {
  const order = await db.kysely.selectFrom("orders").selectAll().where("id", "=", orderId).executeTakeFirst();
  if (!order) throw notFound("Order");
  const [positions, payments] = await Promise.all([loadPositions(db, orderId), loadPayments(db, orderId)]);
  // Options as booked (copied name and price), whatever the catalog says today.
  const chosen =
    positions.length === 0
      ? []
      : await db.kysely
          .selectFrom("order_position_options")
          .select(["position_id", "option_id", "name", "price_minor"])
          .where(
            "position_id",
            "in",
            positions.map((p) => p.id),
          )
          .orderBy("position_id")
          .orderBy("option_id")
          .execute();
  return {
    ...order,
    positions: positions.map((p) => ({ ...p, options: chosen.filter((o) => o.position_id === p.id) })),
    payments,
  };
}

export function loadPayments(db: Db, orderId: number) {
  return db.kysely
    .selectFrom("payments")
    .select(["id", "provider", "status", "amount_minor", "currency", "reference", "created_at", "updated_at"])
    .where("order_id", "=", orderId)
    .orderBy("id")
    .execute();
}

function loadPositions(db: Db, orderId: number) {
  return db.kysely
    .selectFrom("order_positions as p")
    .innerJoin("ticket_types as t", "t.id", "p.ticket_type_id")
    .select([
      "p.id",
      "p.ticket_type_id",
      "t.name as ticket_type_name",
      "p.date_id",
      "p.price_minor",
      "p.list_price_minor",
      "p.attendee_name",
      "p.anonymized_at",
      "p.secret",
      "p.ticket_code",
    ])
    .where("p.order_id", "=", orderId)
    .orderBy("p.id")
    .execute();
}

export type LoadedOrder = Awaited<ReturnType<typeof loadOrder>>;

export async function findOrderByCode(db: Db, eventId: number, code: string) {
  const row = await db.kysely
    .selectFrom("orders")
    .select("id")
    .where("event_id", "=", eventId)
    .where("code", "=", code.trim().toUpperCase())
    .executeTakeFirst();
  if (!row) throw notFound("Order");
  return loadOrder(db, row.id);
}

type PaymentRow = LoadedOrder["payments"][number];

export const presentPayment = (p: PaymentRow) => ({
  id: p.id,
  provider: p.provider,
  status: p.status,
  amount: formatMoney(p.amount_minor),
  currency: p.currency,
  reference: p.reference,
  created_at: p.created_at,
  updated_at: p.updated_at,
});

/** Tickets are valid only while their order is paid; opposition keeps the record but voids them. */
export function presentOrder(order: LoadedOrder, locale: Locale = "en") {
  const ticketsValid = order.status === "paid";
  return {
    code: order.code,
    status: order.status,
    email: personOr(order.email, order.anonymized_at, locale),
    anonymized: order.anonymized_at !== null,
    total: formatMoney(order.total_minor),
    currency: order.currency,
    created_at: order.created_at,
    expires_at: order.expires_at,
    paid_at: order.paid_at,
    cancelled_at: order.cancelled_at,
    opposed_at: order.opposed_at,
    test_mode: order.test_mode === 1,
    positions: order.positions.map((p) => ({
      id: p.id,
      ticket_type: p.ticket_type_id,
      ticket_type_name: p.ticket_type_name,
      date: p.date_id,
      price: formatMoney(p.price_minor),
      attendee_name: personOr(p.attendee_name, p.anonymized_at, locale),
      secret: p.secret,
      valid: ticketsValid && p.anonymized_at === null,
      options: p.options.map((o) => ({ id: o.option_id, name: o.name, price: formatMoney(o.price_minor) })),
    })),
    payments: order.payments.map(presentPayment),
  };
}

/** The buyer's own order by its code; to anyone else it does not exist. */
export async function findOwnOrder(db: Db, actor: Actor, code: string) {
  const row = await db.kysely
    .selectFrom("orders as o")
    .innerJoin("events as e", "e.id", "o.event_id")
    .select(["o.id", "o.user_id", "o.code", "e.id as event_id", "e.organizer_id", "e.name as event_name"])
    .where("o.code", "=", code.trim().toUpperCase())
    .executeTakeFirst();
  if (
    !row ||
    !can(actor, "order.own", orderResource({ id: row.event_id, organizer_id: row.organizer_id }, row))
  )
    throw notFound("Order");
  return { order: await loadOrder(db, row.id), eventId: row.event_id, eventName: row.event_name };
}

/**
 * The buyer's own order with its event, organizer and dates, as the buyer's order page shows it (a
 * signed-in buyer or a guest behind the order's signed link); to anyone else it does not exist.
 */
export async function findOwnOrderWithEvent(db: Db, actor: Actor, code: string) {
  const row = await db.kysely
    .selectFrom("orders as o")
    .innerJoin("events as e", "e.id", "o.event_id")
    .innerJoin("organizers as g", "g.id", "e.organizer_id")
    .selectAll("e")
    .select([
      "o.id as order_id",
      "o.user_id",
      "o.code as order_code",
      "g.slug as organizer_slug",
      "g.name as organizer_name",
      "g.time_zone as organizer_time_zone",
    ])
    .where("o.code", "=", code)
    .executeTakeFirst();
  if (!row || !can(actor, "order.own", orderResource(row, { user_id: row.user_id, code: row.order_code })))
    throw notFound("Order");
  const dates = await db.kysely
    .selectFrom("event_dates")
    .select(["id", "name", "starts_at", "location", "venue", "translations"])
    .where("event_id", "=", row.id)
    .execute();
  return { event: row, order: await loadOrder(db, row.order_id), dates };
}
