import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AppContext } from "../../../platform/context.js";
import { domainError, notFound } from "../../../platform/errors.js";
import { errorMessage, field, formBody } from "../../../platform/http/forms.js";
import { html } from "../../../platform/http/html.js";
import { alert, csrfField } from "../../../platform/http/layout.js";
import { redirectToLogin } from "../../../platform/http/login-redirect.js";
import { missingBlockingInformation } from "../../orders/information.js";
import { findOwnOrder } from "../../orders/queries.js";
import { eventPaymentAccounts } from "../accounts.js";
import { paymentPage, paymentSummary } from "../pages/views.js";
import { keepRawFormBodies } from "../raw-form.js";
import { checkLydiaPayment, type LydiaCallback, receiveLydiaCallback, startLydiaPayment } from "./service.js";

type PayParams = { Params: { code: string; accountId: string } };
type AttemptParams = { Params: { code: string; paymentId: string } };

export function lydiaRoutes(ctx: AppContext) {
  const hide = { schema: { hide: true } };
  const deps = { db: ctx.db, secrets: ctx.secrets, config: ctx.config };

  async function lydiaChoice(req: FastifyRequest<PayParams>) {
    const own = await findOwnOrder(ctx.db, req.actor, req.params.code);
    const account = (await eventPaymentAccounts(ctx.db, own.eventId)).find(
      (a) => a.id === Number(req.params.accountId) && a.provider === "lydia",
    );
    if (!account) throw notFound("Payment account");
    return { ...own, account };
  }

  async function phoneForm(req: FastifyRequest<PayParams>, reply: FastifyReply, error?: string) {
    const { order } = await lydiaChoice(req);
    const { t } = req;
    if (order.status !== "pending") return reply.redirect(`/account/orders/${order.code}`, 303);
    if ((await missingBlockingInformation(ctx.db, order.id, "payment")).length > 0)
      return reply.redirect(`/account/orders/${order.code}/pay`, 303);
    return paymentPage(
      req,
      reply.status(error ? 400 : 200),
      t("lydia.title"),
      html`${alert("error", error)}<p>${t("lydia.phoneIntro")}</p>${paymentSummary(req, order)}
<form method="post">${csrfField(req)}${field(t("lydia.phone"), "phone", { type: "tel", required: true, autocomplete: "tel", value: lastPhone(req) })}
<button type="submit">${t("lydia.send")}</button></form>`,
      order.code,
    );
  }

  const lastPhone = (req: FastifyRequest) => formBody(req).phone ?? "";

  async function waitingPage(req: FastifyRequest<AttemptParams>, reply: FastifyReply) {
    const { order } = await findOwnOrder(ctx.db, req.actor, req.params.code);
    const payment = order.payments.find(
      (p) => p.id === Number(req.params.paymentId) && p.provider === "lydia",
    );
    if (!payment) throw notFound("Payment");
    const { t } = req;
    const base = `/account/orders/${order.code}/pay/lydia/${payment.id}`;
    const state =
      order.status === "paid"
        ? html`<div class="alert ok" role="status" data-testid="lydia-state">${t("lydia.paid")}</div><p><a class="button" href="/account/orders/${order.code}">${t("payments.backToOrder")}</a></p>`
        : payment.status === "cancelled" || payment.status === "failed"
          ? html`<div class="alert error" role="alert" data-testid="lydia-state">${t(payment.status === "failed" ? "lydia.failed" : "lydia.cancelled")}</div><p><a class="button" href="/account/orders/${order.code}/pay">${t("lydia.again")}</a></p>`
          : html`<p data-testid="lydia-state">${t("lydia.waiting")}</p>
<form method="post" action="${base}/check" data-lydia-status="${base}/status">${csrfField(req)}<button type="submit">${t("lydia.check")}</button></form>
<script src="/assets/lydia.js" defer></script>`;
    return paymentPage(
      req,
      reply,
      t("lydia.waitingTitle"),
      html`${paymentSummary(req, order)}${state}`,
      order.code,
    );
  }

  return async (app: FastifyInstance) => {
    app.get<PayParams>("/account/orders/:code/pay/:accountId/lydia", hide, async (req, reply) => {
      if (req.actor.kind !== "user") return redirectToLogin(req, reply);
      return phoneForm(req, reply);
    });

    app.post<PayParams>("/account/orders/:code/pay/:accountId/lydia", hide, async (req, reply) => {
      if (req.actor.kind !== "user") return redirectToLogin(req, reply);
      const { order, account } = await lydiaChoice(req);
      try {
        const paymentId = await startLydiaPayment(deps, order, account.id, formBody(req).phone);
        return reply.redirect(`/account/orders/${order.code}/pay/lydia/${paymentId}`, 303);
      } catch (error) {
        return phoneForm(req, reply, errorMessage(req.t, error));
      }
    });

    app.get<AttemptParams>("/account/orders/:code/pay/lydia/:paymentId", hide, async (req, reply) => {
      if (req.actor.kind !== "user") return redirectToLogin(req, reply);
      return waitingPage(req, reply);
    });

    app.post<AttemptParams>("/account/orders/:code/pay/lydia/:paymentId/check", hide, async (req, reply) => {
      if (req.actor.kind !== "user") return redirectToLogin(req, reply);
      const { order } = await findOwnOrder(ctx.db, req.actor, req.params.code);
      await checkLydiaPayment(deps, order.id, Number(req.params.paymentId)).catch(() => undefined);
      return reply.redirect(`/account/orders/${order.code}/pay/lydia/${req.params.paymentId}`, 303);
    });

    // For the waiting page's script: the order's and the attempt's status, nothing else.
    app.get<AttemptParams>("/account/orders/:code/pay/lydia/:paymentId/status", hide, async (req) => {
      const { order } = await findOwnOrder(ctx.db, req.actor, req.params.code);
      const payment = order.payments.find((p) => p.id === Number(req.params.paymentId));
      if (!payment) throw notFound("Payment");
      return { order: order.status, payment: payment.status };
    });

    await app.register(async (callbacks) => {
      keepRawFormBodies(callbacks);
      for (const kind of ["confirm", "cancel", "expire"] as const satisfies LydiaCallback[]) {
        callbacks.post(
          `/api/v1/payments/lydia/${kind}`,
          {
            config: { csrf: false },
            schema: {
              tags: ["payments"],
              summary: `Lydia's ${kind} callback: kept, signature checked (md5 with the private token), acted on once`,
              security: [],
            },
          },
          async (req, reply) => {
            const raw = typeof req.body === "string" ? req.body : "";
            if (raw === "") throw domainError("empty_notification", "Empty callback", 400);
            await receiveLydiaCallback(deps, kind, raw);
            return reply.status(200).send({ status: "received" });
          },
        );
      }
    });
  };
}
