import type { FastifyReply, FastifyRequest } from "fastify";
import { html, type SafeHtml } from "../../platform/http/html.js";
import { displayMoney } from "../../platform/money.js";
import { sendPage } from "../common/layout.js";

/** Every payment page: a way back to the booking, a title, the content. */
export function paymentPage(
  req: FastifyRequest,
  reply: FastifyReply,
  title: string,
  body: SafeHtml,
  /** The order page's address: the account's, or a guest's signed link. */
  orderPath: string,
  status = 200,
) {
  return sendPage(req, reply, {
    title,
    narrow: true,
    status,
    body: html`<p><a href="${orderPath}">← ${req.t("payments.backToOrder")}</a></p><h1>${title}</h1>${body}`,
  });
}

/** What is being paid: the amount and the booking code as the reference. */
export function paymentSummary(
  req: FastifyRequest,
  order: { code: string; total_minor: number; currency: string },
) {
  return html`<dl class="card"><dt>${req.t("payments.amount")}</dt><dd data-testid="amount">${displayMoney(order.total_minor, order.currency, req.locale)}</dd>
<dt>${req.t("payments.reference")}</dt><dd><code>${order.code}</code></dd></dl>`;
}

/** Said wherever a test-mode card account is in play, so nobody mistakes a test payment for a real one. */
export function testModeNotice(req: FastifyRequest): SafeHtml {
  return html`<p class="alert error test-mode" role="note" data-testid="test-mode">${req.t("stripe.testModeHint")}</p>`;
}
