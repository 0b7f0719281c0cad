import type { Actor } from "../../platform/auth/actor.js";
import { authorize } from "../../platform/auth/policy.js";
import type { Db } from "../../platform/db/index.js";
import { domainError } from "../../platform/errors.js";
import { isoNow } from "../../platform/time.js";
import { anonymousLabel } from "../orders/anonymous.js";
import { removeLeftovers, scrubBookings, scrubGuests, scrubOrders } from "./anonymize.js";

const DAY_MS = 86_400_000;
/** Orders per transaction: keeps SQLite's single writer free for the shop between batches. */
const BATCH = 200;

export async function setRetention(db: Db, actor: Actor, organizerId: number, days: unknown) {
  authorize(actor, "organizer.manage", { type: "organizer", organizerId });
  const value = days === null || days === undefined || days === "" ? null : Number(days);
  if (value !== null && (!Number.isInteger(value) || value < 0 || value > 36_500))
    throw domainError("validation_failed", "Retention is a whole number of days (0 to 36500) or empty", 400, {
      problems: [{ field: "days", message: "a whole number of days from 0 to 36500, or empty" }],
    });
  await db.kysely
    .updateTable("organizers")
    .set({ retention_days: value })
    .where("id", "=", organizerId)
    .execute();
  return value;
}

export interface ScheduleEntry {
  event_id: number;
  event: string;
  /** End of the event's last date. */
  last_date_ends: string;
  /** When its orders are (or were due to be) anonymized. */
  anonymize_at: string;
  /** Orders still holding personal data. */
  orders: number;
}

/** The organizer's retention period and its schedule, for the admin page and the API. */
export async function retentionOf(db: Db, organizerId: number) {
  const organizer = await db.kysely
    .selectFrom("organizers")
    .select("retention_days")
    .where("id", "=", organizerId)
    .executeTakeFirstOrThrow();
  return { days: organizer.retention_days, schedule: await retentionSchedule(db, organizerId) };
}

/** Per event of the organizer: when its orders will be anonymized, and how many are left. */
export async function retentionSchedule(db: Db, organizerId: number): Promise<ScheduleEntry[]> {
  const organizer = await db.kysely
    .selectFrom("organizers")
    .select("retention_days")
    .where("id", "=", organizerId)
    .executeTakeFirstOrThrow();
  if (organizer.retention_days === null) return [];
  const days = organizer.retention_days;
  const rows = await db.kysely
    .selectFrom("events as e")
    .innerJoin("event_dates as d", "d.event_id", "e.id")
    .select(["e.id", "e.name", "d.starts_at", "d.ends_at"])
    .where("e.organizer_id", "=", organizerId)
    .execute();
  const lastEnd = new Map<number, { name: string; end: string }>();
  for (const r of rows) {
    const end = r.ends_at ?? r.starts_at;
    const seen = lastEnd.get(r.id);
    if (!seen || end > seen.end) lastEnd.set(r.id, { name: r.name, end });
  }
  if (lastEnd.size === 0) return [];
  const counts = await db.kysely
    .selectFrom("orders")
    .select(["event_id", (eb) => eb.fn.countAll().as("n")])
    .where("event_id", "in", [...lastEnd.keys()])
    .where("anonymized_at", "is", null)
    .groupBy("event_id")
    .execute();
  return counts
    .map((c) => {
      const event = lastEnd.get(c.event_id) ?? { name: "", end: "" };
      return {
        event_id: c.event_id,
        event: event.name,
        last_date_ends: event.end,
        anonymize_at: new Date(Date.parse(event.end) + days * DAY_MS).toISOString(),
        orders: Number(c.n),
      };
    })
    .sort((a, b) => a.anonymize_at.localeCompare(b.anonymize_at));
}

/**
 * The background sweep: orders of events past their organizer's retention period lose their personal
 * data (buyer e-mail, every ticket's attendee name and answers, files). Amounts, statuses, payments and
 * check-ins stay. Guests of forms departed before the period and experience bookings of events past it
 * lose their names and e-mails too. Returns how many orders were anonymized.
 */
export async function anonymizeExpiredOrders(db: Db, dataDir: string, now = new Date()): Promise<number> {
  const organizers = await db.kysely
    .selectFrom("organizers")
    .select(["id", "retention_days"])
    .where("retention_days", "is not", null)
    .execute();
  let total = 0;
  for (const organizer of organizers) {
    const cutoff = new Date(now.getTime() - (organizer.retention_days ?? 0) * DAY_MS);
    await anonymizeExpiredGuests(db, organizer.id, cutoff);
    await anonymizeExpiredBookings(db, organizer.id, cutoff);
    const due = (await retentionSchedule(db, organizer.id)).filter(
      (e) => Date.parse(e.anonymize_at) <= now.getTime(),
    );
    for (const event of due) {
      for (;;) {
        const done = await anonymizeBatch(db, dataDir, event.event_id);
        total += done;
        if (done < BATCH) break;
      }
    }
  }
  return total;
}

/**
 * Guest cards (seed 001): guests of the organizer's municipalities whose form's departure date lies
 * before `cutoff` (now minus the retention period) lose their names and e-mail.
 */
async function anonymizeExpiredGuests(db: Db, organizerId: number, cutoff: Date) {
  const label = anonymousLabel("de");
  const guests = await db.kysely
    .selectFrom("guests as g")
    .innerJoin("registration_forms as f", "f.id", "g.form_id")
    .innerJoin("municipalities as m", "m.id", "f.municipality_id")
    .select("g.id")
    .where("m.organizer_id", "=", organizerId)
    .where("f.departure_date", "<", cutoff.toISOString().slice(0, 10))
    .where((eb) =>
      eb.or([eb("g.email", "!=", ""), eb("g.first_name", "!=", label), eb("g.last_name", "!=", label)]),
    )
    .orderBy("g.id")
    .execute();
  for (let i = 0; i < guests.length; i += BATCH) {
    const ids = guests.slice(i, i + BATCH).map((g) => g.id);
    await db.kysely.transaction().execute((trx) => scrubGuests(trx, ids));
  }
}

/**
 * Experience bookings (seed 002) of the organizer's events whose last date or last slot ended before
 * `cutoff` lose the guest's name and e-mail (the rows and counts stay).
 */
async function anonymizeExpiredBookings(db: Db, organizerId: number, cutoff: Date) {
  const events = (
    await db.kysely
      .selectFrom("experience_bookings as b")
      .innerJoin("events as e", "e.id", "b.event_id")
      .select("b.event_id")
      .distinct()
      .where("e.organizer_id", "=", organizerId)
      .where((eb) => eb.or([eb("b.name", "is not", null), eb("b.email", "is not", null)]))
      .execute()
  ).map((r) => r.event_id);
  if (events.length === 0) return;
  const [dates, slots] = await Promise.all([
    db.kysely
      .selectFrom("event_dates")
      .select(["event_id", "starts_at", "ends_at"])
      .where("event_id", "in", events)
      .execute(),
    db.kysely
      .selectFrom("experience_slots as s")
      .innerJoin("experiences as x", "x.id", "s.experience_id")
      .select(["x.event_id", "s.ends_at"])
      .where("x.event_id", "in", events)
      .execute(),
  ]);
  const lastEnd = new Map<number, string>();
  for (const d of [...dates, ...slots]) {
    const end = d.ends_at ?? ("starts_at" in d ? d.starts_at : "");
    if (end > (lastEnd.get(d.event_id) ?? "")) lastEnd.set(d.event_id, end);
  }
  const due = events.filter((id) => {
    const end = lastEnd.get(id);
    return end !== undefined && Date.parse(end) < cutoff.getTime();
  });
  if (due.length > 0) await db.kysely.transaction().execute((trx) => scrubBookings(trx, { eventIds: due }));
}

async function anonymizeBatch(db: Db, dataDir: string, eventId: number) {
  const { count, leftovers } = await db.kysely.transaction().execute(async (trx) => {
    const orders = await trx
      .selectFrom("orders")
      .select("id")
      .where("event_id", "=", eventId)
      .where("anonymized_at", "is", null)
      .orderBy("id")
      .limit(BATCH)
      .execute();
    const orderIds = orders.map((o) => o.id);
    if (orderIds.length === 0) return { count: 0, leftovers: { files: [] } };
    const positions = await trx
      .selectFrom("order_positions")
      .select("id")
      .where("order_id", "in", orderIds)
      .execute();
    const leftovers = await scrubOrders(
      trx,
      { orderIds, positionIds: positions.map((p) => p.id) },
      dataDir,
      isoNow(),
    );
    return { count: orderIds.length, leftovers };
  });
  await removeLeftovers(leftovers);
  return count;
}

/** For the worker's sweeps: runs the retention pass at most every `everyMs` (default 10 minutes). */
export function retentionSweep(db: Db, dataDir: string, everyMs = 10 * 60_000) {
  let last = 0;
  return async () => {
    if (Date.now() - last < everyMs) return 0;
    last = Date.now();
    return anonymizeExpiredOrders(db, dataDir);
  };
}
