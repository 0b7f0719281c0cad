import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { localizedPositions } from "../../modules/catalog/texts.js";
import { localizedDates, localizedEvent } from "../../modules/events/texts.js";
import { eventTimeZone } from "../../modules/events/time-zone.js";
import { orderInformation, setInformationValue } from "../../modules/information/answers.js";
import { cancelOrder } from "../../modules/orders/lifecycle.js";
import { listOwnOrders } from "../../modules/orders/list.js";
import { findOwnOrderWithEvent } from "../../modules/orders/queries.js";
import { orderReading } from "../../modules/orders/summary.js";
import { ticketLinkSigner } from "../../modules/rooms/links.js";
import { roomLinksForOrder } from "../../modules/rooms/ticket-links.js";
import { liveTicketLinks } from "../../modules/tickets/live-links.js";
import { renderOrderTicketsPdf } from "../../modules/tickets/render.js";
import { assertTicketsDownloadable } from "../../modules/tickets/service.js";
import type { AppContext } from "../../platform/context.js";
import { html } from "../../platform/http/html.js";
import type { Locale } from "../../platform/i18n/index.js";
import { confirmBanner } from "../common/confirm-banner.js";
import { flashOf } from "../common/flash.js";
import { errorMessage, lastFormValue } from "../common/forms.js";
import { sendPage } from "../common/layout.js";
import { redirectToLogin } from "../common/login-redirect.js";
import { informationSection } from "../shop/information-views.js";
import { ORDER_PREFIXES, type OrderAccess, type OrderAccessParams, orderAccess } from "./order-access.js";
import { myOrdersView, orderView } from "./order-views.js";

type AccessRequest = FastifyRequest<{ Params: OrderAccessParams }>;

/** "My account" → orders, and a guest's order behind its signed link: the buyer's own view of what they booked. */
export function accountOrderPages(ctx: AppContext) {
  const roomLinks = ticketLinkSigner(ctx.secrets.signingPrivateKey);
  const resolve = orderAccess(ctx);
  const hide = { schema: { hide: true } };

  const ownOrder = (access: OrderAccess) => findOwnOrderWithEvent(ctx.db, access.actor, access.code);

  /** The organizer's texts in the reader's language (texts.ts); the options chosen stay as booked. */
  async function inLanguage(data: Awaited<ReturnType<typeof ownOrder>>, locale: Locale) {
    const positions = await localizedPositions(ctx.db, data.order.positions, locale);
    return {
      event: localizedEvent(data.event, locale),
      dates: localizedDates(data.dates, locale),
      order: { ...data.order, positions },
    };
  }

  async function show(req: FastifyRequest, reply: FastifyReply, access: OrderAccess, error?: string) {
    const data = await inLanguage(await ownOrder(access), req.locale);
    const info = await orderInformation(ctx.db, access.actor, data.event, data.order, req.locale);
    const { base } = access;
    const code = data.order.code;
    const api = `/api/v1/organizers/${data.event.organizer_slug}/events/${data.event.slug}/orders/${code}`;
    const editable = data.order.status === "pending" || data.order.status === "paid";
    const information = informationSection(
      req,
      info,
      {
        set: (positionId, fieldId) => `${base}/information/${positionId}/${fieldId}`,
        file: (positionId, fieldId) => `${api}/positions/${positionId}/information/${fieldId}/file`,
      },
      editable,
    );
    const complete = info.missing.payment.length === 0 && info.missing.admission.length === 0;
    const timeZone = eventTimeZone(
      data.event,
      { time_zone: data.event.organizer_time_zone },
      ctx.config.timeZone,
    );
    // The payment pages hang below the order's address, so a guest pays behind their signed link too.
    const actions =
      data.order.status === "pending"
        ? html`<p><a class="button" href="${base}/pay">${req.t("order.payNow")}</a></p>`
        : data.order.status === "paid" && complete
          ? html`<p><a class="button" href="${access.guest ? base : api}/tickets.pdf" data-testid="download-tickets">${req.t("tickets.download")}</a></p>`
          : undefined;
    const guestHint = access.guest
      ? html`<p class="hint" data-testid="guest-hint">${req.t("order.guestHint")}</p>`
      : "";
    return sendPage(req, reply, {
      status: error ? 409 : 200,
      title: `${req.t("order.title")} ${code}`,
      body: html`${confirmBanner(req)}${orderView(req, { ...data, ...(await orderReading(ctx.db, data.order, data.event, data.dates, { locale: req.locale, timeZone, audience: "buyer" })), base, guest: access.guest, timeZone, actions: html`${actions ?? ""}${guestHint}`, roomLinks: await roomLinksForOrder(ctx.db, roomLinks, data.order), liveLinks: await liveTicketLinks(roomLinks, data.order) }, { ok: flashOf(req), error })}${information}`,
    });
  }

  return async (app: FastifyInstance) => {
    app.get("/account/orders", hide, async (req, reply) => {
      if (req.actor.kind !== "user") return redirectToLogin(req, reply, "/account/orders");
      const orders = await listOwnOrders(ctx.db, req.actor.user.id, req.locale);
      return sendPage(req, reply, { title: req.t("order.mine"), body: myOrdersView(req, orders) });
    });

    for (const prefix of ORDER_PREFIXES) {
      app.get(prefix, hide, async (req: AccessRequest, reply) => {
        const access = await resolve(req);
        if (!access) return redirectToLogin(req, reply);
        return show(req, reply, access);
      });

      app.post(
        `${prefix}/information/:positionId/:fieldId`,
        hide,
        async (
          req: FastifyRequest<{ Params: OrderAccessParams & { positionId: string; fieldId: string } }>,
          reply,
        ) => {
          const access = await resolve(req);
          if (!access) return redirectToLogin(req, reply);
          const { event, order } = await ownOrder(access);
          try {
            await setInformationValue(
              ctx.db,
              ctx.config.dataDir,
              access.actor,
              event,
              order,
              Number(req.params.positionId),
              Number(req.params.fieldId),
              lastFormValue(req.body, "value"),
            );
            return reply.redirect(`${access.base}?flash=flash.saved`, 303);
          } catch (error) {
            return show(req, reply, access, errorMessage(req.t, error));
          }
        },
      );

      // A guest has no API session: their tickets come from behind their link, with the API's rules.
      app.get(`${prefix}/tickets.pdf`, hide, async (req: AccessRequest, reply) => {
        const access = await resolve(req);
        if (!access) return redirectToLogin(req, reply);
        const { event, order } = await ownOrder(access);
        await assertTicketsDownloadable(ctx.db, access.actor, event, order);
        const pdf = await renderOrderTicketsPdf(ctx.db, ctx.config.dataDir, ctx.config.timeZone, order.id);
        return reply
          .type("application/pdf")
          .header("content-disposition", `inline; filename="tickets-${order.code}.pdf"`)
          .header("cache-control", "private, no-store")
          .send(pdf);
      });

      app.post(`${prefix}/cancel`, hide, async (req: AccessRequest, reply) => {
        const access = await resolve(req);
        if (!access) return redirectToLogin(req, reply);
        const { event, order } = await ownOrder(access);
        try {
          await cancelOrder(ctx.db, access.actor, event, order);
          return reply.redirect(`${access.base}?flash=flash.cancelled`, 303);
        } catch (error) {
          return show(req, reply, access, errorMessage(req.t, error));
        }
      });
    }
  };
}
