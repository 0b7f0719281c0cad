import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { eventForAdmin } from "../../modules/events/lookup.js";
import { findOrderByCode } from "../../modules/orders/queries.js";
import { findOrganizer } from "../../modules/organizers/service.js";
import { ticketLinkSigner } from "../../modules/rooms/links.js";
import { createBbbServer, createRoom, listBbbServers, listRooms } from "../../modules/rooms/service.js";
import { roomLinksForOrder } from "../../modules/rooms/ticket-links.js";
import { authorize } from "../../platform/auth/policy.js";
import type { AppContext } from "../../platform/context.js";
import { errorResponses } from "../../platform/http/schemas.js";
import { OrderParams, OrganizerParams } from "../params.js";
import { CreateRoomBody, CreateServerBody, RoomLinkSchema, RoomSchema, ServerSchema } from "./schemas.js";

const tags = ["rooms"];
const base = "/api/v1/organizers/:organizer";

export function roomRoutes(ctx: AppContext) {
  const signer = ticketLinkSigner(ctx.secrets.signingPrivateKey);
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      `${base}/bbb-servers`,
      {
        schema: {
          tags,
          summary: "Add a BigBlueButton server (API URL and shared secret)",
          params: OrganizerParams,
          body: CreateServerBody,
          response: { 201: ServerSchema, ...errorResponses },
        },
      },
      async (req, reply) => {
        const organizer = await findOrganizer(ctx.db, req.actor, req.params.organizer);
        return reply
          .status(201)
          .send(await createBbbServer(ctx.db, ctx.secrets, req.actor, organizer, req.body));
      },
    );

    app.get(
      `${base}/bbb-servers`,
      {
        schema: {
          tags,
          params: OrganizerParams,
          response: { 200: Type.Array(ServerSchema), ...errorResponses },
        },
      },
      async (req) =>
        listBbbServers(ctx.db, req.actor, await findOrganizer(ctx.db, req.actor, req.params.organizer)),
    );

    app.post(
      `${base}/rooms`,
      {
        schema: {
          tags,
          summary: "Add a room; a date is held in it when its metadata says room=<slug>",
          params: OrganizerParams,
          body: CreateRoomBody,
          response: { 201: RoomSchema, ...errorResponses },
        },
      },
      async (req, reply) => {
        const organizer = await findOrganizer(ctx.db, req.actor, req.params.organizer);
        return reply.status(201).send(await createRoom(ctx.db, req.actor, organizer, req.body));
      },
    );

    app.get(
      `${base}/rooms`,
      {
        schema: {
          tags,
          params: OrganizerParams,
          response: { 200: Type.Array(RoomSchema), ...errorResponses },
        },
      },
      async (req) =>
        listRooms(ctx.db, req.actor, await findOrganizer(ctx.db, req.actor, req.params.organizer)),
    );

    app.get(
      `${base}/events/:event/orders/:code/room-links`,
      {
        schema: {
          tags,
          summary: "The room link of each ticket of a paid order whose date is held in a room",
          params: OrderParams,
          response: { 200: Type.Array(RoomLinkSchema), ...errorResponses },
        },
      },
      async (req) => {
        const event = await eventForAdmin(ctx.db, req.actor, req.params);
        authorize(req.actor, "event.orders", {
          type: "event",
          organizerId: event.organizer_id,
          eventId: event.id,
        });
        const order = await findOrderByCode(ctx.db, event.id, req.params.code);
        const links = await roomLinksForOrder(ctx.db, signer, order);
        return [...links].map(([ticket, path]) => ({ ticket, url: `${ctx.config.publicUrl}${path}` }));
      },
    );
  };
}
