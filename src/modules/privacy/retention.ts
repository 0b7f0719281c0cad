import type { Actor } from "../../platform/auth/actor.js";
import { authorize } from "../../platform/auth/policy.js";
import type { Db } from "../../platform/db/index.js";
import { domainError } from "../../platform/errors.js";
import { isoNow } from "../../platform/time.js";
import { removeLeftovers, scrubOrders } from "./anonymize.js";

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
 * check-ins stay. Returns how many orders were anonymized.
 */
export async function anonymizeExpiredOrders(db: Db, dataDir: string, now = new Date()): Promise<number> {
  const organizers = await db.kysely
    .selectFrom("organizers")
    .select("id")
    .where("retention_days", "is not", null)
    .execute();
  let total = 0;
  for (const organizer of organizers) {
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
