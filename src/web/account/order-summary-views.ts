import type { FastifyRequest } from "fastify";
import type { PresentedLogEntry } from "../../modules/audit/order-log-presenter.js";
import type { LoadedOrder } from "../../modules/orders/queries.js";
import { orderDiscountMinor, positionPrice } from "../../modules/orders/summary.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import { displayMoney } from "../../platform/money.js";
import { venueAddress } from "../shop/venue-address.js";

/** A ticket's price as booked: with a voucher, the regular price struck through before the price paid. */
export function priceCell(
  req: FastifyRequest,
  p: LoadedOrder["positions"][number],
  currency: string,
): SafeHtml {
  const price = positionPrice(p);
  const paid = displayMoney(price.paidMinor, currency, req.locale);
  if (!price.discounted) return html`${paid}`;
  const list = displayMoney(price.listMinor, currency, req.locale);
  return html`<span class="list-price"><span class="sr">${req.t("order.listPrice")}: </span><s>${list}</s></span> <strong data-testid="paid-price"><span class="sr">${req.t("order.paidPrice")}: </span>${paid}</strong>`;
}

/** Lines of the order's summary list: the venue (when all tickets share one) and the voucher with its discount. */
export function orderSummaryFacts(
  req: FastifyRequest,
  order: LoadedOrder,
  extra: { venue?: string; voucherCode?: string | null },
): SafeHtml {
  const { t } = req;
  const discount = orderDiscountMinor(order);
  return html`${extra.venue ? html`<dt>${t("order.venue")}</dt><dd>${venueAddress(req, extra.venue)}</dd>` : ""}${
    extra.voucherCode
      ? html`<dt>${t("order.voucher")}</dt><dd><code data-testid="voucher-code">${extra.voucherCode}</code>${discount > 0 ? html` · ${t("order.discount")} −${displayMoney(discount, order.currency, req.locale)}` : ""}</dd>`
      : ""
  }`;
}

/** The order's log as sentences, newest last; its time in the event's zone. */
export function orderLogList(entries: PresentedLogEntry[], heading: string): SafeHtml {
  if (entries.length === 0) return html``;
  return html`<section class="card order-log" aria-labelledby="h-log"><h2 id="h-log">${heading}</h2>
<ol class="log" data-testid="order-log">${entries.map((e) => html`<li><time datetime="${e.at}">${e.when}</time> <span>${e.sentence}</span></li>`)}</ol></section>`;
}
