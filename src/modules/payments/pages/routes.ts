import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AppContext } from "../../../platform/context.js";
import { notFound } from "../../../platform/errors.js";
import { html } from "../../../platform/http/html.js";
import { csrfField } from "../../../platform/http/layout.js";
import { redirectToLogin } from "../../../platform/http/login-redirect.js";
import { missingBlockingInformation } from "../../orders/information.js";
import { findOwnOrder } from "../../orders/queries.js";
import { eventPaymentAccounts, isAccountOf } from "../accounts.js";
import { openPayment } from "../ledger.js";
import { paymentFormFields } from "../paypal/client.js";
import { paymentPage, paymentSummary } from "./views.js";

type CodeParams = { Params: { code: string; accountId?: string } };

// Helmet's policy, with PayPal's checkout allowed as a form target on the one page that posts there.
const cspWithFormTarget = (origin: string) =>
  [
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self'",
    "script-src 'self'",
    "frame-ancestors 'none'",
    `form-action 'self' ${origin}`,
    "base-uri 'self'",
    "object-src 'none'",
  ].join(";");

/** The buyer's payment pages: choosing an account, transfer instructions, the hand-off to PayPal. */
export function paymentPages(ctx: AppContext) {
  const hide = { schema: { hide: true } };
  const { db } = ctx;

  const ownPendingOrder = (req: FastifyRequest<CodeParams>) => findOwnOrder(db, req.actor, req.params.code);

  return async (app: FastifyInstance) => {
    app.get<CodeParams>("/account/orders/:code/pay", hide, async (req, reply) => {
      if (req.actor.kind !== "user") return redirectToLogin(req, reply);
      const { order, eventId } = await ownPendingOrder(req);
      const { t } = req;
      if (order.status !== "pending")
        return paymentPage(
          req,
          reply,
          t("payments.title"),
          html`<p>${t("payments.notPending")}</p>`,
          order.code,
        );
      if ((await missingBlockingInformation(db, order.id, "payment")).length > 0)
        return paymentPage(
          req,
          reply,
          t("payments.title"),
          html`<p class="alert error">${t("payments.informationFirst")}</p>`,
          order.code,
        );
      const accounts = await eventPaymentAccounts(db, eventId);
      const choices = accounts.length
        ? html`<h2>${t("payments.choose")}</h2>${accounts.map(
            (a) =>
              html`<form method="post" action="/account/orders/${order.code}/pay/${a.id}">${csrfField(req)}<button type="submit" data-provider="${a.provider}">${t("payments.payWith", { account: a.description })}</button></form>`,
          )}`
        : html`<p>${t("payments.none")}</p>`;
      return paymentPage(
        req,
        reply,
        t("payments.title"),
        html`${paymentSummary(req, order)}${choices}`,
        order.code,
      );
    });

    app.post<CodeParams>("/account/orders/:code/pay/:accountId", hide, async (req, reply) => {
      if (req.actor.kind !== "user") return redirectToLogin(req, reply);
      const { order, eventId, eventName } = await ownPendingOrder(req);
      const { t } = req;
      if (order.status !== "pending") return reply.redirect(`/account/orders/${order.code}`, 303);
      const account = (await eventPaymentAccounts(db, eventId)).find(
        (a) => a.id === Number(req.params.accountId),
      );
      if (!account) throw notFound("Payment account");
      if (isAccountOf(account, "lydia"))
        return reply.redirect(`/account/orders/${order.code}/pay/${account.id}/lydia`, 303);
      if (isAccountOf(account, "manual"))
        return paymentPage(
          req,
          reply,
          t("payments.manual.title"),
          html`<p>${t("payments.manual.intro")}</p>${paymentSummary(req, order)}<pre class="card instructions">${account.settings.instructions}</pre>`,
          order.code,
        );
      if (!isAccountOf(account, "paypal")) throw notFound("Payment account");
      await openPayment(db, order, "paypal", account.id);
      const orderUrl = `${ctx.config.publicUrl}/account/orders/${order.code}`;
      const fields = paymentFormFields({
        account: account.settings,
        code: order.code,
        itemName: `${eventName} · ${order.code}`,
        totalMinor: order.total_minor,
        currency: order.currency,
        notifyUrl: `${ctx.config.publicUrl}/api/v1/payments/paypal/ipn`,
        returnUrl: `${orderUrl}?flash=payments.paypal.returned`,
        cancelUrl: `${orderUrl}?flash=payments.paypal.cancelled`,
        locale: req.locale,
      });
      reply.header(
        "content-security-policy",
        cspWithFormTarget(new URL(account.settings.checkout_url).origin),
      );
      return paymentPage(
        req,
        reply,
        t("payments.paypal.title"),
        html`<p>${t("payments.paypal.intro")}</p>${paymentSummary(req, order)}
<form method="post" action="${account.settings.checkout_url}">${fields.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<button type="submit">${t("payments.paypal.continue")}</button></form>`,
        order.code,
      );
    });
  };
}
