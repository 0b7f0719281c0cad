import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { missingBlockingInformation } from "../../modules/information/answers.js";
import { findOwnOrder } from "../../modules/orders/queries.js";
import { eventPaymentAccounts } from "../../modules/payments/accounts.js";
import {
  checkLydiaPayment,
  detailsOf,
  findLydiaPayment,
  lastLydiaPhone,
  startLydiaPayment,
} from "../../modules/payments/lydia/service.js";
import type { AppContext } from "../../platform/context.js";
import { isDomainError, notFound } from "../../platform/errors.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import { flashOf } from "../common/flash.js";
import { errorMessage, formBody, redirectWithFlash } from "../common/forms.js";
import { sendPage } from "../common/layout.js";
import { redirectToLogin } from "../common/login-redirect.js";
import { phoneForm, waitingState, waitingUrl } from "./lydia-views.js";
import { ORDER_PREFIXES, type OrderAccess, type OrderAccessParams, orderAccess } from "./order-access.js";
import { paymentSummary } from "./pay-views.js";

type PayParams = { Params: OrderAccessParams & { accountId: string } };
type AttemptParams = { Params: OrderAccessParams & { paymentId: string } };

/** A domain error as the buyer reads it; Lydia's own words are added to its refusal. */
function explain(req: FastifyRequest, error: unknown): string {
  const message = errorMessage(req.t, error);
  const said = isDomainError(error) ? error.details?.lydia_message : undefined;
  return typeof said === "string"
    ? `${message} ${req.t("lydia.refusedBecause", { message: said })}`
    : message;
}

const statusOf = (error: unknown) => (isDomainError(error) ? error.httpStatus : 500);

/** The buyer's Lydia pages: the phone number, then the page that waits for the phone. */
export function lydiaPages(ctx: AppContext) {
  const hide = { schema: { hide: true } };
  const deps = { db: ctx.db, secrets: ctx.secrets, config: ctx.config };
  const resolve = orderAccess(ctx);

  function page(
    req: FastifyRequest,
    reply: FastifyReply,
    title: string,
    orderPath: string,
    body: SafeHtml,
    status = 200,
  ) {
    return sendPage(req, reply, {
      title,
      narrow: true,
      status,
      body: html`<p><a href="${orderPath}">← ${req.t("payments.backToOrder")}</a></p><h1>${title}</h1>${body}`,
    });
  }

  /** The buyer's pending order and a Lydia account its event offers; anything else does not exist. */
  async function lydiaChoice(req: FastifyRequest<PayParams>, access: OrderAccess) {
    const own = await findOwnOrder(ctx.db, access.actor, access.code);
    const account = (await eventPaymentAccounts(ctx.db, own.eventId)).find(
      (a) => a.id === Number(req.params.accountId) && a.provider === "lydia",
    );
    if (!account) throw notFound("Payment account");
    return { order: own.order, accountId: account.id };
  }

  async function showPhoneForm(
    req: FastifyRequest<PayParams>,
    reply: FastifyReply,
    access: OrderAccess,
    error?: unknown,
  ) {
    const { order } = await lydiaChoice(req, access);
    const { t } = req;
    const { base } = access;
    if (order.status !== "pending") return reply.redirect(base, 303);
    if ((await missingBlockingInformation(ctx.db, order.id, "payment")).length > 0)
      return page(
        req,
        reply,
        t("lydia.title"),
        base,
        html`<p class="alert error" data-testid="information-first">${t("payments.informationFirst")}</p>`,
        409,
      );
    const userId = access.actor.kind === "user" ? access.actor.user.id : 0;
    const phone = formBody(req).phone ?? (await lastLydiaPhone(ctx.db, userId));
    const waiting = order.payments.find((p) => p.provider === "lydia" && p.status === "pending");
    const body = phoneForm(req, order, {
      phone,
      waiting,
      error: error ? explain(req, error) : undefined,
      orderPath: base,
    });
    return page(
      req,
      reply,
      t("lydia.title"),
      base,
      html`${paymentSummary(req, order)}${body}`,
      error ? statusOf(error) : 200,
    );
  }

  async function showWaiting(
    req: FastifyRequest<AttemptParams>,
    reply: FastifyReply,
    access: OrderAccess,
    problem?: { error: unknown },
  ) {
    const { order } = await findOwnOrder(ctx.db, access.actor, access.code);
    const payment = order.payments.find(
      (p) => p.id === Number(req.params.paymentId) && p.provider === "lydia",
    );
    const row = payment ? await findLydiaPayment(ctx.db, payment.id) : undefined;
    if (!payment || !row) throw notFound("Payment");
    const recipient = detailsOf(row).recipient;
    const body = waitingState(req, order, payment, {
      accountId: row.account_id,
      recipient: typeof recipient === "string" ? recipient : "",
      notice: flashOf(req),
      error: problem ? explain(req, problem.error) : undefined,
      orderPath: access.base,
    });
    const status = problem ? statusOf(problem.error) : 200;
    const waiting = order.status === "pending" && payment.status === "pending";
    const title = req.t(waiting ? "lydia.waitingTitle" : "lydia.title");
    return page(req, reply, title, access.base, html`${paymentSummary(req, order)}${body}`, status);
  }

  return async (app: FastifyInstance) => {
    for (const prefix of ORDER_PREFIXES) {
      app.get<PayParams>(`${prefix}/pay/:accountId/lydia`, hide, async (req, reply) => {
        const access = await resolve(req);
        if (!access) return redirectToLogin(req, reply);
        return showPhoneForm(req, reply, access);
      });

      app.post<PayParams>(`${prefix}/pay/:accountId/lydia`, hide, async (req, reply) => {
        const access = await resolve(req);
        if (!access) return redirectToLogin(req, reply);
        const { order, accountId } = await lydiaChoice(req, access);
        try {
          const paymentId = await startLydiaPayment(deps, order, accountId, formBody(req).phone, access.base);
          return reply.redirect(waitingUrl(order.code, paymentId, access.base), 303);
        } catch (error) {
          if (!isDomainError(error)) throw error;
          if (error.code === "invalid_order_status") return reply.redirect(access.base, 303);
          return showPhoneForm(req, reply, access, error);
        }
      });

      app.get<AttemptParams>(`${prefix}/pay/lydia/:paymentId`, hide, async (req, reply) => {
        const access = await resolve(req);
        if (!access) return redirectToLogin(req, reply);
        return showWaiting(req, reply, access);
      });

      app.post<AttemptParams>(`${prefix}/pay/lydia/:paymentId/check`, hide, async (req, reply) => {
        const access = await resolve(req);
        if (!access) return redirectToLogin(req, reply);
        const { order } = await findOwnOrder(ctx.db, access.actor, access.code);
        const url = waitingUrl(order.code, Number(req.params.paymentId), access.base);
        try {
          const status = await checkLydiaPayment(deps, order.id, Number(req.params.paymentId));
          return status === "pending"
            ? redirectWithFlash(reply, url, "lydia.notYet")
            : reply.redirect(url, 303);
        } catch (error) {
          if (!isDomainError(error) || error.code === "not_found") throw error;
          return showWaiting(req, reply, access, { error });
        }
      });

      // For the waiting page's script: the order's and the attempt's status, nothing else.
      app.get<AttemptParams>(`${prefix}/pay/lydia/:paymentId/status`, hide, async (req) => {
        const access = await resolve(req);
        if (!access) throw notFound("Order");
        const { order } = await findOwnOrder(ctx.db, access.actor, access.code);
        const payment = order.payments.find(
          (p) => p.id === Number(req.params.paymentId) && p.provider === "lydia",
        );
        if (!payment) throw notFound("Payment");
        return { order: order.status, payment: payment.status };
      });
    }
  };
}
