import type { Db } from "../../platform/db/index.js";
import { type LogReader, orderLogFor } from "../audit/order-log-presenter.js";
import { venueOf } from "../events/venue.js";
import type { LoadedOrder } from "./queries.js";

/**
 * A ticket's price as booked: what was paid and, when a voucher lowered it, what it would have cost
 * (both as shown at booking time, options included; never recomputed from today's catalog).
 */
export function positionPrice(p: Pick<LoadedOrder["positions"][number], "price_minor" | "list_price_minor">) {
  const list = p.list_price_minor ?? p.price_minor;
  return { paidMinor: p.price_minor, listMinor: list, discounted: list > p.price_minor };
}

/** The voucher code the order was booked with (codes never change once created); null: none. */
export async function orderVoucherCode(
  db: Db,
  order: Pick<LoadedOrder, "voucher_id">,
): Promise<string | null> {
  if (order.voucher_id === null) return null;
  const row = await db.kysely
    .selectFrom("vouchers")
    .select("code")
    .where("id", "=", order.voucher_id)
    .executeTakeFirst();
  return row?.code ?? null;
}

/** How much the voucher took off the whole order, from the prices kept at booking. */
export const orderDiscountMinor = (order: Pick<LoadedOrder, "positions">) =>
  order.positions.reduce((sum, p) => {
    const price = positionPrice(p);
    return sum + (price.listMinor - price.paidMinor);
  }, 0);

/**
 * Where the order's tickets take place: one venue for all (said once), or, for a series on tour, each
 * ticket's own. Dates come with their own venue (null: the event's).
 */
export function orderVenues(
  event: { venue: string },
  dates: { id: number; venue?: string | null }[],
  order: Pick<LoadedOrder, "positions">,
) {
  const byPosition = new Map(
    order.positions.map(
      (p) =>
        [
          p.id,
          venueOf(
            event,
            dates.find((d) => d.id === p.date_id),
          ),
        ] as const,
    ),
  );
  const distinct = new Set(byPosition.values());
  return { single: distinct.size === 1 ? ([...distinct][0] ?? "") : undefined, byPosition };
}

/** What an order page shows beyond the order row: where, which voucher, and the log as sentences. */
export async function orderReading(
  db: Db,
  order: LoadedOrder,
  event: { venue: string },
  dates: { id: number; venue?: string | null }[],
  reader: Omit<LogReader, "currency" | "buyerUserId">,
) {
  const [voucherCode, log] = await Promise.all([
    orderVoucherCode(db, order),
    orderLogFor(db, order.id, { ...reader, currency: order.currency, buyerUserId: order.user_id }),
  ]);
  return { voucherCode, log, venues: orderVenues(event, dates, order) };
}
