import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { findBookableEvent } from "../../modules/events/service.js";
import {
  bookedCount,
  bookingsPerTicket,
  bookSlot,
  cancelBooking,
  checkTicket,
  listBookings,
  recogniseTicket,
  ticketBookings,
} from "../../modules/experiences/bookings.js";
import {
  createExperience,
  createSlot,
  createSlotsInBulk,
  deleteExperience,
  deleteSlot,
  findExperience,
  listExperiences,
  listSlots,
  presentExperience,
  presentSlot,
  publicOverview,
  setExperienceImage,
  updateExperience,
  updateSlot,
} from "../../modules/experiences/catalog.js";
import {
  embedPath,
  inviteExhibitor,
  listExhibitors,
  loadProgramme,
  programmeScope,
  removeExhibitor,
  requireAdmin,
  updateProgramme,
} from "../../modules/experiences/programme.js";
import {
  createTicketSource,
  listTicketSources,
  retireTicketSource,
  type TicketSource,
} from "../../modules/experiences/sources.js";
import { perTicketWorkbook } from "../../modules/experiences/xlsx.js";
import type { AppContext } from "../../platform/context.js";
import { domainError } from "../../platform/errors.js";
import { errorResponses } from "../../platform/http/schemas.js";
import { EventParams } from "../params.js";
import {
  BookingBody,
  BookingFilterQuery,
  BookingSchema,
  BulkSlotBody,
  CreatedBooking,
  ExhibitorBody,
  ExhibitorSchema,
  ExperienceBody,
  ExperiencePatch,
  ExperienceSchema,
  Id,
  ItemParams,
  PerTicketSchema,
  ProgrammeBody,
  ProgrammeSchema,
  SlotBody,
  SlotPatch,
  SlotSchema,
  TicketBody,
  TicketBookings,
  TicketSourceBody,
  TicketSourceSchema,
} from "./schemas.js";

const tags = ["experiences"];
const base = "/api/v1/organizers/:organizer/events/:event";
const Created = Type.Object({ id: Type.Integer() });
const unavailable = { 502: errorResponses[400], 503: errorResponses[400] };

const presentSource = (s: TicketSource) => ({
  id: s.id,
  type: s.type,
  name: s.name,
  settings: s.settings as unknown as Record<string, unknown>,
  header_names: s.headerNames,
  allowances: s.allowances,
  created_at: s.created_at,
});

export function experienceApiRoutes(ctx: AppContext) {
  const { db } = ctx;
  const secret = ctx.secrets.cookieSecret;
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    // Experience images are the raw PNG or JPEG as the body, only inside this plugin.
    app.addContentTypeParser(
      ["image/png", "image/jpeg"],
      { parseAs: "buffer", bodyLimit: 1024 * 1024 + 1 },
      (_req, body, done) => done(null, body),
    );
    const scopeOf = (req: {
      actor: Parameters<typeof programmeScope>[1];
      params: { organizer: string; event: string };
    }) => programmeScope(db, req.actor, req.params);

    const programmeOut = async (organizer: string, event: string, eventId: number) => {
      const p = await loadProgramme(db, eventId);
      return {
        embed_origins: p.embed_origins,
        guest_name: p.guest_name,
        guest_email: p.guest_email,
        embed_url: `${ctx.config.publicUrl}${embedPath(organizer, event)}`,
      };
    };

    app.get(
      `${base}/experience-programme`,
      {
        schema: {
          tags,
          summary: "Embed origins and guest fields",
          params: EventParams,
          response: { 200: ProgrammeSchema, ...errorResponses },
        },
      },
      async (req) => {
        const scope = await scopeOf(req);
        requireAdmin(scope);
        return programmeOut(req.params.organizer, req.params.event, scope.event.id);
      },
    );

    app.put(
      `${base}/experience-programme`,
      {
        schema: {
          tags,
          summary: "Set who may frame the overview and whether guests give name and e-mail (full level)",
          params: EventParams,
          body: ProgrammeBody,
          response: { 200: ProgrammeSchema, ...errorResponses },
        },
      },
      async (req) => {
        const scope = await scopeOf(req);
        await updateProgramme(db, scope, req.body);
        return programmeOut(req.params.organizer, req.params.event, scope.event.id);
      },
    );

    app.get(
      `${base}/exhibitors`,
      {
        schema: {
          tags,
          params: EventParams,
          response: { 200: Type.Array(ExhibitorSchema), ...errorResponses },
        },
      },
      async (req) =>
        (await listExhibitors(db, await scopeOf(req))).map((x) => ({
          id: x.id,
          name: x.name,
          email: x.email,
          accepted: x.accepted_at !== null,
        })),
    );

    app.post(
      `${base}/exhibitors`,
      {
        schema: {
          tags,
          summary: "Invite an exhibitor by e-mail; the invitation link is returned once (full level)",
          params: EventParams,
          body: ExhibitorBody,
          response: { 201: ExhibitorSchema, ...errorResponses },
        },
      },
      async (req, reply) => {
        const scope = await scopeOf(req);
        const organizer = await db.kysely
          .selectFrom("organizers")
          .select("name")
          .where("id", "=", scope.event.organizer_id)
          .executeTakeFirstOrThrow();
        const x = await inviteExhibitor(db, scope, {
          ...req.body,
          publicUrl: ctx.config.publicUrl,
          locale: req.locale,
          organizerName: organizer.name,
        });
        return reply
          .status(201)
          .send({ id: x.id, name: x.name, email: x.email, accepted: false, invitation_link: x.link });
      },
    );

    app.delete(
      `${base}/exhibitors/:id`,
      { schema: { tags, params: ItemParams, response: { 204: Type.Null(), ...errorResponses } } },
      async (req, reply) => {
        await removeExhibitor(db, await scopeOf(req), req.params.id);
        return reply.status(204).send(null);
      },
    );

    app.post(
      `${base}/ticket-sources`,
      {
        schema: {
          tags,
          summary:
            'Where tickets come from: "http" (the shop\'s ticket check: sends {"ticket_number","security_code"}, reads {"valid","kind"}; names configurable) or "tessera" (booking code + ticket secret)',
          params: EventParams,
          body: TicketSourceBody,
          response: { 201: TicketSourceSchema, ...errorResponses },
        },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(presentSource(await createTicketSource(db, secret, await scopeOf(req), req.body))),
    );

    app.get(
      `${base}/ticket-sources`,
      {
        schema: {
          tags,
          params: EventParams,
          response: { 200: Type.Array(TicketSourceSchema), ...errorResponses },
        },
      },
      async (req) => (await listTicketSources(db, secret, await scopeOf(req))).map(presentSource),
    );

    app.delete(
      `${base}/ticket-sources/:id`,
      {
        schema: {
          tags,
          summary: "Retire a ticket source",
          params: ItemParams,
          response: { 204: Type.Null(), ...errorResponses },
        },
      },
      async (req, reply) => {
        await retireTicketSource(db, await scopeOf(req), req.params.id);
        return reply.status(204).send(null);
      },
    );

    const imageBase = (req: { params: { organizer: string; event: string } }) =>
      embedPath(req.params.organizer, req.params.event);

    app.get(
      `${base}/experiences`,
      {
        schema: {
          tags,
          summary: "Experiences with their slots: all for admins, one's own for exhibitors",
          params: EventParams,
          querystring: Type.Object({
            exhibitor: Type.Optional(Id()),
          }),
          response: { 200: Type.Array(ExperienceSchema), ...errorResponses },
        },
      },
      async (req) => {
        const experiences = await listExperiences(db, await scopeOf(req), req.query);
        const slots = await listSlots(
          db,
          experiences.map((x) => x.id),
        );
        return experiences.map((x) => presentExperience(x, slots, imageBase(req)));
      },
    );

    app.post(
      `${base}/experiences`,
      {
        schema: {
          tags,
          summary: "Create an experience (admins for any exhibitor, exhibitors for themselves)",
          params: EventParams,
          body: ExperienceBody,
          response: { 201: Created, ...errorResponses },
        },
      },
      async (req, reply) => reply.status(201).send(await createExperience(db, await scopeOf(req), req.body)),
    );

    const experienceOut = async (
      scope: Awaited<ReturnType<typeof scopeOf>>,
      id: number,
      req: { params: { organizer: string; event: string } },
    ) => {
      const x = await findExperience(db, scope, id);
      return presentExperience(x, await listSlots(db, [x.id]), imageBase(req));
    };

    app.get(
      `${base}/experiences/:id`,
      { schema: { tags, params: ItemParams, response: { 200: ExperienceSchema, ...errorResponses } } },
      async (req) => experienceOut(await scopeOf(req), req.params.id, req),
    );

    app.patch(
      `${base}/experiences/:id`,
      {
        schema: {
          tags,
          params: ItemParams,
          body: ExperiencePatch,
          response: { 200: ExperienceSchema, ...errorResponses },
        },
      },
      async (req) => {
        const scope = await scopeOf(req);
        await updateExperience(db, scope, req.params.id, req.body);
        return experienceOut(scope, req.params.id, req);
      },
    );

    app.delete(
      `${base}/experiences/:id`,
      { schema: { tags, params: ItemParams, response: { 204: Type.Null(), ...errorResponses } } },
      async (req, reply) => {
        await deleteExperience(db, await scopeOf(req), req.params.id);
        return reply.status(204).send(null);
      },
    );

    app.put(
      `${base}/experiences/:id/image`,
      {
        schema: {
          tags,
          summary: "Set the experience's image: the PNG or JPEG itself as the body (at most 1 MiB)",
          params: ItemParams,
          response: {
            204: Type.Null(),
            ...errorResponses,
            413: errorResponses[400],
            415: errorResponses[400],
          },
        },
      },
      async (req, reply) => {
        if (!Buffer.isBuffer(req.body))
          throw domainError("image_type", "Send the image as image/png or image/jpeg", 415);
        await setExperienceImage(db, await scopeOf(req), req.params.id, req.body);
        return reply.status(204).send(null);
      },
    );

    app.delete(
      `${base}/experiences/:id/image`,
      { schema: { tags, params: ItemParams, response: { 204: Type.Null(), ...errorResponses } } },
      async (req, reply) => {
        await setExperienceImage(db, await scopeOf(req), req.params.id, null);
        return reply.status(204).send(null);
      },
    );

    app.post(
      `${base}/experiences/:id/slots`,
      { schema: { tags, params: ItemParams, body: SlotBody, response: { 201: Created, ...errorResponses } } },
      async (req, reply) => {
        const slot = await createSlot(db, await scopeOf(req), req.params.id, req.body);
        return reply.status(201).send({ id: slot.id });
      },
    );

    app.post(
      `${base}/experiences/:id/slots/bulk`,
      {
        schema: {
          tags,
          summary: "Many slots at once, e.g. every 20 minutes from 10:00 to 18:00",
          params: ItemParams,
          body: BulkSlotBody,
          response: { 201: Type.Array(SlotSchema), ...errorResponses },
        },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send((await createSlotsInBulk(db, await scopeOf(req), req.params.id, req.body)).map(presentSlot)),
    );

    app.patch(
      `${base}/experience-slots/:id`,
      {
        schema: {
          tags,
          params: ItemParams,
          body: SlotPatch,
          response: { 200: SlotSchema, ...errorResponses },
        },
      },
      async (req) => presentSlot(await updateSlot(db, await scopeOf(req), req.params.id, req.body)),
    );

    app.delete(
      `${base}/experience-slots/:id`,
      { schema: { tags, params: ItemParams, response: { 204: Type.Null(), ...errorResponses } } },
      async (req, reply) => {
        await deleteSlot(db, await scopeOf(req), req.params.id);
        return reply.status(204).send(null);
      },
    );

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
        const event = await findBookableEvent(db, req.params.organizer, req.params.event);
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
        const event = await findBookableEvent(db, req.params.organizer, req.params.event);
        const verify = () =>
          checkTicket(db, secret, event.id, req.body.ticket_number, req.body.security_code);
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
        const event = await findBookableEvent(db, req.params.organizer, req.params.event);
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
        const event = await findBookableEvent(db, req.params.organizer, req.params.event);
        const { ticket } = await guestView(event.id, req.body);
        await cancelBooking(db, event.id, ticket.ticketNumber, req.params.id);
        return (await guestView(event.id, req.body)).view;
      },
    );

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
  };
}
