import { Type } from "typebox";
import {
  createTicketSource,
  listTicketSources,
  retireTicketSource,
  type TicketSource,
} from "../../modules/experiences/sources.js";
import { errorResponses } from "../../platform/http/schemas.js";
import { EventParams } from "../params.js";
import { ItemParams, TicketSourceBody, TicketSourceSchema } from "./schemas.js";
import { base, resourceRoutes, tags } from "./shared.js";

const presentSource = (s: TicketSource) => ({
  id: s.id,
  type: s.type,
  name: s.name,
  settings: s.settings as unknown as Record<string, unknown>,
  header_names: s.headerNames,
  allowances: s.allowances,
  created_at: s.created_at,
});

/** Where the tickets that may book come from, and how many experiences each kind of ticket holds. */
export const ticketSourceRoutes = resourceRoutes(({ app, ctx, db, scopeOf }) => {
  const secret = ctx.secrets.cookieSecret;

  app.post(
    `${base}/ticket-sources`,
    {
      schema: {
        tags,
        summary:
          'Where tickets come from: "http" (the shop\'s ticket check: sends {"ticket_number","security_code"}, reads {"valid","kind"}; names configurable) or "tessera" (ticket number CODE-id or booking code, with the ticket code printed under the QR or the ticket secret)',
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
});
