import type { Db } from "../../platform/db/index.js";
import type { Locale } from "../../platform/i18n/index.js";
import { pickText } from "../../platform/i18n/texts.js";
import { ticketsWithOrders } from "../orders/tickets.js";
import type { RoomTicket } from "../rooms/links.js";

/**
 * What the live-ticket page shows for a verified ticket link: the ticket (its secret seeds the
 * rotating code), its order's status, the event, the ticket type and the date. Undefined when the
 * link names no ticket of that booking code.
 */
export async function liveTicket(db: Db, link: RoomTicket, locale: Locale = "en") {
  const row = await ticketsWithOrders(db.kysely)
    .innerJoin("events as e", "e.id", "o.event_id")
    .innerJoin("ticket_types as t", "t.id", "p.ticket_type_id")
    .leftJoin("event_dates as d", "d.id", "p.date_id")
    .select([
      "p.id",
      "p.secret",
      "p.ticket_code",
      "p.attendee_name",
      "o.status",
      "e.name as event_name",
      "e.time_zone",
      "t.name as type_name",
      "e.translations as event_translations",
      "t.translations as type_translations",
      "d.starts_at",
    ])
    .where("p.id", "=", link.ticketId)
    .where("o.code", "=", link.code)
    .executeTakeFirst();
  // Names in the reader's language where the organizer gave one.
  return (
    row && {
      ...row,
      event_name: pickText(row.event_translations, "name", locale, row.event_name),
      type_name: pickText(row.type_translations, "name", locale, row.type_name),
    }
  );
}
