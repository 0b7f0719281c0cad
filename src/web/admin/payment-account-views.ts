import type { FastifyRequest } from "fastify";
import type { PaymentRecords } from "../../modules/payments/ledger.js";
import { formatDateTime } from "../../platform/http/dates.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import { displayMoney } from "../../platform/money.js";

// The message exactly as received, one field a line (a form-encoded "&" never occurs inside a value).
const asReceived = (raw: string) => (raw.startsWith("{") ? raw : raw.replaceAll("&", "&\n"));

/**
 * What an organizer needs to see why a payment did or did not go through: each attempt and each
 * message the provider sent, with its verification, what was done, and the message itself.
 */
export function paymentsSection(req: FastifyRequest, records: PaymentRecords, timeZone: string): SafeHtml {
  const { t } = req;
  const when = (iso: string) => formatDateTime(req.locale, iso, timeZone, "short");
  return html`<h2>${t("payments.admin.attempts")}</h2>
${
  records.payments.length === 0
    ? html`<p class="hint">${t("payments.admin.noPayments")}</p>`
    : html`<div class="table-wrap"><table data-testid="payments"><thead><tr><th>${t("payments.admin.provider")}</th><th>${t("payments.admin.status")}</th><th>${t("payments.amount")}</th><th>${t("payments.reference")}</th><th>${t("payments.admin.created")}</th><th>${t("payments.admin.updated")}</th></tr></thead><tbody>
${records.payments.map(
  (p) =>
    html`<tr><td>${t(`payments.provider.${p.provider}`)}${p.provider === "stripe" && p.details.includes('"test_mode":true') ? html` <span class="pill warn" data-testid="test-mode-badge">${t("stripe.testMode")}</span>` : ""}</td><td>${t(`payments.status.${p.status}`)}</td><td>${displayMoney(p.amount_minor, p.currency, req.locale)}</td><td><code>${p.reference ?? "—"}</code>${p.details === "{}" ? "" : html`<details class="hint"><summary>${t("payments.admin.details")}</summary><pre>${p.details}</pre></details>`}</td><td>${when(p.created_at)}</td><td>${when(p.updated_at)}</td></tr>`,
)}</tbody></table></div>`
}
${
  records.notifications.length === 0
    ? ""
    : html`<h3>${t("payments.admin.notifications")}</h3><div class="table-wrap"><table data-testid="notifications"><thead><tr><th>${t("payments.admin.received")}</th><th>${t("payments.admin.provider")}</th><th>${t("payments.admin.verification")}</th><th>${t("payments.admin.outcome")}</th><th>${t("payments.admin.raw")}</th></tr></thead><tbody>
${records.notifications.map(
  (n) =>
    html`<tr><td>${when(n.received_at)}</td><td>${n.provider}</td><td>${n.verification}</td><td>${n.outcome}</td><td><details><summary>${t("payments.admin.raw")}</summary><pre>${asReceived(n.raw)}</pre></details></td></tr>`,
)}</tbody></table></div>`
}`;
}
