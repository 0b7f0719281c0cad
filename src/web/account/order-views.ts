import type { FastifyRequest } from "fastify";
import type { PresentedLogEntry } from "../../modules/audit/order-log-presenter.js";
import { venueLine } from "../../modules/events/venue.js";
import type { LoadedOrder } from "../../modules/orders/queries.js";
import type { OrderStatus } from "../../platform/db/schema.js";
import { formatDateTimeInZone } from "../../platform/http/dates.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import type { MessageKey } from "../../platform/i18n/index.js";
import { displayMoney } from "../../platform/money.js";
import { alert, csrfField } from "../common/layout.js";
import { testOrderMark, testOrderNote } from "../common/test-mode.js";
import { orderLogList, orderSummaryFacts, priceCell } from "./order-summary-views.js";
import { ticketCodeLine } from "./ticket-code.js";

export const statusKey = (status: OrderStatus): MessageKey => `order.status.${status}`;

export function statusBadge(req: FastifyRequest, status: OrderStatus): SafeHtml {
  return html`<span class="status-${status}">${req.t(statusKey(status))}</span>`;
}

export function myOrdersView(
  req: FastifyRequest,
  orders: {
    code: string;
    status: OrderStatus;
    total_minor: number;
    currency: string;
    created_at: string;
    event_name: string;
    test_mode: number;
  }[],
): SafeHtml {
  const { t } = req;
  return html`<h1>${t("order.mine")}</h1>
${
  orders.length
    ? html`<div class="table-wrap"><table><thead><tr><th>${t("order.code")}</th><th>${t("home.event")}</th><th>${t("order.status")}</th><th>${t("order.total")}</th></tr></thead><tbody>
${orders.map(
  (o) =>
    html`<tr><td><a href="/account/orders/${o.code}"><code>${o.code}</code></a>${testOrderMark(req, o)}</td><td>${o.event_name}</td><td>${statusBadge(req, o.status)}</td><td>${displayMoney(o.total_minor, o.currency, req.locale)}</td></tr>`,
)}</tbody></table></div>`
    : html`<p class="hint">${t("order.none")}</p>`
}`;
}

export function orderView(
  req: FastifyRequest,
  data: {
    event: { name: string; slug: string; organizer_slug: string; organizer_name: string };
    order: LoadedOrder;
    dates: {
      id: number;
      name: string | null;
      starts_at: string;
      location: string | null;
      venue?: string | null;
    }[];
    /** Where the tickets take place (orderVenues): one for all, or each ticket's own. */
    venues?: { single?: string; byPosition: Map<number, string> };
    voucherCode?: string | null;
    /** The order's log as sentences (presentOrderLog), when the buyer is shown it. */
    log?: PresentedLogEntry[];
    timeZone: string;
    /** Pay now / download tickets: whatever the buyer can do next, decided by the caller. */
    actions?: SafeHtml;
    /** Tickets whose date is held in an online room: the link to its room page. */
    roomLinks?: Map<number, string>;
    /** Paid tickets: the live ticket page with its rotating code. */
    liveLinks?: Map<number, string>;
    /** Where this page lives (the account's address, or a guest's signed link); forms post below it. */
    base?: string;
    /** Booked without an account: no list of "my orders" to go back to. */
    guest?: boolean;
  },
  notice: { ok?: string; error?: string } = {},
): SafeHtml {
  const { t } = req;
  const { order, event } = data;
  const dateOf = (id: number | null) => data.dates.find((d) => d.id === id);
  const base = data.base ?? `/account/orders/${order.code}`;
  return html`${data.guest ? "" : html`<p><a href="/account/orders">← ${t("order.mine")}</a></p>`}
<h1>${event.name}</h1>
${alert("ok", notice.ok)}${alert("error", notice.error)}${testOrderNote(req, order)}
<section class="card">
  <dl>
    <dt>${t("order.code")}</dt><dd><code data-testid="booking-code">${order.code}</code>${testOrderMark(req, order)}</dd>
    <dt>${t("order.status")}</dt><dd data-testid="order-status">${statusBadge(req, order.status)}</dd>
    <dt>${t("order.total")}</dt><dd>${displayMoney(order.total_minor, order.currency, req.locale)}</dd>
    ${order.status === "pending" && order.expires_at ? html`<dt>${t("order.payUntil")}</dt><dd>${formatDateTimeInZone(req.locale, order.expires_at, data.timeZone)}</dd>` : ""}
    <dt>${t("order.organizer")}</dt><dd>${event.organizer_name}</dd>
    ${orderSummaryFacts(req, order, { venue: data.venues?.single, voucherCode: data.voucherCode })}
  </dl>
  ${order.status === "pending" ? html`<p class="hint">${t("order.pendingHint", { code: order.code })}</p>` : ""}
  ${data.actions ?? ""}
  ${
    order.status === "pending"
      ? html`<form method="post" action="${base}/cancel">${csrfField(req)}<button class="danger" type="submit">${t("order.cancel")}</button></form>`
      : ""
  }
</section>
<h2>${t("order.tickets")}</h2>
<div class="table-wrap"><table class="tickets"><thead><tr><th>${t("shop.ticket")}</th><th>${t("order.date")}</th><th>${t("shop.attendee")}</th><th>${t("shop.price")}</th><th>${t("order.validity")}</th></tr></thead><tbody>
${order.positions.map((p) => {
  const date = dateOf(p.date_id);
  // data-label: on a phone each ticket is a card whose cells name themselves (app.css, table.tickets).
  return html`<tr><td data-label="${t("shop.ticket")}">${p.ticket_type_name}${p.options.length ? html`<div class="hint">+ ${p.options.map((o) => o.name).join(", ")}</div>` : ""}${ticketCodeLine(req, p.ticket_code)}</td><td data-label="${t("order.date")}">${date ? formatDateTimeInZone(req.locale, date.starts_at, data.timeZone, "short") : "—"}${date?.name ? html`<div class="hint">${date.name}</div>` : ""}${data.venues && data.venues.single === undefined ? html`<div class="hint">${venueLine(data.venues.byPosition.get(p.id) ?? "")}</div>` : ""}</td>
  <td data-label="${t("shop.attendee")}">${p.attendee_name ?? "—"}</td><td data-label="${t("shop.price")}">${priceCell(req, p, order.currency)}</td>
  <td data-label="${t("order.validity")}">${order.status === "paid" ? html`<span class="status-paid">${t("order.valid")}</span>` : html`<span class="hint">${t("order.notValid")}</span>`}${
    data.roomLinks?.has(p.id)
      ? html`<div><a href="${data.roomLinks.get(p.id) ?? ""}">${t("order.room")}</a></div>`
      : ""
  }${data.liveLinks?.has(p.id) ? html`<div><a href="${data.liveLinks.get(p.id) ?? ""}">${t("tickets.live.link")}</a></div>` : ""}</td></tr>`;
})}
</tbody></table></div>${data.log ? orderLogList(data.log, t("order.history")) : ""}`;
}
