import type { Db } from "../../platform/db/index.js";
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
