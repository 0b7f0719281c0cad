import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { findOwnOrder, type LoadedOrder } from "../../modules/orders/queries.js";
import { isAccountOf, type PaymentAccount, STRIPE_LIVE_API } from "../../modules/payments/accounts.js";
import { confirmStripePayment, detailsOf, findStripePayment } from "../../modules/payments/stripe/service.js";
import type { AppContext } from "../../platform/context.js";
import { notFound } from "../../platform/errors.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import { redirectToLogin } from "../common/login-redirect.js";
import { ORDER_PREFIXES, type OrderAccess, type OrderAccessParams, orderAccess } from "./order-access.js";
import { statusKey } from "./order-views.js";
import { paymentPage, paymentSummary, testModeNotice } from "./pay-views.js";

type AttemptParams = { Params: OrderAccessParams & { paymentId: string } };

/** orderPath: the order page's address, the account's or a guest's signed link. */
export const stripeReturnUrl = (orderPath: string, paymentId: number) =>
  `${orderPath}/pay/stripe/${paymentId}`;

/** Where a card account's Checkout page lives: Stripe's own, or the same host as a fake's API. */
export function checkoutOrigin(account: PaymentAccount): string {
  if (!isAccountOf(account, "stripe")) return "";
  const api = account.settings.api_url;
  return api === STRIPE_LIVE_API ? "https://checkout.stripe.com" : new URL(api).origin;
}

function stateView(
  req: FastifyRequest,
  order: LoadedOrder,
  payment: LoadedOrder["payments"][number],
  testMode: boolean,
  orderPath: string,
): SafeHtml {
  const { t } = req;
  const state = (kind: "ok" | "error", text: string) =>
    html`<div class="alert ${kind}" role="${kind === "ok" ? "status" : "alert"}" data-testid="stripe-state">${text}</div>`;
  const notice = testMode ? testModeNotice(req) : "";
  const back = html`<p><a class="button" href="${orderPath}">${t("payments.backToOrder")}</a></p>`;
  if (payment.status === "refunded") return html`${notice}${state("error", t("stripe.refunded"))}${back}`;
  if (order.status === "paid") return html`${notice}${state("ok", t("stripe.paid"))}${back}`;
  if (order.status !== "pending")
    return html`${notice}${state("error", t("stripe.orderClosed", { status: t(statusKey(order.status)) }))}`;
  if (payment.status !== "pending" && payment.status !== "created")
    return html`${notice}${state("error", t(payment.status === "failed" ? "stripe.failed" : "stripe.cancelled"))}
<p><a class="button" href="${orderPath}/pay">${t("stripe.again")}</a></p>`;
  const base = stripeReturnUrl(orderPath, payment.id);
  // /assets/lydia.js is the pages' one status poller: it reloads once order or attempt are no longer pending.
  return html`${notice}<p class="alert ok" role="status" data-testid="stripe-state">${t("stripe.confirming")}</p>
<form method="get" action="${base}" data-lydia-status="${base}/status"><button type="submit" class="secondary">${t("stripe.check")}</button></form>
<p><a href="${orderPath}/pay">${t("stripe.otherWay")}</a></p>
<script src="/assets/lydia.js" defer></script>`;
}

/** The page Stripe's Checkout sends the buyer back to: it says what Stripe says, never what the URL says. */
export function stripePages(ctx: AppContext) {
  const hide = { schema: { hide: true } };
  const deps = { db: ctx.db, secrets: ctx.secrets, config: ctx.config };

  const resolve = orderAccess(ctx);

  async function attempt(req: FastifyRequest<AttemptParams>, access: OrderAccess) {
    const { order } = await findOwnOrder(ctx.db, access.actor, access.code);
    const row = await findStripePayment(ctx.db, Number(req.params.paymentId));
    if (!row || row.order_id !== order.id) throw notFound("Payment");
    return { order, row };
  }

  async function show(req: FastifyRequest<AttemptParams>, reply: FastifyReply, access: OrderAccess) {
    const { order: before, row } = await attempt(req, access);
    await confirmStripePayment(deps, before.id, row.id);
    const { order } = await findOwnOrder(ctx.db, access.actor, access.code);
    const payment = order.payments.find((p) => p.id === row.id);
    if (!payment) throw notFound("Payment");
    const waiting = order.status === "pending" && payment.status === "pending";
    const title = req.t(waiting ? "stripe.confirmingTitle" : "stripe.title");
    const testMode = detailsOf(row).test_mode === true;
    return paymentPage(
      req,
      reply,
      title,
      html`${paymentSummary(req, order)}${stateView(req, order, payment, testMode, access.base)}`,
      access.base,
    );
  }

  return async (app: FastifyInstance) => {
    for (const prefix of ORDER_PREFIXES) {
      app.get<AttemptParams>(`${prefix}/pay/stripe/:paymentId`, hide, async (req, reply) => {
        const access = await resolve(req);
        if (!access) return redirectToLogin(req, reply);
        return show(req, reply, access);
      });

      // For the page's poller: the order's and the attempt's status, nothing else.
      app.get<AttemptParams>(`${prefix}/pay/stripe/:paymentId/status`, hide, async (req) => {
        const access = await resolve(req);
        if (!access) throw notFound("Order");
        const { order, row } = await attempt(req, access);
        const payment = order.payments.find((p) => p.id === row.id);
        return { order: order.status, payment: payment?.status ?? row.status };
      });
    }
  };
}
