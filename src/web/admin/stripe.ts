import type { FastifyInstance, FastifyRequest } from "fastify";
import { eventForAdmin } from "../../modules/events/lookup.js";
import { findOrderByCode } from "../../modules/orders/queries.js";
import { refundStripePayment } from "../../modules/payments/stripe/service.js";
import { authorize } from "../../platform/auth/policy.js";
import type { AppContext } from "../../platform/context.js";
import { isDomainError } from "../../platform/errors.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import { adminShell } from "../common/admin-shell.js";
import { errorMessage, field, redirectWithFlash } from "../common/forms.js";
import { alert, sendPage } from "../common/layout.js";
import { redirectToLogin } from "../common/login-redirect.js";

type Params = { Params: { slug: string; event: string; code: string } };

/** The one address Stripe sends an organizer's events to, whichever of its card accounts they concern. */
export const stripeWebhookUrl = (publicUrl: string, organizer: string) =>
  `${publicUrl}/api/v1/payments/stripe/webhook/${organizer}`;

/** What Tessera acts on; the endpoint in Stripe should send these. */
const WEBHOOK_EVENTS = [
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
  "checkout.session.async_payment_failed",
  "checkout.session.expired",
  "charge.refunded",
];

/** The fields of a new card account, with the endpoint to set up in Stripe first (its secret is asked here). */
export function stripeFields(req: FastifyRequest, webhookUrl: string): SafeHtml {
  const { t } = req;
  return html`<p><strong>${t("stripe.webhook")}</strong></p><p class="secret" data-testid="stripe-webhook-url">${webhookUrl}</p>
<p class="hint">${t("stripe.webhookHint")}</p><ul class="hint">${WEBHOOK_EVENTS.map((e) => html`<li><code>${e}</code></li>`)}</ul>
${field(t("payments.admin.publishableKey"), "publishable_key", { form: "stripe", required: true, autocomplete: "off" })}
${field(t("payments.admin.secretKey"), "secret_key", { form: "stripe", type: "password", required: true, autocomplete: "off", hint: t("payments.admin.secretKeyHint") })}
${field(t("payments.admin.webhookSecret"), "webhook_secret", { form: "stripe", type: "password", required: true, autocomplete: "off" })}`;
}

/** Refunding a paid card payment from the admin's order page (the button is in order-views.ts). */
export function stripeRefundPages(ctx: AppContext) {
  const hide = { schema: { hide: true } };
  const deps = { db: ctx.db, secrets: ctx.secrets, config: ctx.config };
  return async (app: FastifyInstance) => {
    app.post<Params>(
      "/admin/organizers/:slug/events/:event/orders/:code/refund-card",
      hide,
      async (req, reply) => {
        if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
        const event = await eventForAdmin(ctx.db, req.actor, {
          organizer: req.params.slug,
          event: req.params.event,
        });
        authorize(req.actor, "event.orders", {
          type: "event",
          organizerId: event.organizer_id,
          eventId: event.id,
        });
        const order = await findOrderByCode(ctx.db, event.id, req.params.code);
        const page = `/admin/organizers/${req.params.slug}/events/${event.slug}/orders/${order.code}`;
        try {
          await refundStripePayment(deps, order);
          return redirectWithFlash(reply, page, "flash.refunded");
        } catch (error) {
          if (!isDomainError(error) || (error.httpStatus >= 500 && error.httpStatus !== 503)) throw error;
          const status = error.httpStatus;
          return sendPage(req, reply, {
            status,
            title: req.t("stripe.refund"),
            body: adminShell(
              req,
              "organizers",
              html`<p><a href="${page}">← ${order.code}</a></p><h1>${req.t("stripe.refund")}</h1>${alert("error", errorMessage(req.t, error))}`,
            ),
          });
        }
      },
    );
  };
}
