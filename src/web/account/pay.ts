import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { missingBlockingInformation } from "../../modules/information/answers.js";
import { findOwnOrder } from "../../modules/orders/queries.js";
import { eventPaymentAccounts, isAccountOf } from "../../modules/payments/accounts.js";
import { startPaypalCheckout } from "../../modules/payments/paypal/checkout.js";
import { startStripeCheckout } from "../../modules/payments/stripe/service.js";
import type { AppContext } from "../../platform/context.js";
import { isDomainError, notFound } from "../../platform/errors.js";
import { allowFormTarget } from "../../platform/http/csp.js";
import { html } from "../../platform/http/html.js";
import { errorMessage } from "../common/forms.js";
import { csrfField } from "../common/layout.js";
import { redirectToLogin } from "../common/login-redirect.js";
import { ORDER_PREFIXES, type OrderAccess, type OrderAccessParams, orderAccess } from "./order-access.js";
import { paymentPage, paymentSummary, testModeNotice } from "./pay-views.js";
import { checkoutOrigin, stripePages } from "./stripe.js";

type CodeParams = { Params: OrderAccessParams & { accountId?: string } };

/** The buyer's payment pages: choosing an account, transfer instructions, the hand-off to PayPal. */
export function paymentPages(ctx: AppContext) {
  const hide = { schema: { hide: true } };
  const { db } = ctx;

  const resolve = orderAccess(ctx);
  const ownPendingOrder = (access: OrderAccess) => findOwnOrder(db, access.actor, access.code);
  // Seed 003: what the organizer marked as needed before payment must be there before any payment starts.
  const informationMissing = async (orderId: number) =>
    (await missingBlockingInformation(db, orderId, "payment")).length > 0;
  const informationFirst = (req: FastifyRequest, reply: FastifyReply, base: string) =>
    paymentPage(
      req,
      reply,
      req.t("payments.title"),
      html`<p class="alert error" data-testid="information-first">${req.t("payments.informationFirst")}</p>`,
      base,
    );

  return async (app: FastifyInstance) => {
    await app.register(stripePages(ctx));

    // A guest pays behind their signed link exactly as a logged-in buyer does: only the access differs.
    for (const prefix of ORDER_PREFIXES) {
      app.get<CodeParams>(`${prefix}/pay`, hide, async (req, reply) => {
        const access = await resolve(req);
        if (!access) return redirectToLogin(req, reply);
        const { base } = access;
        const { order, eventId } = await ownPendingOrder(access);
        const { t } = req;
        if (order.status !== "pending")
          return paymentPage(req, reply, t("payments.title"), html`<p>${t("payments.notPending")}</p>`, base);
        if (await informationMissing(order.id)) return informationFirst(req, reply, base);
        const accounts = await eventPaymentAccounts(db, eventId);
        // The card button's form is answered with a redirect to Stripe's hosted page, which form-action must allow.
        const cards = accounts.filter((a) => isAccountOf(a, "stripe"));
        if (cards.length > 0) allowFormTarget(reply, [...new Set(cards.map(checkoutOrigin))].join(" "));
        const label = (a: (typeof accounts)[number]) =>
          isAccountOf(a, "stripe")
            ? `${t("stripe.payByCard")} · ${a.description}${a.settings.test_mode ? ` (${t("stripe.testMode")})` : ""}`
            : t("payments.payWith", { account: a.description });
        const choices = accounts.length
          ? html`<h2>${t("payments.choose")}</h2>${cards.some((a) => isAccountOf(a, "stripe") && a.settings.test_mode) ? testModeNotice(req) : ""}${accounts.map(
              (a) =>
                html`<form method="post" action="${base}/pay/${a.id}">${csrfField(req)}<button type="submit" data-provider="${a.provider}">${label(a)}</button></form>`,
            )}`
          : html`<p>${t("payments.none")}</p>`;
        return paymentPage(
          req,
          reply,
          t("payments.title"),
          html`${paymentSummary(req, order)}${choices}`,
          base,
        );
      });

      app.post<CodeParams>(`${prefix}/pay/:accountId`, hide, async (req, reply) => {
        const access = await resolve(req);
        if (!access) return redirectToLogin(req, reply);
        const { base } = access;
        const { order, eventId, eventName } = await ownPendingOrder(access);
        const { t } = req;
        if (order.status !== "pending") return reply.redirect(base, 303);
        if (await informationMissing(order.id)) return informationFirst(req, reply, base);
        const account = (await eventPaymentAccounts(db, eventId)).find(
          (a) => a.id === Number(req.params.accountId),
        );
        if (!account) throw notFound("Payment account");
        if (isAccountOf(account, "lydia")) return reply.redirect(`${base}/pay/${account.id}/lydia`, 303);
        if (isAccountOf(account, "stripe")) {
          try {
            const { url } = await startStripeCheckout(
              { db, secrets: ctx.secrets, config: ctx.config },
              order,
              account.id,
              { eventName, locale: req.locale, orderPath: base },
            );
            return reply.redirect(url, 303);
          } catch (error) {
            if (!isDomainError(error) || error.httpStatus < 500) throw error;
            // Stripe hangs or fails: the buyer is told so in their language, within the deadline.
            reply.header("retry-after", "30");
            return paymentPage(
              req,
              reply,
              t("stripe.title"),
              html`<p class="alert error" role="alert" data-testid="stripe-unavailable">${errorMessage(t, error)}</p>${paymentSummary(req, order)}<p><a class="button" href="${base}/pay">${t("stripe.again")}</a></p>`,
              base,
              error.httpStatus,
            );
          }
        }
        if (isAccountOf(account, "manual"))
          return paymentPage(
            req,
            reply,
            t("payments.manual.title"),
            html`<p>${t("payments.manual.intro")}</p>${paymentSummary(req, order)}<pre class="card instructions">${account.settings.instructions}</pre>`,
            base,
          );
        if (!isAccountOf(account, "paypal")) throw notFound("Payment account");
        const fields = await startPaypalCheckout(db, {
          order,
          account,
          eventName,
          publicUrl: ctx.config.publicUrl,
          orderPath: base,
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
          base,
        );
      });
    }
  };
}
