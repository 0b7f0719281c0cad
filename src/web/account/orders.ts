import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { eventTimeZone } from "../../modules/events/time-zone.js";
import { orderInformation, setInformationValue } from "../../modules/information/answers.js";
import { cancelOrder } from "../../modules/orders/lifecycle.js";
import { listOwnOrders } from "../../modules/orders/list.js";
import { loadOrder } from "../../modules/orders/queries.js";
import { ticketLinkSigner } from "../../modules/rooms/links.js";
import { roomLinksForOrder } from "../../modules/rooms/ticket-links.js";
import { liveTicketLinks } from "../../modules/tickets/live-links.js";
import { can, orderResource } from "../../platform/auth/policy.js";
import type { AppContext } from "../../platform/context.js";
import { notFound } from "../../platform/errors.js";
import { html } from "../../platform/http/html.js";
import { flashOf } from "../common/flash.js";
import { errorMessage, lastFormValue } from "../common/forms.js";
import { sendPage } from "../common/layout.js";
import { redirectToLogin } from "../common/login-redirect.js";
import { informationSection } from "../shop/information-views.js";
import { myOrdersView, orderView } from "./order-views.js";

type CodeParams = { Params: { code: string } };

/** "My account" → orders: the buyer's own view of what they booked. */
export function accountOrderPages(ctx: AppContext) {
  const roomLinks = ticketLinkSigner(ctx.secrets.signingPrivateKey);
  const hide = { schema: { hide: true } };

  async function ownOrder(req: FastifyRequest<CodeParams>) {
    const row = await ctx.db.kysely
      .selectFrom("orders as o")
      .innerJoin("events as e", "e.id", "o.event_id")
      .innerJoin("organizers as g", "g.id", "e.organizer_id")
      .selectAll("e")
      .select([
        "o.id as order_id",
        "o.user_id",
        "g.slug as organizer_slug",
        "g.name as organizer_name",
        "g.time_zone as organizer_time_zone",
      ])
      .where("o.code", "=", req.params.code.toUpperCase())
      .executeTakeFirst();
    if (!row || !can(req.actor, "order.own", orderResource(row, row))) throw notFound("Order");
    const dates = await ctx.db.kysely
      .selectFrom("event_dates")
      .select(["id", "name", "starts_at", "location"])
      .where("event_id", "=", row.id)
      .execute();
    return { event: row, order: await loadOrder(ctx.db, row.order_id), dates };
  }

  async function show(req: FastifyRequest<CodeParams>, reply: FastifyReply, error?: string) {
    const data = await ownOrder(req);
    const info = await orderInformation(ctx.db, req.actor, data.event, data.order);
    const code = data.order.code;
    const api = `/api/v1/organizers/${data.event.organizer_slug}/events/${data.event.slug}/orders/${code}`;
    const editable = data.order.status === "pending" || data.order.status === "paid";
    const information = informationSection(
      req,
      info,
      {
        set: (positionId, fieldId) => `/account/orders/${code}/information/${positionId}/${fieldId}`,
        file: (positionId, fieldId) => `${api}/positions/${positionId}/information/${fieldId}/file`,
      },
      editable,
    );
    const complete = info.missing.payment.length === 0 && info.missing.admission.length === 0;
    const actions =
      data.order.status === "pending"
        ? html`<p><a class="button" href="/account/orders/${code}/pay">${req.t("order.payNow")}</a></p>`
        : data.order.status === "paid" && complete
          ? html`<p><a class="button" href="${api}/tickets.pdf" data-testid="download-tickets">${req.t("tickets.download")}</a></p>`
          : undefined;
    return sendPage(req, reply, {
      status: error ? 409 : 200,
      title: `${req.t("order.title")} ${code}`,
      body: html`${orderView(req, { ...data, timeZone: eventTimeZone(data.event, { time_zone: data.event.organizer_time_zone }, ctx.config.timeZone), actions, roomLinks: await roomLinksForOrder(ctx.db, roomLinks, data.order), liveLinks: await liveTicketLinks(roomLinks, data.order) }, { ok: flashOf(req), error })}${information}`,
    });
  }

  return async (app: FastifyInstance) => {
    app.get("/account/orders", hide, async (req, reply) => {
      if (req.actor.kind !== "user") return redirectToLogin(req, reply, "/account/orders");
      const orders = await listOwnOrders(ctx.db, req.actor.user.id);
      return sendPage(req, reply, { title: req.t("order.mine"), body: myOrdersView(req, orders) });
    });

    app.get<CodeParams>("/account/orders/:code", hide, async (req, reply) => {
      if (req.actor.kind !== "user") return redirectToLogin(req, reply);
      return show(req, reply);
    });

    app.post<{ Params: { code: string; positionId: string; fieldId: string } }>(
      "/account/orders/:code/information/:positionId/:fieldId",
      hide,
      async (req, reply) => {
        const { event, order } = await ownOrder(req);
        try {
          await setInformationValue(
            ctx.db,
            ctx.config.dataDir,
            req.actor,
            event,
            order,
            Number(req.params.positionId),
            Number(req.params.fieldId),
            lastFormValue(req.body, "value"),
          );
          return reply.redirect(`/account/orders/${order.code}?flash=flash.saved`, 303);
        } catch (error) {
          return show(req, reply, errorMessage(req.t, error));
        }
      },
    );

    app.post<CodeParams>("/account/orders/:code/cancel", hide, async (req, reply) => {
      const { event, order } = await ownOrder(req);
      try {
        await cancelOrder(ctx.db, req.actor, event, order);
        return reply.redirect(`/account/orders/${order.code}?flash=flash.cancelled`, 303);
      } catch (error) {
        return show(req, reply, errorMessage(req.t, error));
      }
    });
  };
}
