import type { Actor } from "../../platform/auth/actor.js";
import { authorize } from "../../platform/auth/policy.js";
import { type Db, unlessDuplicate } from "../../platform/db/index.js";
import { notFound } from "../../platform/errors.js";
import { isoNow } from "../../platform/time.js";
import { Checker } from "../../platform/validation.js";
import { type Organizer, slugTaken } from "../organizers/service.js";

// The foundation's slice of events: enough for permissions (per-event grants), the demo and a public
// list of upcoming dates. The ticketing core extends this module.

export async function createEvent(
  db: Db,
  actor: Actor,
  organizer: Organizer,
  input: { slug?: unknown; name?: unknown; kind?: unknown },
) {
  authorize(actor, "event.manage", { type: "event", organizerId: organizer.id, eventId: null });
  const check = new Checker();
  const slug = check.slug("slug", input.slug);
  const name = check.text("name", input.name, { max: 200 });
  const kind = check.oneOf("kind", input.kind ?? "single", ["single", "series"] as const);
  check.done();
  return unlessDuplicate(
    () =>
      db.kysely
        .insertInto("events")
        .values({ organizer_id: organizer.id, slug, name, kind, created_at: isoNow() })
        .returningAll()
        .executeTakeFirstOrThrow(),
    () => slugTaken(slug),
  );
}

function isoInstant(check: Checker, field: string, value: unknown, required: boolean): string | null {
  if (!required && (value === undefined || value === null || value === "")) return null;
  const parsed = typeof value === "string" ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(parsed)) {
    check.problems.push({ field, message: "must be an ISO 8601 date-time" });
    return null;
  }
  return new Date(parsed).toISOString();
}

export interface EventRow {
  id: number;
  organizer_id: number;
  slug: string;
  name: string;
  kind: "single" | "series";
  created_at: string;
}

export async function findEvent(db: Db, actor: Actor, organizer: Organizer, slug: string): Promise<EventRow> {
  const event = await db.kysely
    .selectFrom("events")
    .selectAll()
    .where("organizer_id", "=", organizer.id)
    .where("slug", "=", slug)
    .executeTakeFirst();
  if (!event) throw notFound("Event");
  authorize(actor, "event.view", { type: "event", organizerId: organizer.id, eventId: event.id });
  return event;
}

export async function listDates(db: Db, event: EventRow) {
  const rows = await db.kysely
    .selectFrom("event_dates")
    .selectAll()
    .where("event_id", "=", event.id)
    .orderBy("starts_at")
    .execute();
  return rows.map((d) => ({ ...d, metadata: JSON.parse(d.metadata) as Record<string, string> }));
}

export async function addDate(
  db: Db,
  actor: Actor,
  event: EventRow,
  input: { starts_at?: unknown; ends_at?: unknown; location?: unknown; metadata?: unknown },
) {
  authorize(actor, "event.manage", { type: "event", organizerId: event.organizer_id, eventId: event.id });
  const check = new Checker();
  const startsAt = isoInstant(check, "starts_at", input.starts_at, true);
  const endsAt = isoInstant(check, "ends_at", input.ends_at, false);
  const location = check.optionalText("location", input.location, 200);
  const metadata = input.metadata ?? {};
  if (
    typeof metadata !== "object" ||
    Array.isArray(metadata) ||
    Object.values(metadata).some((v) => typeof v !== "string")
  ) {
    check.problems.push({ field: "metadata", message: "must be an object of text values" });
  }
  if (startsAt && endsAt && endsAt < startsAt)
    check.problems.push({ field: "ends_at", message: "must not be before starts_at" });
  check.done();
  const row = await db.kysely
    .insertInto("event_dates")
    .values({
      event_id: event.id,
      starts_at: startsAt!,
      ends_at: endsAt,
      location,
      metadata: JSON.stringify(metadata),
      created_at: isoNow(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...row, metadata: metadata as Record<string, string> };
}

export async function listEvents(db: Db, actor: Actor, organizer: Organizer) {
  authorize(actor, "organizer.view", { type: "organizer", organizerId: organizer.id });
  return db.kysely
    .selectFrom("events")
    .selectAll()
    .where("organizer_id", "=", organizer.id)
    .orderBy("name")
    .execute();
}

/** The home page's list: the next dates across all organizers. */
export async function upcomingDates(db: Db, limit = 20) {
  return db.kysely
    .selectFrom("event_dates as d")
    .innerJoin("events as e", "e.id", "d.event_id")
    .innerJoin("organizers as o", "o.id", "e.organizer_id")
    .select([
      "d.id",
      "d.starts_at",
      "d.ends_at",
      "d.location",
      "e.name as event_name",
      "o.name as organizer_name",
    ])
    .where("d.starts_at", ">=", isoNow())
    .orderBy("d.starts_at")
    .limit(limit)
    .execute();
}
