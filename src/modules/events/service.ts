import type { Selectable } from "kysely";
import type { Actor } from "../../platform/auth/actor.js";
import { authorize } from "../../platform/auth/policy.js";
import { type Db, unlessDuplicate } from "../../platform/db/index.js";
import { prepared } from "../../platform/db/prepared.js";
import type { EventsTable } from "../../platform/db/schema.js";
import { notFound } from "../../platform/errors.js";
import { changedTranslations, checkTranslations } from "../../platform/i18n/texts.js";
import { isoNow } from "../../platform/time.js";
import { Checker } from "../../platform/validation.js";
import { type Organizer, slugTaken } from "../organizers/service.js";
import { newEventSlug } from "../organizers/slugs.js";
import { checkMetadata, type DateInput, isoInstant, truthy } from "./dates.js";
import { DATE_TEXTS, EVENT_TEXTS } from "./texts.js";
import { isTimeZone } from "./time-zone.js";
import { checkVenue } from "./venue.js";

export interface CreateEventInput {
  slug?: unknown;
  name?: unknown;
  /** The API's word; `kind` ("single" | "series") is accepted as well. */
  is_series?: unknown;
  kind?: unknown;
  currency?: unknown;
  visibility?: unknown;
  one_order_per_person?: unknown;
  pending_minutes?: unknown;
  sponsorship_limit?: unknown;
  /** Name and address, a few lines. */
  venue?: unknown;
}

export async function createEvent(db: Db, actor: Actor, organizer: Organizer, input: CreateEventInput) {
  authorize(actor, "event.manage", { type: "event", organizerId: organizer.id, eventId: null });
  const check = new Checker();
  // Left empty, the slug is made from the name (organizers/slugs.ts).
  const slug = await newEventSlug(db, check, organizer.id, input);
  const name = check.text("name", input.name, { max: 200 });
  const kind =
    input.is_series !== undefined
      ? truthy(input.is_series)
        ? "series"
        : "single"
      : check.oneOf("kind", input.kind ?? "single", ["single", "series"] as const);
  const currency =
    typeof input.currency === "string" && input.currency !== "" ? input.currency.toUpperCase() : "EUR";
  if (!/^[A-Z]{3}$/.test(currency))
    check.problems.push({ field: "currency", message: "must be an ISO 4217 code like EUR" });
  const visibility = check.oneOf("visibility", input.visibility ?? "public", [
    "public",
    "unlisted",
    "audience",
  ] as const);
  const pendingMinutes = check.optionalInt("pending_minutes", input.pending_minutes, 1, 60 * 24 * 30) ?? 30;
  const sponsorshipLimit = check.optionalInt("sponsorship_limit", input.sponsorship_limit, 0, 1000) ?? 1;
  const venue = checkVenue(check, "venue", input.venue);
  check.done();
  // The event starts out in its organizer's zone and keeps it, even if the organizer moves later.
  const home = await db.kysely
    .selectFrom("organizers")
    .select("time_zone")
    .where("id", "=", organizer.id)
    .executeTakeFirst();
  return unlessDuplicate(
    () =>
      db.kysely
        .insertInto("events")
        .values({
          organizer_id: organizer.id,
          slug,
          name,
          kind,
          currency,
          visibility,
          time_zone: home?.time_zone ?? null,
          // Restricted events usually want one booking per person; the organizer can still choose.
          one_order_per_person:
            input.one_order_per_person === undefined
              ? visibility === "audience"
                ? 1
                : 0
              : truthy(input.one_order_per_person)
                ? 1
                : 0,
          pending_minutes: pendingMinutes,
          sponsorship_limit: sponsorshipLimit,
          venue,
          created_at: isoNow(),
        })
        .returningAll()
        .executeTakeFirstOrThrow(),
    () => slugTaken(slug),
  );
}

export type EventRow = Selectable<EventsTable>;

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

export async function addDate(db: Db, actor: Actor, event: EventRow, input: DateInput) {
  authorize(actor, "event.manage", { type: "event", organizerId: event.organizer_id, eventId: event.id });
  const check = new Checker();
  const startsAt = isoInstant(check, "starts_at", input.starts_at, true);
  const endsAt = isoInstant(check, "ends_at", input.ends_at, false);
  const location = check.optionalText("location", input.location, 200);
  const name = check.optionalText("name", input.name, 200);
  const venue = checkVenue(check, "venue", input.venue) || null;
  const metadata = checkMetadata(check, input.meta ?? input.metadata ?? {});
  const translations = checkTranslations(check, input.translations, DATE_TEXTS) ?? null;
  if (startsAt && endsAt && endsAt < startsAt)
    check.problem("ends_at", "after", "must not be before starts_at", { other: "starts_at" });
  check.done();
  const row = await db.kysely
    .insertInto("event_dates")
    .values({
      event_id: event.id,
      name,
      requires_voucher: truthy(input.requires_voucher) ? 1 : 0,
      starts_at: startsAt!,
      ends_at: endsAt,
      location,
      venue,
      metadata: JSON.stringify(metadata),
      translations,
      created_at: isoNow(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...row, metadata };
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

/** For the shop and the booking API: any event reachable by its link (audience events check later). */
// Every shop, checkout, admin and door request names its event by slugs: compiled once (platform/db/prepared.ts).
export const eventBySlugs = prepared((db, organizer: string, event: string) =>
  db
    .selectFrom("events as e")
    .innerJoin("organizers as o", "o.id", "e.organizer_id")
    .selectAll("e")
    .where("o.slug", "=", organizer)
    .where("e.slug", "=", event),
);

export async function findBookableEvent(db: Db, organizerSlug: string, eventSlug: string): Promise<EventRow> {
  const event = await eventBySlugs.first(db.kysely, organizerSlug, eventSlug);
  if (!event) throw notFound("Event");
  return event;
}

export interface EventSettingsInput {
  name?: unknown;
  visibility?: unknown;
  one_order_per_person?: unknown;
  pending_minutes?: unknown;
  sponsorship_limit?: unknown;
  /** An IANA zone the event's dates are entered and shown in; null or "": its organizer's. */
  time_zone?: unknown;
  /** Name and description per language; replaces what is stored, null clears, absent keeps. */
  translations?: unknown;
  /** On: orders placed from now on are test orders (orders/test-mode.ts). Off deletes nothing. */
  test_mode?: unknown;
  /** Name and address, a few lines; "" or null: none. */
  venue?: unknown;
}

/** Settings that may change at any time (the kind, slug and currency are fixed once created). */
export async function updateEventSettings(
  db: Db,
  actor: Actor,
  event: EventRow,
  input: EventSettingsInput,
): Promise<EventRow> {
  authorize(actor, "event.manage", { type: "event", organizerId: event.organizer_id, eventId: event.id });
  const check = new Checker();
  const name = input.name === undefined ? event.name : check.text("name", input.name, { max: 200 });
  const visibility =
    input.visibility === undefined
      ? event.visibility
      : check.oneOf("visibility", input.visibility, ["public", "unlisted", "audience"] as const);
  const pendingMinutes =
    input.pending_minutes === undefined
      ? event.pending_minutes
      : (check.optionalInt("pending_minutes", input.pending_minutes, 1, 60 * 24 * 30) ??
        event.pending_minutes);
  const sponsorshipLimit =
    input.sponsorship_limit === undefined
      ? event.sponsorship_limit
      : (check.optionalInt("sponsorship_limit", input.sponsorship_limit, 0, 1000) ?? event.sponsorship_limit);
  const onePerPerson =
    input.one_order_per_person === undefined
      ? event.one_order_per_person
      : truthy(input.one_order_per_person)
        ? 1
        : 0;
  const timeZone = input.time_zone === undefined ? event.time_zone : checkZone(check, input.time_zone);
  const translations = changedTranslations(check, input.translations, EVENT_TEXTS, event.translations);
  const venue = input.venue === undefined ? event.venue : checkVenue(check, "venue", input.venue);
  check.done();
  return db.kysely
    .updateTable("events")
    .set({
      name,
      time_zone: timeZone,
      translations,
      venue,
      visibility,
      pending_minutes: pendingMinutes,
      one_order_per_person: onePerPerson,
      sponsorship_limit: sponsorshipLimit,
      test_mode: input.test_mode === undefined ? event.test_mode : truthy(input.test_mode) ? 1 : 0,
    })
    .where("id", "=", event.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

function checkZone(check: Checker, value: unknown): string | null {
  if (value === null || value === "") return null;
  if (typeof value === "string" && isTimeZone(value)) return value;
  check.problem("time_zone", "time_zone", "must be an IANA time zone like Europe/Berlin");
  return null;
}
