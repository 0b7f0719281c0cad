import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { deleteDate, updateDate } from "../../modules/events/dates.js";
import { eventForAdmin } from "../../modules/events/lookup.js";
import { presentDate, presentEvent } from "../../modules/events/presenters.js";
import {
  createRecurringDates,
  MAX_RECURRING_DATES,
  type PlannedDate,
  previewRecurringDates,
} from "../../modules/events/recurrence.js";
import {
  addDate,
  findEvent,
  listDates,
  listEvents,
  updateEventSettings,
} from "../../modules/events/service.js";
import { zoneOfEvent } from "../../modules/events/time-zone.js";
import { deleteTestOrders } from "../../modules/orders/test-mode.js";
import { findOrganizer } from "../../modules/organizers/service.js";
import { checkEventPaymentAccounts, setEventPaymentAccounts } from "../../modules/payments/accounts.js";
import { createEventWithDefaults } from "../../modules/payments/defaults.js";
import type { AppContext } from "../../platform/context.js";
import { errorResponses } from "../../platform/http/schemas.js";
import { EventItemParams, EventParams, OrganizerParams } from "../params.js";
import {
  CreateDateBody,
  CreateEventBody,
  Event,
  EventDate,
  EventSettingsBody,
  RecurringDatesBody,
  RecurringDatesResult,
  UpdateDateBody,
} from "./schemas.js";

const tags = ["events"];

export function eventApiRoutes(ctx: AppContext) {
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      "/api/v1/organizers/:organizer/events",
      { schema: { tags, params: OrganizerParams, response: { 200: Type.Array(Event), ...errorResponses } } },
      async (req) =>
        (
          await listEvents(ctx.db, req.actor, await findOrganizer(ctx.db, req.actor, req.params.organizer))
        ).map(presentEvent),
    );

    app.post(
      "/api/v1/organizers/:organizer/events",
      {
        schema: {
          tags,
          summary: "Create an event or an event series",
          params: OrganizerParams,
          body: CreateEventBody,
          response: { 201: Event, ...errorResponses },
        },
      },
      async (req, reply) => {
        const organizer = await findOrganizer(ctx.db, req.actor, req.params.organizer);
        return reply
          .status(201)
          .send(presentEvent(await createEventWithDefaults(ctx.db, req.actor, organizer, req.body)));
      },
    );

    app.get(
      "/api/v1/organizers/:organizer/events/:event/dates",
      { schema: { tags, params: EventParams, response: { 200: Type.Array(EventDate), ...errorResponses } } },
      async (req) => {
        const organizer = await findOrganizer(ctx.db, req.actor, req.params.organizer);
        return (await listDates(ctx.db, await findEvent(ctx.db, req.actor, organizer, req.params.event))).map(
          presentDate,
        );
      },
    );

    app.post(
      "/api/v1/organizers/:organizer/events/:event/dates",
      {
        schema: {
          tags,
          summary: "Add a date (sub-event)",
          params: EventParams,
          body: CreateDateBody,
          response: { 201: EventDate, ...errorResponses },
        },
      },
      async (req, reply) => {
        const organizer = await findOrganizer(ctx.db, req.actor, req.params.organizer);
        const event = await findEvent(ctx.db, req.actor, organizer, req.params.event);
        return reply.status(201).send(presentDate(await addDate(ctx.db, req.actor, event, req.body)));
      },
    );

    app.patch(
      "/api/v1/organizers/:organizer/events/:event/dates/:id",
      {
        schema: {
          tags,
          summary: "Change a date: reschedule, rename, move; sold tickets stay valid for it",
          params: EventItemParams,
          body: UpdateDateBody,
          response: { 200: EventDate, ...errorResponses },
        },
      },
      async (req) => {
        const event = await eventForAdmin(ctx.db, req.actor, req.params);
        return presentDate(await updateDate(ctx.db, req.actor, event, req.params.id, req.body));
      },
    );

    app.delete(
      "/api/v1/organizers/:organizer/events/:event/dates/:id",
      {
        schema: {
          tags,
          summary: "Delete a date nobody booked",
          description:
            "Refused with 409 date_has_orders once any order (paid, pending, cancelled or expired) has a " +
            "ticket for it; nothing changes then. Quotas, vouchers and check-in lists of that date alone go with it.",
          params: EventItemParams,
          response: { 204: Type.Null(), ...errorResponses },
        },
      },
      async (req, reply) => {
        await deleteDate(
          ctx.db,
          req.actor,
          await eventForAdmin(ctx.db, req.actor, req.params),
          req.params.id,
        );
        return reply.status(204).send(null);
      },
    );

    app.post(
      "/api/v1/organizers/:organizer/events/:event/dates/recurring",
      {
        schema: {
          tags,
          summary: 'Add dates by a weekly rule ("every Thursday 20:00 from … to …")',
          description:
            `Times are wall-clock times in the event's time zone, kept across daylight-saving changes. At most ` +
            `${MAX_RECURRING_DATES} dates per call, created in one transaction; start times the event already ` +
            "has are skipped. `preview: true` answers 200 with the dates without saving them.",
          params: EventParams,
          body: RecurringDatesBody,
          response: { 200: RecurringDatesResult, 201: RecurringDatesResult, ...errorResponses },
        },
      },
      async (req, reply) => {
        const event = await eventForAdmin(ctx.db, req.actor, req.params);
        const zone = await zoneOfEvent(ctx.db, event, ctx.config.timeZone);
        const planned = (p: PlannedDate) => ({
          ...p,
          id: null,
          meta: {},
          requires_voucher: Boolean(p.requires_voucher),
        });
        if (req.body.preview) {
          const { fresh, skipped } = await previewRecurringDates(ctx.db, req.actor, event, req.body, zone);
          return {
            preview: true,
            time_zone: zone,
            dates: fresh.map(planned),
            skipped: skipped.map((p) => p.starts_at),
          };
        }
        const { created, skipped } = await createRecurringDates(ctx.db, req.actor, event, req.body, zone);
        return reply.status(201).send({
          preview: false,
          time_zone: zone,
          dates: created.map(presentDate),
          skipped: skipped.map((p) => p.starts_at),
        });
      },
    );

    app.get(
      "/api/v1/organizers/:organizer/events/:event",
      { schema: { tags, params: EventParams, response: { 200: Event, ...errorResponses } } },
      async (req) => {
        const organizer = await findOrganizer(ctx.db, req.actor, req.params.organizer);
        return presentEvent(await findEvent(ctx.db, req.actor, organizer, req.params.event));
      },
    );

    app.delete(
      "/api/v1/organizers/:organizer/events/:event/test-orders",
      {
        schema: {
          tags,
          summary: "Delete every test order of the event",
          description:
            "Test orders are those placed while the event was in test mode (`test_mode`). They go with their tickets and payments; their quota places and voucher usages come back. Real orders are never touched.",
          params: EventParams,
          response: { 200: Type.Object({ deleted: Type.Integer() }), ...errorResponses },
        },
      },
      async (req) => {
        const organizer = await findOrganizer(ctx.db, req.actor, req.params.organizer);
        const event = await findEvent(ctx.db, req.actor, organizer, req.params.event);
        return { deleted: await deleteTestOrders(ctx.db, req.actor, event) };
      },
    );

    app.patch(
      "/api/v1/organizers/:organizer/events/:event",
      {
        schema: {
          tags,
          summary: "Change an event's settings",
          params: EventParams,
          body: EventSettingsBody,
          response: { 200: Event, ...errorResponses },
        },
      },
      async (req) => {
        const organizer = await findOrganizer(ctx.db, req.actor, req.params.organizer);
        const event = await findEvent(ctx.db, req.actor, organizer, req.params.event);
        const accounts = req.body.payment_accounts;
        // Checked before anything is written, so a bad account id leaves the settings untouched.
        if (accounts) await checkEventPaymentAccounts(ctx.db, req.actor, event, accounts);
        const updated = await updateEventSettings(ctx.db, req.actor, event, req.body);
        if (accounts) await setEventPaymentAccounts(ctx.db, req.actor, updated, accounts);
        return presentEvent(updated);
      },
    );
  };
}
