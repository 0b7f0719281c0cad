import type { Selectable } from "kysely";
import type { Actor } from "../../platform/auth/actor.js";
import { authorize } from "../../platform/auth/policy.js";
import { type Db, isForeignKeyViolation, toCount } from "../../platform/db/index.js";
import { prepared } from "../../platform/db/prepared.js";
import type { TicketTypeAudiencesTable, TicketTypesTable } from "../../platform/db/schema.js";
import { domainError, notFound } from "../../platform/errors.js";
import { changedTranslations, checkTranslations } from "../../platform/i18n/texts.js";
import { checkMoney } from "../../platform/money.js";
import { isoNow } from "../../platform/time.js";
import { Checker } from "../../platform/validation.js";
import type { EventRow } from "../events/service.js";
import { refuseIfOrdered, requireTicketType } from "./scope.js";

export type TicketType = Selectable<TicketTypesTable> & { audiences: Audience[] };
export type Audience = Omit<Selectable<TicketTypeAudiencesTable>, "id" | "ticket_type_id">;

export interface TicketTypeInput {
  name?: unknown;
  price?: unknown;
  /** Fixed at creation: unrestricted, or restricted to the listed audiences. */
  restricted?: unknown;
  audiences?: unknown;
  sales_start?: unknown;
  sales_end?: unknown;
  max_per_order?: unknown;
  requires_voucher?: unknown;
  allow_sponsorship?: unknown;
  /** {"de":{"name":"…"},…}; replaces what is stored, null clears, absent keeps. */
  translations?: unknown;
}

/** What a ticket type's translations may hold, with the same limits as the default texts. */
export const TICKET_TYPE_TEXTS = { name: 200 } as const;

const flag = (value: unknown) =>
  value === true || value === "true" || value === "on" || value === "1" ? 1 : 0;

function optionalInstant(check: Checker, field: string, value: unknown): string | null {
  if (value === undefined || value === null || value === "") return null;
  const ms = typeof value === "string" ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) {
    check.problem(field, "date_time", "must be an ISO 8601 date-time");
    return null;
  }
  return new Date(ms).toISOString();
}

function checkAudiences(check: Checker, value: unknown): Audience[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    check.problems.push({ field: "audiences", message: "must be a list" });
    return [];
  }
  return value.map((raw: unknown, i) => {
    const a = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
    const audience = {
      school: check.optionalText(`audiences.${i}.school`, a.school, 120),
      class_year: check.optionalInt(`audiences.${i}.class_year`, a.class_year, 1900, 2200),
      membership: check.optionalText(`audiences.${i}.membership`, a.membership, 120),
    };
    if (audience.school === null && audience.class_year === null && audience.membership === null) {
      check.problems.push({
        field: `audiences.${i}`,
        message: "needs a school, a class year or a membership",
      });
    }
    return audience;
  });
}

export async function createTicketType(
  db: Db,
  actor: Actor,
  event: EventRow,
  input: TicketTypeInput,
): Promise<TicketType> {
  authorize(actor, "event.manage", { type: "event", organizerId: event.organizer_id, eventId: event.id });
  const check = new Checker();
  const name = check.text("name", input.name, { max: 200 });
  const priceMinor = checkMoney(check, "price", input.price ?? "0");
  const audiences = checkAudiences(check, input.audiences);
  const restricted = flag(input.restricted) || audiences.length > 0 ? 1 : 0;
  if (restricted && audiences.length === 0)
    check.problems.push({
      field: "audiences",
      message: "a restricted ticket type needs at least one audience",
    });
  const salesStart = optionalInstant(check, "sales_start", input.sales_start);
  const salesEnd = optionalInstant(check, "sales_end", input.sales_end);
  if (salesStart && salesEnd && salesEnd <= salesStart)
    check.problems.push({ field: "sales_end", message: "must be after sales_start" });
  const maxPerOrder = check.optionalInt("max_per_order", input.max_per_order, 1, 1000);
  const translations = checkTranslations(check, input.translations, TICKET_TYPE_TEXTS) ?? null;
  check.done();
  return db.kysely.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("ticket_types")
      .values({
        event_id: event.id,
        name,
        price_minor: priceMinor,
        restricted,
        sales_start: salesStart,
        sales_end: salesEnd,
        max_per_order: maxPerOrder,
        requires_voucher: flag(input.requires_voucher),
        // Sponsorship is always allowed on unrestricted types; restricted ones opt in.
        allow_sponsorship: restricted ? flag(input.allow_sponsorship) : 1,
        translations,
        created_at: isoNow(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (audiences.length > 0) {
      await trx
        .insertInto("ticket_type_audiences")
        .values(audiences.map((a) => ({ ticket_type_id: row.id, ...a })))
        .execute();
    }
    return { ...row, audiences };
  });
}

// Read by every shop page and checkout: compiled once (platform/db/prepared.ts).
const typesOfEvent = prepared((db, event: number) =>
  db.selectFrom("ticket_types").selectAll().where("event_id", "=", event).orderBy("id"),
);
const audiencesOfEvent = prepared((db, event: number) =>
  db
    .selectFrom("ticket_type_audiences as a")
    .innerJoin("ticket_types as t", "t.id", "a.ticket_type_id")
    .select(["a.ticket_type_id", "a.school", "a.class_year", "a.membership"])
    .where("t.event_id", "=", event),
);

export async function listTicketTypes(db: Db, event: EventRow): Promise<TicketType[]> {
  const [types, audiences] = await Promise.all([
    typesOfEvent.all(db.kysely, event.id),
    audiencesOfEvent.all(db.kysely, event.id),
  ]);
  return types.map((t) => ({
    ...t,
    audiences: audiences
      .filter((a) => a.ticket_type_id === t.id)
      .map(({ school, class_year, membership }) => ({ school, class_year, membership })),
  }));
}

export async function getTicketType(db: Db, event: EventRow, ticketTypeId: number): Promise<TicketType> {
  const [type, audiences] = await Promise.all([
    db.kysely
      .selectFrom("ticket_types")
      .selectAll()
      .where("id", "=", ticketTypeId)
      .where("event_id", "=", event.id)
      .executeTakeFirst(),
    db.kysely
      .selectFrom("ticket_type_audiences")
      .select(["school", "class_year", "membership"])
      .where("ticket_type_id", "=", ticketTypeId)
      .orderBy("id")
      .execute(),
  ]);
  if (!type) throw notFound("Ticket type");
  return { ...type, audiences };
}

/** `undefined`: keep; null or "": clear; otherwise an instant. */
function changedInstant(check: Checker, field: string, value: unknown, current: string | null) {
  return value === undefined ? current : optionalInstant(check, field, value);
}

/**
 * Changes a ticket type. Name, price, sales window and limits may change at any time: every order
 * position keeps the price it was sold at, so a new price applies to the next orders only. Who may
 * book it (restricted, audiences) changes only while nobody has: orders were checked against it.
 */
export async function updateTicketType(
  db: Db,
  actor: Actor,
  event: EventRow,
  ticketTypeId: number,
  input: TicketTypeInput,
): Promise<TicketType> {
  authorize(actor, "event.manage", { type: "event", organizerId: event.organizer_id, eventId: event.id });
  const current = await getTicketType(db, event, ticketTypeId);
  const check = new Checker();
  const name = input.name === undefined ? current.name : check.text("name", input.name, { max: 200 });
  const priceMinor =
    input.price === undefined ? current.price_minor : checkMoney(check, "price", input.price);
  const audiences =
    input.audiences !== undefined
      ? checkAudiences(check, input.audiences)
      : input.restricted !== undefined && !flag(input.restricted)
        ? []
        : current.audiences;
  const restricted =
    input.restricted === undefined && input.audiences === undefined
      ? current.restricted
      : flag(input.restricted) || audiences.length > 0
        ? 1
        : 0;
  if (restricted && audiences.length === 0)
    check.problems.push({
      field: "audiences",
      message: "a restricted ticket type needs at least one audience",
    });
  const salesStart = changedInstant(check, "sales_start", input.sales_start, current.sales_start);
  const salesEnd = changedInstant(check, "sales_end", input.sales_end, current.sales_end);
  if (salesStart && salesEnd && salesEnd <= salesStart)
    check.problems.push({ field: "sales_end", message: "must be after sales_start" });
  const maxPerOrder =
    input.max_per_order === undefined
      ? current.max_per_order
      : check.optionalInt("max_per_order", input.max_per_order, 1, 1000);
  const requiresVoucher =
    input.requires_voucher === undefined ? current.requires_voucher : flag(input.requires_voucher);
  const allowSponsorship = !restricted
    ? 1
    : input.allow_sponsorship === undefined
      ? current.allow_sponsorship
      : flag(input.allow_sponsorship);
  const translations = changedTranslations(
    check,
    input.translations,
    TICKET_TYPE_TEXTS,
    current.translations,
  );
  check.done();
  const restrictionChanged =
    restricted !== current.restricted || JSON.stringify(audiences) !== JSON.stringify(current.audiences);
  return db.kysely.transaction().execute(async (trx) => {
    if (restrictionChanged) {
      await refuseIfOrdered(
        trx,
        ticketTypeId,
        "This ticket type already has orders: who may book it can no longer change",
      );
      await trx.deleteFrom("ticket_type_audiences").where("ticket_type_id", "=", ticketTypeId).execute();
      if (audiences.length > 0)
        await trx
          .insertInto("ticket_type_audiences")
          .values(audiences.map((a) => ({ ticket_type_id: ticketTypeId, ...a })))
          .execute();
    }
    const row = await trx
      .updateTable("ticket_types")
      .set({
        name,
        price_minor: priceMinor,
        restricted,
        sales_start: salesStart,
        sales_end: salesEnd,
        max_per_order: maxPerOrder,
        requires_voucher: requiresVoucher,
        allow_sponsorship: allowSponsorship,
        translations,
      })
      .where("id", "=", ticketTypeId)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { ...row, audiences };
  });
}

const typeHasOrders = () =>
  domainError(
    "ticket_type_has_orders",
    "This ticket type has orders and cannot be deleted; end its sales instead",
    409,
  );

/**
 * Deleting is allowed only while no order position (in any state) names this type: orders keep their
 * proof. One statement decides; an order committed in between holds the row by its reference.
 */
export async function deleteTicketType(db: Db, actor: Actor, event: EventRow, ticketTypeId: number) {
  authorize(actor, "event.manage", { type: "event", organizerId: event.organizer_id, eventId: event.id });
  await requireTicketType(db.kysely, event, ticketTypeId);
  try {
    const deleted = await db.kysely
      .deleteFrom("ticket_types")
      .where("id", "=", ticketTypeId)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom("order_positions").select("id").where("ticket_type_id", "=", ticketTypeId))),
      )
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) throw typeHasOrders();
  } catch (error) {
    if (isForeignKeyViolation(error)) throw typeHasOrders();
    throw error;
  }
}

/** Tickets per ticket type of the event, whatever their order's state: what keeps a type from deletion. */
export async function positionsPerTicketType(db: Db, event: EventRow): Promise<Map<number, number>> {
  const rows = await db.kysely
    .selectFrom("order_positions as p")
    .innerJoin("orders as o", "o.id", "p.order_id")
    .select(["p.ticket_type_id", db.kysely.fn.countAll().as("n")])
    .where("o.event_id", "=", event.id)
    .groupBy("p.ticket_type_id")
    .execute();
  return new Map(rows.map((r) => [r.ticket_type_id, toCount(r.n)]));
}
