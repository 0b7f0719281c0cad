import { Type } from "typebox";
import { findVisibleEvent } from "../../modules/catalog/audience.js";
import {
  bookedCount,
  bookSlot,
  cancelBooking,
  checkTicket,
  recogniseTicket,
  ticketBookings,
} from "../../modules/experiences/bookings.js";
import { presentExperience, publicOverview } from "../../modules/experiences/catalog.js";
import { errorResponses } from "../../platform/http/schemas.js";
import { EventParams } from "../params.js";
import {
  BookingBody,
  CreatedBooking,
  ExperienceSchema,
  ItemParams,
  TicketBody,
  TicketBookings,
} from "./schemas.js";
import { base, imageBase, resourceRoutes, tags } from "./shared.js";

/** The ticket source did not answer: nothing was booked or cancelled. */
const unavailable = { 502: errorResponses[400], 503: errorResponses[400] };

/**
 * What guests do without an account: see the programme, and book, look up and cancel with their
 * ticket number and security code (no session, hence no CSRF token). An audience event hidden from
 * the caller is unknown here as in the shop.
 */
export const publicExperienceRoutes = resourceRoutes(({ app, ctx, db }) => {
  const secret = ctx.secrets.cookieSecret;
  const guestView = async (eventId: number, body: { ticket_number: string; security_code: string }) => {
    const ticket = await recogniseTicket(db, secret, eventId, body.ticket_number, body.security_code);
    const [booked, bookings] = await Promise.all([
      bookedCount(db, eventId, ticket.ticketNumber),
      ticketBookings(db, eventId, ticket.ticketNumber),
    ]);
    return {
      ticket,
      view: {
        ticket_number: ticket.ticketNumber,
        kind: ticket.kind,
        allowance: ticket.allowance,
        booked,
        bookings: bookings.map((b) => ({
          id: b.id,
          slot: b.slot_id,
          experience: b.experience_id,
          title: b.title,
          starts_at: b.starts_at,
          ends_at: b.ends_at,
        })),
      },
    };
  };

  app.get(
    `${base}/experience-overview`,
    {
      schema: {
        tags,
        summary: "Public: every experience with its slots still to come and their free places",
        params: EventParams,
        security: [],
        response: { 200: Type.Array(ExperienceSchema), ...errorResponses },
      },
    },
    async (req) => {
      const event = await findVisibleEvent(db, req.actor, req.params.organizer, req.params.event);
      const overview = await publicOverview(db, event.id);
      return overview.map((x) => presentExperience(x, x.slots, imageBase(req)));
    },
  );

  app.post(
    `${base}/experience-bookings`,
    {
      config: { csrf: false },
      schema: {
        tags,
        summary:
          "Public: book a slot with a ticket number and security code (verified against the ticket source)",
        description:
          "Errors: 403 invalid_ticket, 409 slot_full, allowance_exhausted, already_booked, slot_closed, 502/503 ticket_source_unavailable (nothing booked: try again).",
        params: EventParams,
        body: BookingBody,
        security: [],
        response: { 201: CreatedBooking, ...errorResponses, ...unavailable },
      },
    },
    async (req, reply) => {
      const event = await findVisibleEvent(db, req.actor, req.params.organizer, req.params.event);
      const verify = () => checkTicket(db, secret, event.id, req.body.ticket_number, req.body.security_code);
      const booking = await bookSlot(db, event.id, verify, req.body.slot, req.body);
      return reply.status(201).send({
        id: booking.id,
        slot: booking.slot_id,
        ticket_number: booking.ticket_number,
        kind: booking.kind,
        allowance: booking.allowance,
        booked: booking.booked,
        created_at: booking.created_at,
      });
    },
  );

  app.post(
    `${base}/experience-bookings/lookup`,
    {
      config: { csrf: false },
      schema: {
        tags,
        summary:
          "Public: a ticket's kind, allowance and bookings (number and code in the body, never the URL)",
        params: EventParams,
        body: TicketBody,
        security: [],
        response: { 200: TicketBookings, ...errorResponses, ...unavailable },
      },
    },
    async (req) => {
      const event = await findVisibleEvent(db, req.actor, req.params.organizer, req.params.event);
      return (await guestView(event.id, req.body)).view;
    },
  );

  app.post(
    `${base}/experience-bookings/:id/cancel`,
    {
      config: { csrf: false },
      schema: {
        tags,
        summary: "Public: cancel one of the ticket's bookings; the place and the allowance come back",
        params: ItemParams,
        body: TicketBody,
        security: [],
        response: { 200: TicketBookings, ...errorResponses, ...unavailable },
      },
    },
    async (req) => {
      const event = await findVisibleEvent(db, req.actor, req.params.organizer, req.params.event);
      const { ticket } = await guestView(event.id, req.body);
      await cancelBooking(db, event.id, ticket.ticketNumber, req.params.id);
      return (await guestView(event.id, req.body)).view;
    },
  );
});
