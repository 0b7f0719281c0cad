import { sql } from "kysely";
import type { Db } from "../../platform/db/index.js";
import type { OrderStatus } from "../../platform/db/schema.js";
import type { QuarterHour } from "./days.js";

/*
 * The few aggregates a sales report is made of, for one event or many (the admin home lists several).
 * Every query starts from an event id and walks existing indexes (orders by event and status,
 * positions by order, check-in lists by event, claims by list); only grouped counts come back, never
 * an order per row. PostgreSQL returns count(*) and sum() as text: everything goes through Number().
 */

/*
 * Test orders (orders.test_mode, see orders/test-mode.ts) are left out of every figure: they hold their
 * places until deleted (the quotas say so), but they are no sale.
 */

/** The statuses whose tickets hold places: paid ones are sold, pending ones are held until paid or expired. */
const LIVE: OrderStatus[] = ["paid", "pending"];

export interface SoldRow {
  eventId: number;
  dateId: number | null;
  ticketTypeId: number;
  status: "paid" | "pending";
  tickets: number;
}

export async function soldTickets(db: Db, eventIds: number[]): Promise<SoldRow[]> {
  if (eventIds.length === 0) return [];
  const rows = await db.kysely
    .selectFrom("orders as o")
    .innerJoin("order_positions as p", "p.order_id", "o.id")
    .select((eb) => ["o.event_id", "p.date_id", "p.ticket_type_id", "o.status", eb.fn.countAll().as("n")])
    .where("o.event_id", "in", eventIds)
    .where("o.status", "in", LIVE)
    .where("o.test_mode", "=", 0)
    .groupBy(["o.event_id", "p.date_id", "p.ticket_type_id", "o.status"])
    .execute();
  return rows.map((r) => ({
    eventId: r.event_id,
    dateId: r.date_id,
    ticketTypeId: r.ticket_type_id,
    status: r.status as "paid" | "pending",
    tickets: Number(r.n),
  }));
}

export interface StatusRow {
  eventId: number;
  status: OrderStatus;
  orders: number;
  /** The orders' totals: what was paid for paid ones (vouchers and options included), what is due for pending ones. */
  amountMinor: number;
}

export async function ordersByStatus(db: Db, eventIds: number[]): Promise<StatusRow[]> {
  if (eventIds.length === 0) return [];
  const rows = await db.kysely
    .selectFrom("orders")
    .select((eb) => ["event_id", "status", eb.fn.countAll().as("n"), eb.fn.sum("total_minor").as("amount")])
    .where("event_id", "in", eventIds)
    .where("test_mode", "=", 0)
    .groupBy(["event_id", "status"])
    .execute();
  return rows.map((r) => ({
    eventId: r.event_id,
    status: r.status,
    orders: Number(r.n),
    amountMinor: Number(r.amount ?? 0),
  }));
}

export interface CheckinRow {
  dateId: number | null;
  ticketTypeId: number;
  /** Tickets admitted at least once, on any of the event's lists. */
  tickets: number;
}

export async function checkedIn(db: Db, eventId: number): Promise<CheckinRow[]> {
  const rows = await db.kysely
    .selectFrom("checkin_lists as l")
    .innerJoin("checkin_claims as c", "c.list_id", "l.id")
    .innerJoin("order_positions as p", "p.id", "c.position_id")
    .innerJoin("orders as o", "o.id", "p.order_id")
    .select((eb) => ["p.date_id", "p.ticket_type_id", eb.fn.count("c.position_id").distinct().as("n")])
    .where("l.event_id", "=", eventId)
    .where("o.test_mode", "=", 0)
    .groupBy(["p.date_id", "p.ticket_type_id"])
    .execute();
  return rows.map((r) => ({ dateId: r.date_id, ticketTypeId: r.ticket_type_id, tickets: Number(r.n) }));
}

// The ISO text's hour ("2031-03-01T19") and its quarter (0-3): plain text functions both databases share.
const hour = sql<string>`substr(o.created_at, 1, 13)`;
const quarter = sql<number>`cast(substr(o.created_at, 15, 2) as integer) / 15`;

/** Live orders placed since an instant and their tickets, per UTC quarter-hour (see days.ts). */
export async function ordersPerQuarterHour(db: Db, eventId: number, since: string): Promise<QuarterHour[]> {
  const rows = await db.kysely
    .selectFrom("orders as o")
    .innerJoin("order_positions as p", "p.order_id", "o.id")
    .select((eb) => [
      hour.as("hour"),
      quarter.as("quarter"),
      eb.fn.count("o.id").distinct().as("orders"),
      eb.fn.countAll().as("tickets"),
    ])
    .where("o.event_id", "=", eventId)
    .where("o.status", "in", LIVE)
    .where("o.test_mode", "=", 0)
    .where("o.created_at", ">=", since)
    .groupBy([hour, quarter])
    .execute();
  return rows.map((r) => ({
    start: `${r.hour}:${String(Number(r.quarter) * 15).padStart(2, "0")}:00.000Z`,
    orders: Number(r.orders),
    tickets: Number(r.tickets),
  }));
}

export interface CatalogRows {
  dates: { id: number; event_id: number; name: string | null; starts_at: string }[];
  types: { id: number; event_id: number; name: string; price_minor: number }[];
  quotas: {
    id: number;
    event_id: number;
    name: string;
    date_id: number | null;
    size: number;
    taken: number;
    ticketTypeIds: number[];
  }[];
}

/** Dates, ticket types and quotas (with the types each covers) of the events, in their display order. */
export async function catalogOf(db: Db, eventIds: number[]): Promise<CatalogRows> {
  if (eventIds.length === 0) return { dates: [], types: [], quotas: [] };
  const [dates, types, quotas, links] = await Promise.all([
    db.kysely
      .selectFrom("event_dates")
      .select(["id", "event_id", "name", "starts_at"])
      .where("event_id", "in", eventIds)
      .orderBy("starts_at")
      .orderBy("id")
      .execute(),
    db.kysely
      .selectFrom("ticket_types")
      .select(["id", "event_id", "name", "price_minor"])
      .where("event_id", "in", eventIds)
      .orderBy("id")
      .execute(),
    db.kysely
      .selectFrom("quotas")
      .select(["id", "event_id", "name", "date_id", "size", "taken"])
      .where("event_id", "in", eventIds)
      .orderBy("id")
      .execute(),
    db.kysely
      .selectFrom("quota_ticket_types as l")
      .innerJoin("quotas as q", "q.id", "l.quota_id")
      .select(["l.quota_id", "l.ticket_type_id"])
      .where("q.event_id", "in", eventIds)
      .execute(),
  ]);
  return {
    dates,
    types,
    quotas: quotas.map((q) => ({
      ...q,
      ticketTypeIds: links.filter((l) => l.quota_id === q.id).map((l) => l.ticket_type_id),
    })),
  };
}
