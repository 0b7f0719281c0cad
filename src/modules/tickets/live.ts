import type { Db } from "../../platform/db/index.js";
import { ticketsWithOrders } from "../orders/tickets.js";
import type { RoomTicket } from "../rooms/links.js";

/**
 * What the live-ticket page shows for a verified ticket link: the ticket (its secret seeds the
 * rotating code), its order's status, the event, the ticket type and the date. Undefined when the
 * link names no ticket of that booking code.
 */
export function liveTicket(db: Db, link: RoomTicket) {
  return ticketsWithOrders(db.kysely)
    .innerJoin("events as e", "e.id", "o.event_id")
    .innerJoin("ticket_types as t", "t.id", "p.ticket_type_id")
    .leftJoin("event_dates as d", "d.id", "p.date_id")
    .select([
      "p.id",
      "p.secret",
      "p.attendee_name",
      "o.status",
      "e.name as event_name",
      "e.time_zone",
      "t.name as type_name",
      "d.starts_at",
    ])
    .where("p.id", "=", link.ticketId)
    .where("o.code", "=", link.code)
    .executeTakeFirst();
}
