import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { auditOrderView } from "../../modules/audit/audit-log.js";
import { listTicketTypes } from "../../modules/catalog/service.js";
import { eventForAdmin } from "../../modules/events/lookup.js";
import { listDates } from "../../modules/events/service.js";
import { eventTimeZone } from "../../modules/events/time-zone.js";
import {
  orderInformation,
  setInformationValue,
  validateInformation,
} from "../../modules/information/answers.js";
import { giveTickets } from "../../modules/orders/give.js";
import { cancelOrder, markPaid, opposeOrder } from "../../modules/orders/lifecycle.js";
import { listOrders } from "../../modules/orders/list.js";
import { findOrderByCode } from "../../modules/orders/queries.js";
import { orderReading } from "../../modules/orders/summary.js";
import { paymentRecords } from "../../modules/payments/ledger.js";
import { ticketStatesOf } from "../../modules/wallet/overview.js";
import { can } from "../../platform/auth/policy.js";
import type { AppContext } from "../../platform/context.js";
import type { OrderStatus } from "../../platform/db/schema.js";
import { adminShell } from "../common/admin-shell.js";
import { flashOf } from "../common/flash.js";
import { errorMessage, formBody, lastFormValue } from "../common/forms.js";
import { sendPage } from "../common/layout.js";
import { redirectToLogin } from "../common/login-redirect.js";
import { type InformationUrls, informationSection } from "../shop/information-views.js";
import { adminOrdersView, adminOrderView } from "./order-views.js";
import { paymentsSection } from "./payment-account-views.js";

type Params = { Params: { slug: string; event: string; code: string } };
const STATUSES: OrderStatus[] = ["pending", "paid", "cancelled", "expired", "opposed"];

export function adminOrderPages(ctx: AppContext) {
  const hide = { schema: { hide: true } };
  const { db } = ctx;
  const eventOf = (req: FastifyRequest<Params>) =>
    eventForAdmin(db, req.actor, { organizer: req.params.slug, event: req.params.event });

  async function showOrder(req: FastifyRequest<Params>, reply: FastifyReply, error?: string) {
    const event = await eventOf(req);
    const order = await findOrderByCode(db, event.id, req.params.code);
    await auditOrderView(db, req.actor, event, order);
    const dates = await listDates(db, event);
    const [reading, info, records] = await Promise.all([
      orderReading(db, order, event, dates, {
        locale: req.locale,
        timeZone: eventTimeZone(event, null, ctx.config.timeZone),
        audience: "staff",
      }),
      orderInformation(db, req.actor, event, order),
      paymentRecords(db, order.id),
    ]);
    const ticketStates = await ticketStatesOf(
      db,
      order.positions.map((p) => p.id),
    );
    const canEdit = can(req.actor, "event.orders", {
      type: "event",
      organizerId: event.organizer_id,
      eventId: event.id,
    });
    return sendPage(req, reply, {
      status: error ? 409 : 200,
      title: order.code,
      body: adminShell(
        req,
        "organizers",
        adminOrderView(
          req,
          {
            organizer: req.params.slug,
            event,
            order,
            dates,
            ...reading,
            canEdit,
            timeZone: eventTimeZone(event, null, ctx.config.timeZone),
            payments: paymentsSection(req, records, eventTimeZone(event, null, ctx.config.timeZone)),
            ticketStates,
          },
          { ok: flashOf(req), error },
          informationSection(
            req,
            info,
            informationUrls(req.params.slug, event.slug, order.code, canEdit),
            canEdit && (order.status === "pending" || order.status === "paid"),
          ),
        ),
      ),
    });
  }

  function informationUrls(
    organizer: string,
    eventSlug: string,
    code: string,
    canEdit: boolean,
  ): InformationUrls {
    const page = `/admin/organizers/${organizer}/events/${eventSlug}/orders/${code}/information`;
    const api = `/api/v1/organizers/${organizer}/events/${eventSlug}/orders/${code}`;
    return {
      set: (positionId, fieldId) => `${page}/${positionId}/${fieldId}`,
      file: (positionId, fieldId) => `${api}/positions/${positionId}/information/${fieldId}/file`,
      validate: canEdit ? (positionId, fieldId) => `${page}/${positionId}/${fieldId}/validate` : undefined,
    };
  }

  function orderAction(
    flash: string,
    run: (req: FastifyRequest<Params>, body: Record<string, string>) => Promise<unknown>,
  ) {
    return async (req: FastifyRequest<Params>, reply: FastifyReply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
      try {
        await run(req, formBody(req));
        return reply.redirect(
          `/admin/organizers/${req.params.slug}/events/${req.params.event}/orders/${req.params.code}?flash=${flash}`,
          303,
        );
      } catch (error) {
        return showOrder(req, reply, errorMessage(req.t, error));
      }
    };
  }

  const base = "/admin/organizers/:slug/events/:event/orders";
  return async (app: FastifyInstance) => {
    async function showList(req: FastifyRequest<Params>, reply: FastifyReply, error?: string) {
      const event = await eventOf(req);
      const query = (req.query ?? {}) as { q?: string; status?: string; date?: string };
      const status = STATUSES.find((s) => s === query.status);
      const date = Number(query.date) || undefined;
      const [orders, dates, types] = await Promise.all([
        listOrders(db, req.actor, event, {
          q: query.q || undefined,
          status,
          date,
          limit: 500,
          locale: req.locale,
        }),
        listDates(db, event),
        listTicketTypes(db, event),
      ]);
      const canGive = can(req.actor, "event.orders", {
        type: "event",
        organizerId: event.organizer_id,
        eventId: event.id,
      });
      return sendPage(req, reply, {
        status: error ? 400 : 200,
        title: event.name,
        body: adminShell(
          req,
          "organizers",
          adminOrdersView(req, {
            organizer: req.params.slug,
            event,
            orders,
            dates,
            types,
            canGive,
            error,
            filters: { q: query.q ?? "", status, date },
            timeZone: eventTimeZone(event, null, ctx.config.timeZone),
          }),
        ),
      });
    }

    app.get<Params>(base, hide, async (req, reply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
      return showList(req, reply);
    });

    app.post<Params>(`${base}/give`, hide, async (req, reply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
      const event = await eventOf(req);
      const body = formBody(req);
      const quantity = Math.max(1, Math.min(100, Number.parseInt(body.quantity ?? "1", 10) || 1));
      const positions = Array.from({ length: quantity }, () => ({
        ticket_type: body.ticket_type,
        date: body.date || undefined,
      }));
      try {
        const order = await giveTickets(db, req.actor, event, { email: body.email, positions }, ctx.signer);
        return reply.redirect(
          `/admin/organizers/${req.params.slug}/events/${event.slug}/orders/${order.code}?flash=flash.given`,
          303,
        );
      } catch (error) {
        return showList(req, reply, errorMessage(req.t, error));
      }
    });

    app.get<Params>(`${base}/:code`, hide, async (req, reply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
      return showOrder(req, reply);
    });

    const withOrder = async (req: FastifyRequest<Params>) => {
      const event = await eventOf(req);
      return { event, order: await findOrderByCode(db, event.id, req.params.code) };
    };
    type InfoParams = Params & { Params: { positionId: string; fieldId: string } };
    app.post<InfoParams>(
      `${base}/:code/information/:positionId/:fieldId`,
      hide,
      orderAction("flash.saved", async (req) => {
        const { event, order } = await withOrder(req);
        const p = req.params as unknown as { positionId: string; fieldId: string };
        return setInformationValue(
          db,
          ctx.config.dataDir,
          req.actor,
          event,
          order,
          Number(p.positionId),
          Number(p.fieldId),
          lastFormValue(req.body, "value"),
        );
      }),
    );
    app.post<InfoParams>(
      `${base}/:code/information/:positionId/:fieldId/validate`,
      hide,
      orderAction("flash.validated", async (req) => {
        const { event, order } = await withOrder(req);
        const p = req.params as unknown as { positionId: string; fieldId: string };
        return validateInformation(db, req.actor, event, order, Number(p.positionId), Number(p.fieldId));
      }),
    );
    app.post<Params>(
      `${base}/:code/mark-paid`,
      hide,
      orderAction("flash.markedPaid", async (req) => {
        const { event, order } = await withOrder(req);
        return markPaid(db, req.actor, event, order);
      }),
    );
    app.post<Params>(
      `${base}/:code/cancel`,
      hide,
      orderAction("flash.cancelled", async (req) => {
        const { event, order } = await withOrder(req);
        return cancelOrder(db, req.actor, event, order);
      }),
    );
    app.post<Params>(
      `${base}/:code/oppose`,
      hide,
      orderAction("flash.opposed", async (req, body) => {
        const { event, order } = await withOrder(req);
        return opposeOrder(db, req.actor, event, order, body.reason || undefined);
      }),
    );
  };
}
