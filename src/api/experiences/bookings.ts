import { Type } from "typebox";
import { bookingsPerTicket, listBookings } from "../../modules/experiences/bookings.js";
import { perTicketWorkbook } from "../../modules/experiences/xlsx.js";
import { errorResponses } from "../../platform/http/schemas.js";
import { EventParams } from "../params.js";
import { BookingFilterQuery, BookingSchema, PerTicketSchema } from "./schemas.js";
import { base, resourceRoutes, tags } from "./shared.js";

/** The bookings as the event's admins and exhibitors see them: who booked what, and per ticket. */
export const bookingRoutes = resourceRoutes(({ app, db, scopeOf }) => {
  app.get(
    `${base}/experience-bookings`,
    {
      schema: {
        tags,
        summary: "Who booked what and when (admins: all; exhibitors: their own experiences)",
        params: EventParams,
        querystring: BookingFilterQuery,
        response: { 200: Type.Array(BookingSchema), ...errorResponses },
      },
    },
    async (req) =>
      (await listBookings(db, await scopeOf(req), req.query)).map((b) => ({
        id: b.id,
        ticket_number: b.ticket_number,
        kind: b.kind,
        name: b.name,
        email: b.email,
        booked_at: b.created_at,
        slot: b.slot_id,
        starts_at: b.starts_at,
        ends_at: b.ends_at,
        experience: b.experience_id,
        experience_title: b.experience_title,
        exhibitor: b.exhibitor_id,
        exhibitor_name: b.exhibitor_name,
      })),
  );

  app.get(
    `${base}/experience-bookings/per-ticket`,
    {
      schema: {
        tags,
        summary: "Per ticket number: kind, allowance and experiences booked (reconciliation with the shop)",
        params: EventParams,
        response: { 200: PerTicketSchema, ...errorResponses },
      },
    },
    async (req) => bookingsPerTicket(db, await scopeOf(req)),
  );

  app.get(
    `${base}/experience-bookings/per-ticket.xlsx`,
    {
      schema: {
        tags,
        summary: "The same as a spreadsheet",
        params: EventParams,
        response: { 200: Type.Unknown({ description: "XLSX" }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const rows = await bookingsPerTicket(db, await scopeOf(req));
      return reply
        .type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header(
          "content-disposition",
          `attachment; filename="experiences-${req.params.event}-per-ticket.xlsx"`,
        )
        .send(await perTicketWorkbook(req.t, rows));
    },
  );
});
