import { dayIn, wallClockToIso } from "../../platform/http/dates.js";

/**
 * Sales per calendar day in the event's time zone. SQLite has no time zones, so the database groups
 * orders by UTC quarter-hour (a prefix of the ISO text and the minute divided by 15, the same on both
 * databases) and we add those up per local day here. Every zone offset in use is a whole number of
 * quarter-hours (Kathmandu +5:45, Chatham +12:45), so a local midnight always falls on a quarter-hour
 * boundary and no quarter-hour straddles two days. At most 96 rows a day reach us, however many orders.
 */
export interface QuarterHour {
  /** ISO instant the quarter-hour starts at. */
  start: string;
  orders: number;
  tickets: number;
}

export interface DaySales {
  /** YYYY-MM-DD in the event's zone. */
  day: string;
  orders: number;
  tickets: number;
}

const DAY_MS = 86_400_000;

/** The last `count` calendar days in a zone, oldest first, today (at `now`) last. */
export function lastDays(now: Date, timeZone: string, count: number): string[] {
  const today = Date.parse(`${dayIn(now.toISOString(), timeZone)}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) =>
    new Date(today - (count - 1 - i) * DAY_MS).toISOString().slice(0, 10),
  );
}

/** The instant a local calendar day begins (ISO UTC). */
export function dayStart(day: string, timeZone: string): string {
  return wallClockToIso(`${day}T00:00`, timeZone) ?? `${day}T00:00:00.000Z`;
}

/** The day after a YYYY-MM-DD. */
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

/** Adds quarter-hours up per local day; those outside the days are ignored; every day is listed. */
export function sumByDay(
  days: readonly string[],
  timeZone: string,
  quarters: readonly QuarterHour[],
): DaySales[] {
  const out = days.map((day) => ({ day, orders: 0, tickets: 0 }));
  if (out.length === 0) return out;
  const starts = days.map((d) => Date.parse(dayStart(d, timeZone)));
  const end = Date.parse(dayStart(nextDay(days[days.length - 1] as string), timeZone));
  for (const q of quarters) {
    const at = Date.parse(q.start);
    if (at < (starts[0] as number) || at >= end) continue;
    let i = starts.length - 1;
    while ((starts[i] as number) > at) i--;
    const day = out[i] as DaySales;
    day.orders += q.orders;
    day.tickets += q.tickets;
  }
  return out;
}
