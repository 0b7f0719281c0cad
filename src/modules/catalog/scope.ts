import type { Db, DbHandle } from "../../platform/db/index.js";
import { domainError, notFound } from "../../platform/errors.js";
import { invalid } from "../../platform/validation.js";
import type { EventRow } from "../events/service.js";

/** Quotas and vouchers may only point at dates and ticket types of their own event. */
export async function requireEventDate(db: Db, event: EventRow, dateId: number | null, field = "date") {
  if (dateId === null) return;
  const date = await db.kysely
    .selectFrom("event_dates")
    .select("id")
    .where("id", "=", dateId)
    .where("event_id", "=", event.id)
    .executeTakeFirst();
  if (!date) throw invalid([{ field, message: "is not a date of this event" }]);
}

export async function requireEventTicketTypes(
  db: Db,
  event: EventRow,
  ids: number[],
  field = "ticket_types",
) {
  if (ids.length === 0) return;
  const unique = [...new Set(ids)];
  const known = await db.kysely
    .selectFrom("ticket_types")
    .select("id")
    .where("event_id", "=", event.id)
    .where("id", "in", unique)
    .execute();
  if (known.length !== unique.length)
    throw invalid([{ field, message: "names a ticket type of another event" }]);
}

/** The ticket type of this event, or 404. */
export async function requireTicketType(db: DbHandle, event: EventRow, ticketTypeId: number) {
  const type = await db
    .selectFrom("ticket_types")
    .select("id")
    .where("id", "=", ticketTypeId)
    .where("event_id", "=", event.id)
    .executeTakeFirst();
  if (!type) throw notFound("Ticket type");
  return type;
}

/**
 * What orders hold must not change under them: options, fields and the type itself are editable only
 * while nobody booked it. Call inside the writing transaction (SQLite serialises writers there).
 */
export async function refuseIfOrdered(db: DbHandle, ticketTypeId: number, message: string) {
  const sold = await db
    .selectFrom("order_positions")
    .select("id")
    .where("ticket_type_id", "=", ticketTypeId)
    .limit(1)
    .executeTakeFirst();
  if (sold) throw domainError("ticket_type_has_orders", message, 409);
}
