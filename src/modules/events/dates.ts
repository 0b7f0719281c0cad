import type { Selectable } from "kysely";
import type { Actor } from "../../platform/auth/actor.js";
import { authorize } from "../../platform/auth/policy.js";
import { type Db, isForeignKeyViolation, toCount } from "../../platform/db/index.js";
import type { EventsTable } from "../../platform/db/schema.js";
import { domainError, notFound } from "../../platform/errors.js";
import { changedTranslations } from "../../platform/i18n/texts.js";
import { Checker } from "../../platform/validation.js";
import { DATE_TEXTS } from "./texts.js";
import { checkVenue } from "./venue.js";

// service.ts builds on this file (addDate checks dates the same way): the row type is spelled out here.
type EventRow = Selectable<EventsTable>;

/** What a date (sub-event) is made of, as a form or the API sends it; absent fields stay as they are. */
export interface DateInput {
  name?: unknown;
  starts_at?: unknown;
  ends_at?: unknown;
  location?: unknown;
  /** The date's own venue (name and address) when it is not the event's; "" or null: the event's. */
  venue?: unknown;
  /** Free key/values (e.g. a room link); `metadata` is accepted as well. */
  meta?: unknown;
  metadata?: unknown;
  requires_voucher?: unknown;
  /** The name per language; replaces what is stored, null clears, absent keeps. */
  translations?: unknown;
}

export const truthy = (value: unknown) =>
  value === true || value === "true" || value === "on" || value === "1" || value === 1;

export function isoInstant(check: Checker, field: string, value: unknown, required: boolean): string | null {
  if (!required && (value === undefined || value === null || value === "")) return null;
  const parsed = typeof value === "string" ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(parsed)) {
    check.problem(field, "date_time", "must be an ISO 8601 date-time");
    return null;
  }
  return new Date(parsed).toISOString();
}

export function checkMetadata(check: Checker, value: unknown): Record<string, string> {
  if (
    typeof value !== "object" ||
    value === null ||
    Array.isArray(value) ||
    Object.values(value).some((v) => typeof v !== "string")
  ) {
    check.problem("metadata", "invalid", "must be an object of text values");
    return {};
  }
  return value as Record<string, string>;
}

const resource = (event: EventRow) => ({
  type: "event" as const,
  organizerId: event.organizer_id,
  eventId: event.id,
});

/** A date of this event, or 404 (another event's date is as unknown as none). */
export async function findDate(db: Db, event: EventRow, dateId: number) {
  const row = await db.kysely
    .selectFrom("event_dates")
    .selectAll()
    .where("id", "=", dateId)
    .where("event_id", "=", event.id)
    .executeTakeFirst();
  if (!row) throw notFound("Date");
  return { ...row, metadata: JSON.parse(row.metadata) as Record<string, string> };
}

/**
 * Reschedules or renames a date. Tickets already sold stay valid for it: they name the date, not its
 * time, and the buyer's documents show the date as it is now.
 */
export async function updateDate(db: Db, actor: Actor, event: EventRow, dateId: number, input: DateInput) {
  authorize(actor, "event.manage", resource(event));
  const current = await findDate(db, event, dateId);
  const check = new Checker();
  const startsAt =
    input.starts_at === undefined ? current.starts_at : isoInstant(check, "starts_at", input.starts_at, true);
  const endsAt =
    input.ends_at === undefined ? current.ends_at : isoInstant(check, "ends_at", input.ends_at, false);
  const name = input.name === undefined ? current.name : check.optionalText("name", input.name, 200);
  const location =
    input.location === undefined ? current.location : check.optionalText("location", input.location, 200);
  const venue = input.venue === undefined ? current.venue : checkVenue(check, "venue", input.venue) || null;
  const rawMeta = input.meta ?? input.metadata;
  const translations = changedTranslations(check, input.translations, DATE_TEXTS, current.translations);
  const metadata = rawMeta === undefined ? current.metadata : checkMetadata(check, rawMeta);
  const requiresVoucher =
    input.requires_voucher === undefined ? current.requires_voucher : truthy(input.requires_voucher) ? 1 : 0;
  if (startsAt && endsAt && endsAt < startsAt)
    check.problem("ends_at", "after", "must not be before starts_at", { other: "starts_at" });
  check.done();
  const row = await db.kysely
    .updateTable("event_dates")
    .set({
      starts_at: startsAt ?? current.starts_at,
      ends_at: endsAt,
      name,
      location,
      venue,
      metadata: JSON.stringify(metadata),
      requires_voucher: requiresVoucher,
      translations,
    })
    .where("id", "=", dateId)
    .where("event_id", "=", event.id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound("Date");
  return { ...row, metadata };
}

const dateHasOrders = () =>
  domainError(
    "date_has_orders",
    "This date has orders and cannot be deleted; change its time or stop its sales instead",
    409,
  );

/**
 * Deletes a date nobody ever booked. Any order position naming it (paid, pending, cancelled or
 * expired) keeps it: orders are the organizer's proof and their tickets and exports name the date.
 * Quotas, vouchers and check-in lists of that date alone go with it. One statement decides, so an
 * order placed at the same moment either keeps the date or finds it gone.
 */
export async function deleteDate(db: Db, actor: Actor, event: EventRow, dateId: number) {
  authorize(actor, "event.manage", resource(event));
  await findDate(db, event, dateId);
  try {
    const deleted = await db.kysely
      .deleteFrom("event_dates")
      .where("id", "=", dateId)
      .where("event_id", "=", event.id)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom("order_positions").select("id").where("date_id", "=", dateId))),
      )
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) throw dateHasOrders();
  } catch (error) {
    // An order committed between the check and the delete: its reference holds the date.
    if (isForeignKeyViolation(error)) throw dateHasOrders();
    throw error;
  }
}

/** Tickets per date of the event, whatever their order's state: what keeps a date from deletion. */
export async function positionsPerDate(db: Db, event: EventRow): Promise<Map<number, number>> {
  const rows = await db.kysely
    .selectFrom("order_positions as p")
    .innerJoin("orders as o", "o.id", "p.order_id")
    .select(["p.date_id", db.kysely.fn.countAll().as("n")])
    .where("o.event_id", "=", event.id)
    .where("p.date_id", "is not", null)
    .groupBy("p.date_id")
    .execute();
  return new Map(rows.map((r) => [r.date_id as number, toCount(r.n)]));
}
