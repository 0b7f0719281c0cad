import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { presentTicketType } from "../../modules/catalog/presenters.js";
import { createQuota, getQuota, listQuotas, presentQuota } from "../../modules/catalog/quotas.js";
import {
  createTicketType,
  deleteTicketType,
  listTicketTypes,
  updateTicketType,
} from "../../modules/catalog/service.js";
import { eventForAdmin } from "../../modules/events/lookup.js";
import type { AppContext } from "../../platform/context.js";
import { errorResponses } from "../../platform/http/schemas.js";
import { EventItemParams, EventParams } from "../params.js";
import { CreateQuotaBody, CreateTicketTypeBody, Quota, TicketType, UpdateTicketTypeBody } from "./schemas.js";

const tags = ["catalog"];
const base = "/api/v1/organizers/:organizer/events/:event";

export function catalogApiRoutes(ctx: AppContext) {
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      `${base}/ticket-types`,
      {
        schema: {
          tags,
          summary: "Create a ticket type",
          params: EventParams,
          body: CreateTicketTypeBody,
          response: { 201: TicketType, ...errorResponses },
        },
      },
      async (req, reply) => {
        const event = await eventForAdmin(ctx.db, req.actor, req.params);
        return reply
          .status(201)
          .send(presentTicketType(await createTicketType(ctx.db, req.actor, event, req.body)));
      },
    );

    app.get(
      `${base}/ticket-types`,
      { schema: { tags, params: EventParams, response: { 200: Type.Array(TicketType), ...errorResponses } } },
      async (req) =>
        (await listTicketTypes(ctx.db, await eventForAdmin(ctx.db, req.actor, req.params))).map(
          presentTicketType,
        ),
    );

    app.patch(
      `${base}/ticket-types/:id`,
      {
        schema: {
          tags,
          summary: "Change a ticket type",
          description:
            "Name, price, sales window and limits may change at any time; orders keep the price they were " +
            "sold at. restricted and audiences change only while the type has no orders (409 ticket_type_has_orders).",
          params: EventItemParams,
          body: UpdateTicketTypeBody,
          response: { 200: TicketType, ...errorResponses },
        },
      },
      async (req) => {
        const event = await eventForAdmin(ctx.db, req.actor, req.params);
        return presentTicketType(await updateTicketType(ctx.db, req.actor, event, req.params.id, req.body));
      },
    );

    app.delete(
      `${base}/ticket-types/:id`,
      {
        schema: {
          tags,
          summary: "Delete a ticket type that has no orders",
          description:
            "Refused with 409 ticket_type_has_orders once any order has a ticket of it, in any state.",
          params: EventItemParams,
          response: { 204: Type.Null(), ...errorResponses },
        },
      },
      async (req, reply) => {
        await deleteTicketType(
          ctx.db,
          req.actor,
          await eventForAdmin(ctx.db, req.actor, req.params),
          req.params.id,
        );
        return reply.status(204).send(null);
      },
    );

    app.post(
      `${base}/quotas`,
      {
        schema: {
          tags,
          summary: "Create a quota (capacity for ticket types, optionally on one date)",
          params: EventParams,
          body: CreateQuotaBody,
          response: { 201: Quota, ...errorResponses },
        },
      },
      async (req, reply) => {
        const event = await eventForAdmin(ctx.db, req.actor, req.params);
        return reply.status(201).send(presentQuota(await createQuota(ctx.db, req.actor, event, req.body)));
      },
    );

    app.get(
      `${base}/quotas`,
      { schema: { tags, params: EventParams, response: { 200: Type.Array(Quota), ...errorResponses } } },
      async (req) =>
        (await listQuotas(ctx.db, req.actor, await eventForAdmin(ctx.db, req.actor, req.params))).map(
          presentQuota,
        ),
    );

    app.get(
      `${base}/quotas/:id`,
      {
        schema: {
          tags,
          summary: "A quota with its size, taken and available places",
          params: EventItemParams,
          response: { 200: Quota, ...errorResponses },
        },
      },
      async (req) =>
        presentQuota(
          await getQuota(
            ctx.db,
            req.actor,
            await eventForAdmin(ctx.db, req.actor, req.params),
            req.params.id,
          ),
        ),
    );
  };
}
