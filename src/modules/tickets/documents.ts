import fs from "node:fs";
import path from "node:path";
import type { Db } from "../../platform/db/index.js";
import { notFound } from "../../platform/errors.js";
import { formatDateTimeInZone } from "../../platform/http/dates.js";
import { isLocale, type Locale } from "../../platform/i18n/index.js";
import { pickText } from "../../platform/i18n/texts.js";
import { eventTimeZone } from "../events/time-zone.js";
import { venueLine, venueOf } from "../events/venue.js";
import { formatTicketCode } from "../orders/ticket-code.js";
import { tesseraTicketNumber, ticketsWithOrders } from "../orders/tickets.js";

/** Everything printed on one ticket; the QR code carries the secret and nothing else. */
export interface TicketDocument {
  positionId: number;
  secret: string;
  locale: Locale;
  organizer: string;
  event: string;
  date: string | null;
  ticketType: string;
  attendee: string | null;
  options: string[];
  code: string;
  /** Where it takes place, on one line; "" when the organizer gave no venue. */
  venue: string;
  /** The zone the date is in, by its name (Europe/Berlin): a ticket travels. */
  timeZone: string;
  /** The short code printed under the QR, grouped (`K7QM-4XPT`): typed at the door when the QR fails. */
  ticketCode: string | null;
  /** `CODE-positionId`: with the ticket code, what an experience booking asks for. */
  ticketNumber: string;
  /** The ticket type's template file, or null for the default design. */
  templatePath: string | null;
  /** Of a test order (test mode): stamped so that nobody takes it for a ticket. */
  test?: boolean;
}

export function templateDir(dataDir: string) {
  return path.join(dataDir, "templates");
}

/**
 * One query for the positions with everything printed on them, one for their options. Times are the
 * event's local time with the zone named (a ticket travels); `platformZone` is for events without one.
 */
export async function ticketDocuments(
  db: Db,
  dataDir: string,
  platformZone: string,
  orderId: number,
  positionId?: number,
): Promise<TicketDocument[]> {
  let query = ticketsWithOrders(db.kysely)
    .innerJoin("ticket_types as t", "t.id", "p.ticket_type_id")
    .innerJoin("events as e", "e.id", "o.event_id")
    .innerJoin("organizers as g", "g.id", "e.organizer_id")
    .leftJoin("event_dates as d", "d.id", "p.date_id")
    .select([
      "p.id",
      "p.secret",
      "p.ticket_code",
      "p.attendee_name",
      "o.code",
      "o.locale",
      "o.test_mode",
      "t.name as ticket_type",
      "t.template_key",
      "e.name as event",
      "g.name as organizer",
      "e.time_zone",
      "g.time_zone as organizer_time_zone",
      "d.starts_at",
      "d.name as date_name",
      "e.translations as event_translations",
      "t.translations as type_translations",
      "d.translations as date_translations",
      "e.venue",
      "d.venue as date_venue",
    ])
    .where("p.order_id", "=", orderId)
    .orderBy("p.id");
  if (positionId !== undefined) query = query.where("p.id", "=", positionId);
  const rows = await query.execute();
  if (rows.length === 0) throw notFound("Ticket");
  const options = await db.kysely
    .selectFrom("order_position_options")
    .select(["position_id", "name"])
    .where(
      "position_id",
      "in",
      rows.map((r) => r.id),
    )
    .orderBy("option_id")
    .execute();
  return rows.map((r) => {
    const locale: Locale = isLocale(r.locale) ? r.locale : "en";
    const zone = eventTimeZone(r, { time_zone: r.organizer_time_zone }, platformZone);
    const when = r.starts_at ? `${formatDateTimeInZone(locale, r.starts_at, zone, "short")} (${zone})` : null;
    const templatePath = r.template_key ? path.join(templateDir(dataDir), r.template_key) : null;
    return {
      positionId: r.id,
      secret: r.secret,
      locale,
      organizer: r.organizer,
      // Printed in the order's language: the organizer's texts too, where they gave one (texts.ts).
      event: pickText(r.event_translations, "name", locale, r.event),
      date:
        when && r.date_name
          ? `${pickText(r.date_translations, "name", locale, r.date_name)} · ${when}`
          : when,
      ticketType: pickText(r.type_translations, "name", locale, r.ticket_type),
      attendee: r.attendee_name,
      options: options.filter((o) => o.position_id === r.id).map((o) => o.name),
      code: r.code,
      venue: venueLine(venueOf(r, { venue: r.date_venue })),
      timeZone: zone,
      ticketCode: r.ticket_code ? formatTicketCode(r.ticket_code) : null,
      ticketNumber: tesseraTicketNumber(r),
      templatePath: templatePath && fs.existsSync(templatePath) ? templatePath : null,
      test: r.test_mode === 1,
    };
  });
}
