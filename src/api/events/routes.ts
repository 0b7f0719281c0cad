import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { presentDate, presentEvent } from "../../modules/events/presenters.js";
import {
  addDate,
  createEvent,
  findEvent,
  listDates,
  listEvents,
  updateEventSettings,
} from "../../modules/events/service.js";
import { findOrganizer } from "../../modules/organizers/service.js";
import { checkEventPaymentAccounts, setEventPaymentAccounts } from "../../modules/payments/accounts.js";
import type { AppContext } from "../../platform/context.js";
import { errorResponses } from "../../platform/http/schemas.js";
import { EventParams, OrganizerParams } from "../params.js";
import { CreateDateBody, CreateEventBody, Event, EventDate, EventSettingsBody } from "./schemas.js";

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
          .send(presentEvent(await createEvent(ctx.db, req.actor, organizer, req.body)));
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

    app.get(
      "/api/v1/organizers/:organizer/events/:event",
      { schema: { tags, params: EventParams, response: { 200: Event, ...errorResponses } } },
      async (req) => {
        const organizer = await findOrganizer(ctx.db, req.actor, req.params.organizer);
        return presentEvent(await findEvent(ctx.db, req.actor, organizer, req.params.event));
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
