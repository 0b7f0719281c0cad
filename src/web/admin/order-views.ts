import type { FastifyRequest } from "fastify";
import type { PresentedLogEntry } from "../../modules/audit/order-log-presenter.js";
import type { EventRow } from "../../modules/events/service.js";
import { personOr } from "../../modules/orders/anonymous.js";
import type { LoadedOrder } from "../../modules/orders/queries.js";
import type { TicketStateView } from "../../modules/wallet/overview.js";
import type { OrderStatus } from "../../platform/db/schema.js";
import { formatDateTime } from "../../platform/http/dates.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import type { MessageKey } from "../../platform/i18n/index.js";
import { displayMoney } from "../../platform/money.js";
import { orderLogList, orderSummaryFacts, priceCell } from "../account/order-summary-views.js";
import { statusBadge, statusKey } from "../account/order-views.js";
import { ticketCodeLine } from "../account/ticket-code.js";
import { field, select } from "../common/forms.js";
import { alert, csrfField } from "../common/layout.js";
import { testOrderMark, testOrderNote } from "../common/test-mode.js";
import { eventTabs } from "./event-tabs.js";
import { exportForm } from "./exports.js";

const STATUSES: OrderStatus[] = ["pending", "paid", "cancelled", "expired", "opposed"];
type DateLite = { id: number; name: string | null; starts_at: string };

export function adminOrdersView(
  req: FastifyRequest,
  d: {
    organizer: string;
    event: EventRow;
    orders: {
      code: string;
      status: OrderStatus;
      email: string;
      total_minor: number;
      currency: string;
      created_at: string;
      tickets: number;
      test_mode: number;
    }[];
    dates: DateLite[];
    filters: { q: string; status?: OrderStatus; date?: number };
    timeZone: string;
    types: { id: number; name: string }[];
    canGive: boolean;
    error?: string;
  },
): SafeHtml {
  const { t } = req;
  const base = `/admin/organizers/${d.organizer}/events/${d.event.slug}`;
  const dateChoices = d.dates.map((x): [string, string] => [
    String(x.id),
    x.name ?? formatDateTime(req.locale, x.starts_at, d.timeZone, "short"),
  ]);
  const give = d.canGive
    ? html`<details class="card" ${d.error ? html`open` : ""}><summary><strong>${t("adminOrders.give")}</strong></summary>
  <p class="hint">${t("adminOrders.giveHint")}</p>
  <form method="post" action="${base}/orders/give">${csrfField(req)}
    <div class="row"><div>${field(t("field.email"), "email", { form: "give", type: "email", required: true })}</div>
    <div>${select(
      t("shop.ticket"),
      "ticket_type",
      d.types.map((x): [string, string] => [String(x.id), x.name]),
      null,
      "give",
    )}</div>
    ${dateChoices.length ? html`<div>${select(t("order.date"), "date", dateChoices, null, "give")}</div>` : ""}
    <div>${field(t("shop.quantity"), "quantity", { form: "give", type: "number", min: 1, max: 100, value: 1 })}</div></div>
    <button type="submit">${t("adminOrders.giveSubmit")}</button>
  </form></details>`
    : "";
  return html`${eventTabs(req, d.organizer, d.event, "orders")}
${alert("error", d.error)}${give}
<form method="get" action="${base}/orders" class="row" role="search">
  <div>${field(t("adminOrders.search"), "q", { type: "search", value: d.filters.q })}</div>
  <div>${select(t("order.status"), "status", [["", t("adminOrders.any")], ...STATUSES.map((s): [string, string] => [s, t(statusKey(s))])], d.filters.status ?? "")}</div>
  <div>${select(t("order.date"), "date", [["", t("adminEvent.allDates")], ...d.dates.map((x): [string, string] => [String(x.id), x.name ?? formatDateTime(req.locale, x.starts_at, d.timeZone, "short")])], d.filters.date ? String(d.filters.date) : "")}</div>
  <div><button type="submit">${t("adminOrders.filter")}</button></div>
</form>
<p class="hint">${t("adminOrders.count", { count: d.orders.length })}</p>
<div class="table-wrap"><table class="stack"><thead><tr><th>${t("order.code")}</th><th>${t("field.email")}</th><th>${t("order.status")}</th><th>${t("order.tickets")}</th><th>${t("order.total")}</th><th>${t("adminOrders.placed")}</th></tr></thead><tbody>
${d.orders.map(
  (
    o,
  ) => html`<tr><td><a href="${base}/orders/${o.code}"><code>${o.code}</code></a>${testOrderMark(req, o)}</td><td>${o.email}</td><td>${statusBadge(req, o.status)}</td><td data-label="${t("order.tickets")}">${o.tickets}</td>
<td data-label="${t("order.total")}">${displayMoney(o.total_minor, o.currency, req.locale)}</td><td data-label="${t("adminOrders.placed")}">${formatDateTime(req.locale, o.created_at, d.timeZone, "short")}</td></tr>`,
)}</tbody></table></div>
<section class="card"><h2>${t("exports.title")}</h2><p class="hint">${t("exports.requestHint")}</p>
${exportForm(req, d.organizer, d.event.slug, d.filters.status === "pending" ? "pending" : "paid")}
<p><a href="${base}/exports">${t("exports.title")} →</a></p></section>`;
}

export function adminOrderView(
  req: FastifyRequest,
  d: {
    organizer: string;
    event: EventRow;
    order: LoadedOrder;
    dates: DateLite[];
    /** The order's log as sentences in the reader's language (presentOrderLog). */
    log: PresentedLogEntry[];
    venues?: { single?: string; byPosition: Map<number, string> };
    voucherCode?: string | null;
    canEdit: boolean;
    timeZone: string;
    /** Payment attempts and notifications, rendered by the payments module. */
    payments?: SafeHtml;
    /** Each ticket's lifecycle family, wallet status and holder (seed 004). */
    ticketStates?: Map<number, TicketStateView>;
  },
  notice: { ok?: string; error?: string } = {},
  information: SafeHtml = html``,
): SafeHtml {
  const { t } = req;
  const { order } = d;
  const base = `/admin/organizers/${d.organizer}/events/${d.event.slug}/orders/${order.code}`;
  const dateOf = (id: number | null) => d.dates.find((x) => x.id === id);
  const actions: SafeHtml[] = [];
  if (d.canEdit && order.status === "pending") {
    actions.push(
      html`<form method="post" action="${base}/mark-paid">${csrfField(req)}<button type="submit">${t("adminOrders.markPaid")}</button></form>`,
    );
    actions.push(
      html`<form method="post" action="${base}/cancel">${csrfField(req)}<button class="secondary" type="submit">${t("order.cancel")}</button></form>`,
    );
  }
  if (d.canEdit && order.status === "paid") {
    if (order.payments.some((p) => p.provider === "stripe" && p.status === "completed"))
      actions.push(
        html`<form method="post" action="${base}/refund-card">${csrfField(req)}<p class="hint">${t("stripe.refundHint")}</p><button class="danger" type="submit" data-testid="refund-card">${t("stripe.refund")}</button></form>`,
      );
    actions.push(html`<form method="post" action="${base}/oppose">${csrfField(req)}${field(t("adminOrders.reason"), "reason", { form: "oppose" })}
      <p class="hint">${t("adminOrders.opposeHint")}</p><button class="danger" type="submit">${t("adminOrders.oppose")}</button></form>`);
  }
  return html`<p><a href="/admin/organizers/${d.organizer}/events/${d.event.slug}/orders">← ${t("adminEvent.orders")}</a></p>
<h1>${t("order.title")} <code>${order.code}</code>${testOrderMark(req, order)}</h1>
${alert("ok", notice.ok)}${alert("error", notice.error)}${testOrderNote(req, order)}
<div class="grid">
<section class="card"><dl>
  <dt>${t("order.status")}</dt><dd data-testid="order-status">${statusBadge(req, order.status)}</dd>
  <dt>${t("field.email")}</dt><dd data-testid="order-email">${personOr(order.email, order.anonymized_at, req.locale)}</dd>
  <dt>${t("order.total")}</dt><dd>${displayMoney(order.total_minor, order.currency, req.locale)}</dd>
  <dt>${t("adminOrders.placed")}</dt><dd>${formatDateTime(req.locale, order.created_at, d.timeZone, "short")}</dd>
</dl></section>
${actions.length ? html`<section class="card">${actions}</section>` : ""}
</div>
${d.venues?.single || d.voucherCode ? html`<section class="card"><dl>${orderSummaryFacts(req, order, { venue: d.venues?.single, voucherCode: d.voucherCode })}</dl></section>` : ""}
<h2>${t("order.tickets")}</h2>
<p><a class="button secondary" href="/api/v1/organizers/${d.organizer}/events/${d.event.slug}/orders/${order.code}/tickets.pdf">${t("tickets.download")}</a></p>
<div class="table-wrap"><table><thead><tr><th>#</th><th>${t("shop.ticket")}</th><th>${t("order.date")}</th><th>${t("shop.attendee")}</th><th>${t("shop.price")}</th><th>${t("wallet.family")} · ${t("wallet.walletStatus")}</th></tr></thead><tbody>
${order.positions.map((p) => {
  const date = dateOf(p.date_id);
  const state = d.ticketStates?.get(p.id);
  return html`<tr><td>${p.id}</td><td>${p.ticket_type_name}${p.options.length ? html`<div class="hint">+ ${p.options.map((o) => o.name).join(", ")}</div>` : ""}${ticketCodeLine(req, p.ticket_code)}</td><td>${date ? (date.name ?? formatDateTime(req.locale, date.starts_at, d.timeZone, "short")) : "—"}</td><td>${personOr(p.attendee_name, p.anonymized_at, req.locale) ?? "—"}</td><td>${priceCell(req, p, order.currency)}</td>
<td>${state ? html`${t(`wallet.family.${state.family}` as MessageKey)} · ${state.wallet_status ?? t("wallet.notApplicable")}${state.wallet_holder ? html`<div class="hint">${t("wallet.holder")}: ${state.wallet_holder}</div>` : ""}` : "—"}</td></tr>`;
})}</tbody></table></div>
${information}
${d.payments ?? ""}
${orderLogList(d.log, t("adminOrders.log"))}`;
}
