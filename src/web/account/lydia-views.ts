import type { FastifyRequest } from "fastify";
import type { LoadedOrder } from "../../modules/orders/queries.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import { field } from "../common/forms.js";
import { alert, csrfField } from "../common/layout.js";
import { statusKey } from "./order-views.js";

type Payment = LoadedOrder["payments"][number];

/** orderPath: the order page's address, the account's or a guest's signed link. */
export const phoneFormUrl = (code: string, accountId: number, orderPath = `/account/orders/${code}`) =>
  `${orderPath}/pay/${accountId}/lydia`;
export const waitingUrl = (code: string, paymentId: number, orderPath = `/account/orders/${code}`) =>
  `${orderPath}/pay/lydia/${paymentId}`;

/** The phone number form; an attempt still waiting is pointed at rather than silently replaced. */
export function phoneForm(
  req: FastifyRequest,
  order: LoadedOrder,
  options: { phone: string; error?: string; waiting?: Payment; orderPath: string },
): SafeHtml {
  const { t } = req;
  const waiting = options.waiting
    ? html`<div class="alert ok" role="status">${t("lydia.alreadyWaiting")} <a href="${waitingUrl(order.code, options.waiting.id, options.orderPath)}">${t("lydia.openWaiting")}</a></div>`
    : "";
  return html`${alert("error", options.error)}${waiting}<p>${t("lydia.phoneIntro")}</p>
<form method="post" data-testid="lydia-phone-form">${csrfField(req)}
${field(t("lydia.phone"), "phone", { type: "tel", required: true, autocomplete: "tel", value: options.phone, hint: t("lydia.phoneHint") })}
<button type="submit">${t("lydia.send")}</button></form>`;
}

function againLinks(
  req: FastifyRequest,
  code: string,
  accountId: number | null,
  orderPath: string,
): SafeHtml {
  const { t } = req;
  return html`<p>${accountId ? html`<a class="button" href="${phoneFormUrl(code, accountId, orderPath)}">${t("lydia.again")}</a> ` : ""}<a href="${orderPath}/pay">${t("lydia.otherWay")}</a></p>`;
}

/**
 * Where the buyer waits for their phone. Paid, closed and refused are final pages; while waiting, the
 * "check" form asks Lydia, and /assets/lydia.js polls the status URL and reloads when something changes.
 */
export function waitingState(
  req: FastifyRequest,
  order: LoadedOrder,
  payment: Payment,
  attempt: {
    accountId: number | null;
    recipient: string;
    notice?: string;
    error?: string;
    orderPath: string;
  },
): SafeHtml {
  const { t } = req;
  const state = (kind: "ok" | "error", text: string) =>
    html`<div class="alert ${kind}" role="${kind === "ok" ? "status" : "alert"}" data-testid="lydia-state">${text}</div>`;
  if (order.status === "paid")
    return html`${state("ok", t("lydia.paid"))}<p><a class="button" href="${attempt.orderPath}">${t("payments.backToOrder")}</a></p>`;
  if (order.status !== "pending")
    return state("error", t("lydia.orderClosed", { status: t(statusKey(order.status)) }));
  if (payment.status !== "pending")
    return html`${state("error", t(payment.status === "failed" ? "lydia.failed" : "lydia.cancelled"))}${againLinks(req, order.code, attempt.accountId, attempt.orderPath)}`;
  const base = waitingUrl(order.code, payment.id, attempt.orderPath);
  return html`${alert("error", attempt.error)}${alert("ok", attempt.notice)}
<p data-testid="lydia-state">${t("lydia.waiting")}</p>
${attempt.recipient ? html`<p class="hint">${t("lydia.sentTo", { phone: attempt.recipient })}</p>` : ""}
<form method="post" action="${base}/check" data-lydia-status="${base}/status">${csrfField(req)}<button type="submit">${t("lydia.check")}</button></form>
${attempt.accountId ? html`<p><a href="${phoneFormUrl(order.code, attempt.accountId, attempt.orderPath)}">${t("lydia.otherNumber")}</a></p>` : ""}
<script src="/assets/lydia.js" defer></script>`;
}
