import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { auditOrderView } from "../../modules/audit/audit-log.js";
import { eventForAdmin } from "../../modules/events/lookup.js";
import { findBookableEvent } from "../../modules/events/service.js";
import { placeOrder } from "../../modules/orders/checkout.js";
import { giveTickets } from "../../modules/orders/give.js";
import { assertCanView, cancelOrder, markPaid, opposeOrder } from "../../modules/orders/lifecycle.js";
import { listOrders } from "../../modules/orders/list.js";
import { findOrderByCode, presentOrder } from "../../modules/orders/queries.js";
import { PASS_HEADER, readPass } from "../../modules/waiting-room/pass.js";
import type { AppContext } from "../../platform/context.js";
import { errorResponses } from "../../platform/http/schemas.js";
import { EventParams, OrderParams } from "../params.js";
import { GiveBody, OpposeBody, Order, OrderListQuery, PlaceOrderBody } from "./schemas.js";

const tags = ["orders"];
const base = "/api/v1/organizers/:organizer/events/:event/orders";

export function orderApiRoutes(ctx: AppContext) {
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    const orderFor = async (req: {
      actor: Parameters<typeof assertCanView>[0];
      params: { organizer: string; event: string; code: string };
    }) => {
      const event = await findBookableEvent(ctx.db, req.params.organizer, req.params.event);
      const order = await findOrderByCode(ctx.db, event.id, req.params.code);
      assertCanView(req.actor, event, order);
      return { event, order };
    };

    app.post(
      base,
      {
        schema: {
          tags,
          summary:
            "Book tickets (sold out → 409 sold_out; voucher errors → voucher_invalid, voucher_exhausted, …)",
          params: EventParams,
          body: PlaceOrderBody,
          security: [{ bearer: [] }, {}],
          response: { 201: Order, ...errorResponses },
        },
      },
      async (req, reply) => {
        const event = await findBookableEvent(ctx.db, req.params.organizer, req.params.event);
        return reply
          .status(201)
          .send(
            presentOrder(
              await placeOrder(
                ctx.db,
                req.actor,
                event,
                { ...req.body, locale: req.locale, clientAddress: req.ip },
                ctx.signer,
                readPass(ctx.secrets.cookieSecret, req.headers[PASS_HEADER]),
              ),
              req.locale,
            ),
          );
      },
    );

    app.post(
      `${base}/give`,
      {
        schema: {
          tags,
          summary:
            "Give tickets to an existing account (manage-orders level): booked, attached to the account, settled",
          params: EventParams,
          body: GiveBody,
          response: { 201: Order, ...errorResponses },
        },
      },
      async (req, reply) => {
        const event = await eventForAdmin(ctx.db, req.actor, req.params);
        return reply
          .status(201)
          .send(presentOrder(await giveTickets(ctx.db, req.actor, event, req.body, ctx.signer), req.locale));
      },
    );

    app.get(
      base,
      {
        schema: {
          tags,
          summary: "List orders, newest first, with filters",
          params: EventParams,
          querystring: OrderListQuery,
          response: {
            200: Type.Array(
              Type.Object({
                code: Type.String(),
                status: Type.String(),
                email: Type.String(),
                total: Type.String(),
                currency: Type.String(),
                created_at: Type.String(),
                tickets: Type.Integer(),
              }),
            ),
            ...errorResponses,
          },
        },
      },
      async (req) =>
        listOrders(ctx.db, req.actor, await eventForAdmin(ctx.db, req.actor, req.params), {
          ...req.query,
          locale: req.locale,
        }),
    );

    app.get(
      `${base}/:code`,
      { schema: { tags, params: OrderParams, response: { 200: Order, ...errorResponses } } },
      async (req) => {
        const { event, order } = await orderFor(req);
        await auditOrderView(ctx.db, req.actor, event, order);
        return presentOrder(order, req.locale);
      },
    );

    app.post(
      `${base}/:code/mark-paid`,
      {
        schema: {
          tags,
          summary: "Mark a pending order paid (manage-orders level)",
          params: OrderParams,
          response: { 200: Order, ...errorResponses },
        },
      },
      async (req) => {
        const { event, order } = await orderFor(req);
        return presentOrder(await markPaid(ctx.db, req.actor, event, order), req.locale);
      },
    );

    app.post(
      `${base}/:code/oppose`,
      {
        // The reason is optional, and so is the whole body.
        preValidation: async (req) => {
          req.body ??= {};
        },
        schema: {
          tags,
          summary: "Put a paid order in opposition: tickets invalid, record kept",
          params: OrderParams,
          body: OpposeBody,
          response: { 200: Order, ...errorResponses },
        },
      },
      async (req) => {
        const { event, order } = await orderFor(req);
        return presentOrder(await opposeOrder(ctx.db, req.actor, event, order, req.body?.reason), req.locale);
      },
    );

    app.post(
      `${base}/:code/cancel`,
      {
        schema: {
          tags,
          summary: "Cancel a pending order (its owner or an admin); places go back on sale",
          params: OrderParams,
          response: { 200: Order, ...errorResponses },
        },
      },
      async (req) => {
        const { event, order } = await orderFor(req);
        return presentOrder(await cancelOrder(ctx.db, req.actor, event, order), req.locale);
      },
    );
  };
}
