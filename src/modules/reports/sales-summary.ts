import type { Actor } from "../../platform/auth/actor.js";
import { authorize } from "../../platform/auth/policy.js";
import type { Db } from "../../platform/db/index.js";
import type { OrderStatus } from "../../platform/db/schema.js";
import type { EventRow } from "../events/service.js";
import { eventTimeZone } from "../events/time-zone.js";
import { type Cell, cellRemaining, type QuotaPlaces, remainingOf } from "./capacity.js";
import { type DaySales, dayStart, lastDays, sumByDay } from "./days.js";
import {
  type CatalogRows,
  type CheckinRow,
  catalogOf,
  checkedIn,
  ordersByStatus,
  ordersPerQuarterHour,
  type SoldRow,
  type StatusRow,
  soldTickets,
} from "./sales-data.js";

/** Tickets of one part of an event; capacity and remaining as capacity.ts defines them (null: no limit). */
export interface Figures {
  paid: number;
  pending: number;
  checkedIn: number;
  capacity: number | null;
  remaining: number | null;
}

export interface TypeSales extends Figures {
  ticketTypeId: number;
  name: string;
}

export interface DateSales extends Figures {
  /** null: tickets booked without a date (a single event sells them so). */
  dateId: number | null;
  name: string | null;
  startsAt: string | null;
  types: TypeSales[];
}

export interface SalesFigures {
  totals: Figures;
  dates: DateSales[];
  ticketTypes: (TypeSales & { priceMinor: number })[];
  quotas: {
    id: number;
    name: string;
    dateId: number | null;
    ticketTypeIds: number[];
    size: number;
    taken: number;
    remaining: number;
  }[];
}

export interface SalesSummary extends SalesFigures {
  event: { id: number; slug: string; name: string; currency: string; timeZone: string };
  money: { revenueMinor: number; pendingMinor: number };
  orders: Record<OrderStatus, number>;
  days: DaySales[];
}

const figures = (paid: number, pending: number, checked: number, remaining: number | null): Figures => ({
  paid,
  pending,
  checkedIn: checked,
  remaining,
  capacity: remaining === null ? null : paid + pending + remaining,
});

/** Sold, held and admitted tickets per date and ticket type of one event, with what is left. */
export function salesFigures(
  event: { id: number; kind: string },
  catalog: CatalogRows,
  sold: readonly SoldRow[],
  checkins: readonly CheckinRow[] = [],
): SalesFigures {
  const dates = catalog.dates.filter((d) => d.event_id === event.id);
  const types = catalog.types.filter((t) => t.event_id === event.id);
  const quotaRows = catalog.quotas.filter((q) => q.event_id === event.id);
  const quotas: QuotaPlaces[] = quotaRows.map((q) => ({ ...q, dateId: q.date_id }));
  const mine = sold.filter((s) => s.eventId === event.id);
  const tally = (cell: Cell, status: "paid" | "pending") =>
    mine
      .filter((s) => s.status === status && s.dateId === cell.dateId && s.ticketTypeId === cell.ticketTypeId)
      .reduce((sum, s) => sum + s.tickets, 0);
  const admitted = (cell: Cell) =>
    checkins.find((c) => c.dateId === cell.dateId && c.ticketTypeId === cell.ticketTypeId)?.tickets ?? 0;

  const undated = mine.some((s) => s.dateId === null) || (dates.length === 0 && event.kind === "single");
  const slots = [
    ...dates.map((d) => ({
      dateId: d.id as number | null,
      name: d.name,
      startsAt: d.starts_at as string | null,
    })),
    ...(undated ? [{ dateId: null, name: null, startsAt: null }] : []),
  ];
  const sum = (parts: Figures[], cells: Cell[]) =>
    figures(
      parts.reduce((n, p) => n + p.paid, 0),
      parts.reduce((n, p) => n + p.pending, 0),
      parts.reduce((n, p) => n + p.checkedIn, 0),
      remainingOf(quotas, cells),
    );

  const dateRows: DateSales[] = slots.map((slot) => {
    const cells = types.map((t) => ({ dateId: slot.dateId, ticketTypeId: t.id }));
    const typeRows = types.map((t, i) => {
      const cell = cells[i] as Cell;
      return {
        ticketTypeId: t.id,
        name: t.name,
        ...figures(tally(cell, "paid"), tally(cell, "pending"), admitted(cell), cellRemaining(quotas, cell)),
      };
    });
    return { ...slot, ...sum(typeRows, cells), types: typeRows };
  });
  const allCells = slots.flatMap((s) => types.map((t) => ({ dateId: s.dateId, ticketTypeId: t.id })));
  return {
    totals: sum(dateRows, allCells),
    dates: dateRows,
    ticketTypes: types.map((t) => {
      const perDate = dateRows.flatMap((d) => d.types.filter((x) => x.ticketTypeId === t.id));
      const cells = slots.map((s) => ({ dateId: s.dateId, ticketTypeId: t.id }));
      return { ticketTypeId: t.id, name: t.name, priceMinor: t.price_minor, ...sum(perDate, cells) };
    }),
    quotas: quotaRows.map((q) => ({
      id: q.id,
      name: q.name,
      dateId: q.date_id,
      ticketTypeIds: q.ticketTypeIds,
      size: q.size,
      taken: q.taken,
      remaining: Math.max(0, q.size - q.taken),
    })),
  };
}

/** Orders per status of one event, and its paid revenue and the amount still pending. */
export function orderFigures(eventId: number, rows: readonly StatusRow[]) {
  const orders: Record<OrderStatus, number> = { paid: 0, pending: 0, cancelled: 0, expired: 0, opposed: 0 };
  const money = { revenueMinor: 0, pendingMinor: 0 };
  for (const r of rows) {
    if (r.eventId !== eventId) continue;
    orders[r.status] = r.orders;
    if (r.status === "paid") money.revenueMinor = r.amountMinor;
    if (r.status === "pending") money.pendingMinor = r.amountMinor;
  }
  return { orders, money };
}

export interface SummaryOptions {
  /** The platform's TIME_ZONE, for events and organizers without a zone of their own. */
  platformZone: string;
  /** How many calendar days the per-day figures cover, today included (default 30). */
  days?: number;
  now?: Date;
}

/** Everything the event's dashboard and the summary API show; view level on the event. */
export async function salesSummary(
  db: Db,
  actor: Actor,
  event: EventRow,
  options: SummaryOptions,
): Promise<SalesSummary> {
  authorize(actor, "event.view", { type: "event", organizerId: event.organizer_id, eventId: event.id });
  const organizer = await db.kysely
    .selectFrom("organizers")
    .select("time_zone")
    .where("id", "=", event.organizer_id)
    .executeTakeFirst();
  const timeZone = eventTimeZone(event, organizer, options.platformZone);
  const days = lastDays(options.now ?? new Date(), timeZone, options.days ?? 30);
  const [catalog, sold, statuses, checkins, quarters] = await Promise.all([
    catalogOf(db, [event.id]),
    soldTickets(db, [event.id]),
    ordersByStatus(db, [event.id]),
    checkedIn(db, event.id),
    ordersPerQuarterHour(db, event.id, dayStart(days[0] as string, timeZone)),
  ]);
  return {
    event: { id: event.id, slug: event.slug, name: event.name, currency: event.currency, timeZone },
    ...salesFigures(event, catalog, sold, checkins),
    ...orderFigures(event.id, statuses),
    days: sumByDay(days, timeZone, quarters),
  };
}
