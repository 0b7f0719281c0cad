import { formatMoney } from "../../platform/money.js";
import type { Figures, SalesSummary } from "./sales-summary.js";

const presentFigures = (f: Figures) => ({
  paid: f.paid,
  pending: f.pending,
  checked_in: f.checkedIn,
  capacity: f.capacity,
  remaining: f.remaining,
});

/** The summary as the API speaks: snake_case, money as decimal strings in the event's currency. */
export function presentSummary(s: SalesSummary) {
  return {
    event: {
      slug: s.event.slug,
      name: s.event.name,
      currency: s.event.currency,
      time_zone: s.event.timeZone,
    },
    tickets: presentFigures(s.totals),
    revenue: formatMoney(s.money.revenueMinor),
    pending_amount: formatMoney(s.money.pendingMinor),
    orders: s.orders,
    dates: s.dates.map((d) => ({
      id: d.dateId,
      name: d.name,
      starts_at: d.startsAt,
      ...presentFigures(d),
      ticket_types: d.types.map((t) => ({ id: t.ticketTypeId, name: t.name, ...presentFigures(t) })),
    })),
    ticket_types: s.ticketTypes.map((t) => ({
      id: t.ticketTypeId,
      name: t.name,
      price: formatMoney(t.priceMinor),
      ...presentFigures(t),
    })),
    quotas: s.quotas.map((q) => ({
      id: q.id,
      name: q.name,
      date: q.dateId,
      ticket_types: q.ticketTypeIds,
      size: q.size,
      taken: q.taken,
      remaining: q.remaining,
    })),
    days: s.days.map((d) => ({ date: d.day, orders: d.orders, tickets: d.tickets })),
  };
}
