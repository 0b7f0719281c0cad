import type { Actor } from "../../platform/auth/actor.js";
import { authorize } from "../../platform/auth/policy.js";
import type { Db, DbHandle } from "../../platform/db/index.js";
import { wallClockToIso } from "../../platform/http/dates.js";
import { isoNow } from "../../platform/time.js";
import { Checker } from "../../platform/validation.js";
import { truthy } from "./dates.js";
import type { EventRow } from "./service.js";

/**
 * "Every Thursday 20:00 from … to …": a weekly rule turned into dates. Times are wall-clock times in
 * the event's zone, so 20:00 stays 20:00 on both sides of a daylight-saving change; a duration is
 * real elapsed time, an end time is again a wall-clock time (the next day when it is not after the
 * start). Dates the event already has at the very same instant are skipped, so running a rule twice
 * adds nothing.
 */
export interface RecurrenceInput {
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  weekdays?: unknown;
  /** HH:MM, local to the event. */
  time?: unknown;
  /** HH:MM, local; alternative to duration_minutes. */
  end_time?: unknown;
  duration_minutes?: unknown;
  /** YYYY-MM-DD, both inclusive. */
  from?: unknown;
  until?: unknown;
  name?: unknown;
  location?: unknown;
  requires_voucher?: unknown;
}

/** One call creates at most this many dates: a typo in a year must not fill the calendar for decades. */
export const MAX_RECURRING_DATES = 500;

export interface PlannedDate {
  starts_at: string;
  ends_at: string | null;
  name: string | null;
  location: string | null;
  requires_voucher: 0 | 1;
}

const DAY_MS = 86_400_000;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function checkDay(check: Checker, field: string, value: unknown): number | null {
  const match = typeof value === "string" ? DAY.exec(value) : null;
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  // Date.UTC rolls 2031-02-30 over into March: only a day that reads back the same is real.
  if (!match || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) {
    check.problem(field, "date", "must be a date like 2031-03-06");
    return null;
  }
  return ms;
}

function checkTime(check: Checker, field: string, value: unknown): string | null {
  if (typeof value === "string" && TIME.test(value)) return value;
  check.problem(field, "time", "must be a time like 20:00");
  return null;
}

function checkWeekdays(check: Checker, value: unknown): Set<number> {
  const list = ([] as unknown[]).concat(value ?? []).map(Number);
  if (list.length === 0 || list.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
    check.problem("weekdays", "weekdays", "must list weekdays from 1 (Monday) to 7 (Sunday)");
    return new Set();
  }
  return new Set(list);
}

/** The dates a rule stands for, in the given zone; throws validation_failed for a bad or oversized rule. */
export function planRecurringDates(input: RecurrenceInput, timeZone: string): PlannedDate[] {
  const check = new Checker();
  const weekdays = checkWeekdays(check, input.weekdays);
  const time = checkTime(check, "time", input.time);
  const from = checkDay(check, "from", input.from);
  const until = checkDay(check, "until", input.until);
  const hasEnd = input.end_time !== undefined && input.end_time !== null && input.end_time !== "";
  const endTime = hasEnd ? checkTime(check, "end_time", input.end_time) : null;
  const duration = check.optionalInt("duration_minutes", input.duration_minutes, 1, 7 * 24 * 60);
  if (hasEnd && duration !== null)
    check.problem("duration_minutes", "end_or_duration", "give either an end time or a duration");
  const name = check.optionalText("name", input.name, 200);
  const location = check.optionalText("location", input.location, 200);
  if (from !== null && until !== null && until < from)
    check.problem("until", "after", "must not be before from", { other: "from" });
  check.done();

  const planned: PlannedDate[] = [];
  const requiresVoucher = truthy(input.requires_voucher) ? 1 : 0;
  // Walking whole UTC days names each calendar day once; the zone only enters with the wall clock.
  for (let day = from as number; day <= (until as number); day += DAY_MS) {
    const weekday = ((new Date(day).getUTCDay() + 6) % 7) + 1;
    if (!weekdays.has(weekday)) continue;
    if (planned.length === MAX_RECURRING_DATES) {
      check.problem(
        "until",
        "too_many_dates",
        `the rule makes more than ${MAX_RECURRING_DATES} dates; create them in several steps`,
        { max: MAX_RECURRING_DATES },
      );
      check.done();
    }
    const date = new Date(day).toISOString().slice(0, 10);
    const startsAt = wallClockToIso(`${date}T${time}`, timeZone) as string;
    let endsAt: string | null = null;
    if (endTime !== null) {
      const endDay = endTime > (time as string) ? date : new Date(day + DAY_MS).toISOString().slice(0, 10);
      endsAt = wallClockToIso(`${endDay}T${endTime}`, timeZone) as string;
    } else if (duration !== null) {
      endsAt = new Date(Date.parse(startsAt) + duration * 60_000).toISOString();
    }
    planned.push({ starts_at: startsAt, ends_at: endsAt, name, location, requires_voucher: requiresVoucher });
  }
  if (planned.length === 0) {
    check.problem("weekdays", "no_dates", "none of these weekdays falls between from and until");
    check.done();
  }
  return planned;
}

async function split(db: DbHandle, event: EventRow, planned: PlannedDate[]) {
  const existing = await db
    .selectFrom("event_dates")
    .select("starts_at")
    .where("event_id", "=", event.id)
    .where(
      "starts_at",
      "in",
      planned.map((p) => p.starts_at),
    )
    .execute();
  const taken = new Set(existing.map((e) => e.starts_at));
  return {
    fresh: planned.filter((p) => !taken.has(p.starts_at)),
    skipped: planned.filter((p) => taken.has(p.starts_at)),
  };
}

const resource = (event: EventRow) => ({
  type: "event" as const,
  organizerId: event.organizer_id,
  eventId: event.id,
});

/** What the rule would add, without saving anything. */
export async function previewRecurringDates(
  db: Db,
  actor: Actor,
  event: EventRow,
  input: RecurrenceInput,
  timeZone: string,
) {
  authorize(actor, "event.manage", resource(event));
  return split(db.kysely, event, planRecurringDates(input, timeZone));
}

/** Adds the rule's dates in one transaction: all of them or, on any failure, none. */
export async function createRecurringDates(
  db: Db,
  actor: Actor,
  event: EventRow,
  input: RecurrenceInput,
  timeZone: string,
) {
  authorize(actor, "event.manage", resource(event));
  const planned = planRecurringDates(input, timeZone);
  return db.kysely.transaction().execute(async (trx) => {
    const { fresh, skipped } = await split(trx, event, planned);
    if (fresh.length === 0) return { created: [], skipped };
    const now = isoNow();
    const rows = await trx
      .insertInto("event_dates")
      .values(fresh.map((p) => ({ ...p, event_id: event.id, metadata: "{}", created_at: now })))
      .returningAll()
      .execute();
    rows.sort((a, b) => a.starts_at.localeCompare(b.starts_at));
    return { created: rows.map((r) => ({ ...r, metadata: {} as Record<string, string> })), skipped };
  });
}
