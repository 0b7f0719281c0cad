import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { missingBlockingInformation } from "../../modules/information/answers.js";
import { findOwnOrder } from "../../modules/orders/queries.js";
import { eventPaymentAccounts, isAccountOf } from "../../modules/payments/accounts.js";
import { startPaypalCheckout } from "../../modules/payments/paypal/checkout.js";
import type { AppContext } from "../../platform/context.js";
import { notFound } from "../../platform/errors.js";
import { allowFormTarget } from "../../platform/http/csp.js";
import { html } from "../../platform/http/html.js";
import { csrfField } from "../common/layout.js";
import { redirectToLogin } from "../common/login-redirect.js";
import { paymentPage, paymentSummary } from "./pay-views.js";

type CodeParams = { Params: { code: string; accountId?: string } };

/** The buyer's payment pages: choosing an account, transfer instructions, the hand-off to PayPal. */
export function paymentPages(ctx: AppContext) {
  const hide = { schema: { hide: true } };
  const { db } = ctx;

  const ownPendingOrder = (req: FastifyRequest<CodeParams>) => findOwnOrder(db, req.actor, req.params.code);
  // Seed 003: what the organizer marked as needed before payment must be there before any payment starts.
  const informationMissing = async (orderId: number) =>
    (await missingBlockingInformation(db, orderId, "payment")).length > 0;
  const informationFirst = (req: FastifyRequest, reply: FastifyReply, code: string) =>
    paymentPage(
      req,
      reply,
      req.t("payments.title"),
      html`<p class="alert error" data-testid="information-first">${req.t("payments.informationFirst")}</p>`,
      code,
    );

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
      if (await informationMissing(order.id)) return informationFirst(req, reply, order.code);
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
      if (await informationMissing(order.id)) return informationFirst(req, reply, order.code);
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
      const fields = await startPaypalCheckout(db, {
        order,
        account,
        eventName,
        publicUrl: ctx.config.publicUrl,
        locale: req.locale,
      });
      allowFormTarget(reply, new URL(account.settings.checkout_url).origin);
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
