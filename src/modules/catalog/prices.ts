import type { Db } from "../../platform/db/index.js";
import { isoNow } from "../../platform/time.js";
import type { TicketType } from "./service.js";

/** The price range a buyer without a voucher or a reserved audience can book now; max 0: free. */
export interface PriceSummary {
  min: number;
  max: number;
  currency: string;
}

type Priced = Pick<
  TicketType,
  "price_minor" | "restricted" | "requires_voucher" | "sales_start" | "sales_end"
>;

const forEveryone = (t: Priced, now: string) =>
  !t.restricted &&
  !t.requires_voucher &&
  (!t.sales_start || t.sales_start <= now) &&
  (!t.sales_end || t.sales_end > now);

/** "from €15" of an event: its ticket types on sale to the public now; null when there is none. */
export function priceSummary(types: Priced[], currency: string, now = isoNow()): PriceSummary | null {
  const prices = types.filter((t) => forEveryone(t, now)).map((t) => t.price_minor);
  if (prices.length === 0) return null;
  return { min: Math.min(...prices), max: Math.max(...prices), currency };
}

/** The summaries of several events at once (a start page): event id → summary, events without one left out. */
export async function priceSummaries(
  db: Db,
  events: { id: number; currency: string }[],
  now = isoNow(),
): Promise<Map<number, PriceSummary>> {
  const out = new Map<number, PriceSummary>();
  if (events.length === 0) return out;
  const types = await db.kysely
    .selectFrom("ticket_types")
    .select(["event_id", "price_minor", "restricted", "requires_voucher", "sales_start", "sales_end"])
    .where(
      "event_id",
      "in",
      events.map((e) => e.id),
    )
    .execute();
  for (const event of events) {
    const summary = priceSummary(
      types.filter((t) => t.event_id === event.id),
      event.currency,
      now,
    );
    if (summary) out.set(event.id, summary);
  }
  return out;
}
