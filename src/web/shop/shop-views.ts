import type { FastifyRequest } from "fastify";
import type { Selectable } from "kysely";
import type { TicketTypeOption } from "../../modules/catalog/options.js";
import { priceSummary } from "../../modules/catalog/prices.js";
import type { TicketType } from "../../modules/catalog/service.js";
import { monthGrid, shiftMonth } from "../../modules/events/calendar.js";
import type { EventRow } from "../../modules/events/service.js";
import { venueLine, venueOf } from "../../modules/events/venue.js";
import type { EventDatesTable } from "../../platform/db/schema.js";
import { dayIn, formatMonth, formatTime, formatZoned } from "../../platform/http/dates.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import { displayMoney } from "../../platform/money.js";
import { confirmBanner } from "../common/confirm-banner.js";
import { coverImage } from "../common/cover-image.js";
import { field } from "../common/forms.js";
import { alert, csrfField } from "../common/layout.js";
import { renderMarkdown } from "../common/markdown.js";
import { testModeBanner } from "../common/test-mode.js";
import { priceLabel } from "./price-label.js";
import { venueAddress } from "./venue-address.js";

type DateRow = Omit<Selectable<EventDatesTable>, "metadata"> & { metadata: Record<string, string> };

export interface ShopContext {
  organizer: string;
  event: EventRow;
  timeZone: string;
  voucher?: string;
}

const voucherQuery = (voucher?: string) => (voucher ? `?voucher=${encodeURIComponent(voucher)}` : "");

function dateLink(s: ShopContext, d: DateRow) {
  return `/e/${s.organizer}/${s.event.slug}/dates/${d.id}${voucherQuery(s.voucher)}`;
}

function viewSwitch(req: FastifyRequest, s: ShopContext, view: "list" | "month", month: string): SafeHtml {
  const { t } = req;
  const base = `/e/${s.organizer}/${s.event.slug}`;
  const v = s.voucher ? `&voucher=${encodeURIComponent(s.voucher)}` : "";
  return html`<nav class="row views" aria-label="${t("shop.views")}">
  <div><a href="${base}?view=list${v}" ${view === "list" ? html`aria-current="page"` : ""}>${t("shop.listView")}</a> ·
  <a href="${base}?view=month&month=${month}${v}" ${view === "month" ? html`aria-current="page"` : ""}>${t("shop.monthView")}</a> ·
  <a href="${base}/calendar.ics">${t("shop.ical")}</a></div></nav>`;
}

/** The cover over the whole width, the event's name and, where given, what tickets cost. */
function hero(req: FastifyRequest, s: ShopContext, price = "", venue = s.event.venue): SafeHtml {
  return html`${testModeBanner(req, s.event)}${coverImage(req, s.event, { sizes: "(max-width: 1100px) calc(100vw - 2rem), 1068px", eager: true, className: "cover hero" })}
<h1>${s.event.name}</h1>${price ? html`<p class="price">${price}</p>` : ""}${venueAddress(req, venue)}`;
}

function about(req: FastifyRequest, s: ShopContext): SafeHtml | "" {
  const description = renderMarkdown(s.event.description);
  return description
    ? html`<section aria-labelledby="h-about"><h2 id="h-about">${req.t("shop.about")}</h2>${description}</section>`
    : "";
}

const zoneNote = (req: FastifyRequest, s: ShopContext) =>
  html`<p class="hint">${req.t("shop.timesIn", { zone: s.timeZone })}</p>`;

export function eventView(
  req: FastifyRequest,
  s: ShopContext & { types: TicketType[]; dates: DateRow[]; view: "list" | "month"; month: string },
): SafeHtml {
  const { t } = req;
  const top = hero(req, s, priceLabel(req, priceSummary(s.types, s.event.currency)));
  const voucherNote = s.voucher
    ? html`<div class="alert ok" role="status">${t("shop.voucherCarried", { code: s.voucher })}</div>`
    : "";
  if (s.view === "month") {
    const weeks = monthGrid(s.month, s.dates, (iso) => dayIn(iso, s.timeZone));
    const base = `/e/${s.organizer}/${s.event.slug}?view=month${s.voucher ? `&voucher=${encodeURIComponent(s.voucher)}` : ""}`;
    const weekdays =
      weeks[0]?.map((d) =>
        new Intl.DateTimeFormat(req.locale, { weekday: "short", timeZone: "UTC" }).format(
          new Date(`${d.day}T12:00:00Z`),
        ),
      ) ?? [];
    return html`${top}${voucherNote}${viewSwitch(req, s, "month", s.month)}
<div class="month-nav"><a href="${base}&month=${shiftMonth(s.month, -1)}" rel="prev">← ${t("shop.previous")}</a>
<h2>${formatMonth(req.locale, s.month)}</h2>
<a href="${base}&month=${shiftMonth(s.month, 1)}" rel="next">${t("shop.next")} →</a></div>
<div class="table-wrap"><table class="calendar"><thead><tr>${weekdays.map((w) => html`<th scope="col">${w}</th>`)}</tr></thead><tbody>
${weeks.map(
  (week) =>
    html`<tr>${week.map(
      (day) =>
        html`<td class="${day.inMonth ? "" : "muted"}"><div class="daynum">${Number(day.day.slice(8))}</div>${day.dates.map(
          (d) =>
            html`<a class="slot" href="${dateLink(s, d)}">${formatTime(req.locale, d.starts_at, s.timeZone)} ${d.name ?? ""}</a>`,
        )}</td>`,
    )}</tr>`,
)}
</tbody></table></div>${zoneNote(req, s)}${about(req, s)}`;
  }
  return html`${top}${voucherNote}${viewSwitch(req, s, "list", s.month)}
${
  s.dates.length
    ? html`<ul class="dates">${s.dates.map(
        (
          d,
        ) => html`<li class="card"><a href="${dateLink(s, d)}"><strong><time datetime="${d.starts_at}">${formatZoned(req.locale, d.starts_at, s.timeZone)}</time></strong></a>
      ${d.name ? html`<div>${d.name}</div>` : ""}${d.location ? html`<div class="hint">${d.location}</div>` : ""}${d.venue ? html`<div class="hint">${venueLine(d.venue)}</div>` : ""}</li>`,
      )}</ul>`
    : html`<p class="hint">${t("shop.noDates")}</p>`
}${about(req, s)}`;
}

export interface BookingState {
  error?: string;
  values?: Record<string, string>;
  /** Options ticked before (a failed post, a basket kept across a login). */
  options?: number[];
  /** A word on top of the form (the basket is back). */
  notice?: string;
}

export function bookingView(
  req: FastifyRequest,
  s: ShopContext & {
    types: TicketType[];
    date: DateRow | null;
    left: (typeId: number, dateId: number | null) => number | null;
    options: TicketTypeOption[];
    groups: { id: number; ticket_type_id: number; name: string }[];
  },
  state: BookingState = {},
): SafeHtml {
  const { t } = req;
  const now = new Date().toISOString();
  const onSale = (tt: TicketType) =>
    (!tt.sales_start || tt.sales_start <= now) && (!tt.sales_end || tt.sales_end > now);
  const dateId = s.date?.id ?? null;
  const loggedIn = req.actor.kind === "user";
  // One order per person needs an account: a guest is asked to log in (their choice is kept, basket.ts).
  const mustLogIn = !loggedIn && Boolean(s.event.one_order_per_person);
  const ticked = new Set(state.options ?? []);
  const back =
    s.event.kind === "series"
      ? html`<p><a href="/e/${s.organizer}/${s.event.slug}${voucherQuery(s.voucher)}">← ${t("shop.allDates")}</a></p>`
      : "";
  const rows = s.types.map((tt) => {
    const left = s.left(tt.id, dateId);
    const max = Math.min(tt.max_per_order ?? 10, left ?? 10);
    const available = onSale(tt) && max > 0;
    const id = `qty-${tt.id}`;
    return html`<tr>
  <th scope="row"><label for="${id}">${tt.name}</label>${tt.restricted ? html` <span class="badge">${t("shop.restricted")}</span>` : ""}${
    tt.requires_voucher ? html` <span class="badge">${t("shop.voucherOnly")}</span>` : ""
  }</th>
  <td class="tt-price">${displayMoney(tt.price_minor, s.event.currency, req.locale)}</td>
  <td class="tt-left">${!onSale(tt) ? t("shop.notOnSale") : left === 0 ? html`<strong>${t("shop.soldOut")}</strong>` : left === null ? "" : t("shop.left", { count: left })}</td>
  <td class="tt-qty">${
    available
      ? html`<select id="${id}" name="qty_${tt.id}">${Array.from({ length: max + 1 }, (_, n) => html`<option value="${n}" ${state.values?.[`qty_${tt.id}`] === String(n) ? html`selected` : ""}>${n}</option>`)}</select>`
      : "—"
  }</td></tr>${available ? optionRows(req, s, tt, ticked) : ""}`;
  });
  // A single event's page is its only page: what it is about comes before the tickets. A date of a
  // series keeps it below (its event page showed it first).
  const single = s.event.kind !== "series";
  const description = about(req, s);
  return html`${back}${hero(req, s, "", venueOf(s.event, s.date))}
${s.date ? html`<p class="lead"><strong><time datetime="${s.date.starts_at}">${formatZoned(req.locale, s.date.starts_at, s.timeZone)}</time></strong>${s.date.name ? html` · ${s.date.name}` : ""}${s.date.location ? html` · ${s.date.location}` : ""}</p>` : ""}
${single && description ? html`<p><a href="#tickets">${t("shop.toTickets")} ↓</a></p>${description}` : ""}
${alert("error", state.error)}
${alert("ok", state.notice)}${loggedIn ? confirmBanner(req) : html`<div class="alert ok" role="status" data-testid="guest-notice">${t(mustLogIn ? "shop.loginWhy.onePerPerson" : "shop.guestFirst")}</div>`}
<form method="post" action="/e/${s.organizer}/${s.event.slug}/book" class="card booking" id="tickets">
  ${csrfField(req)}${dateId ? html`<input type="hidden" name="date" value="${dateId}">` : ""}
  <div class="table-wrap"><table><thead><tr><th>${t("shop.ticket")}</th><th>${t("shop.price")}</th><th>${t("shop.availability")}</th><th>${t("shop.quantity")}</th></tr></thead>
  <tbody>${rows}</tbody></table></div>
  ${field(t("shop.voucher"), "voucher", { value: state.values?.voucher ?? s.voucher ?? "", hint: t("shop.voucherHint"), autocomplete: "off" })}
  ${loggedIn || mustLogIn ? "" : field(t("shop.guestEmail"), "email", { type: "email", required: true, autocomplete: "email", value: state.values?.email ?? "", hint: t("shop.guestEmailHint") })}
  ${field(t("shop.attendee"), "attendee_name", { value: state.values?.attendee_name ?? (req.actor.kind === "user" ? req.actor.user.name : ""), hint: t("shop.attendeeHint"), autocomplete: loggedIn ? undefined : "name" })}
  <div class="actions">${mustLogIn ? "" : html`<button type="submit">${t("shop.book")}</button>`}${
    loggedIn
      ? ""
      : html`<button type="submit" name="intent" value="login" formnovalidate class="${mustLogIn ? "" : "secondary"}">${t("shop.loginToBook")}</button><button type="submit" name="intent" value="register" formnovalidate class="secondary">${t("shop.registerToBook")}</button>`
  }</div>
</form>${single ? "" : description}`;
}

/** Options apply to every ticket of the type in this booking: independent checkboxes, one radio set per group. */
function optionRows(
  req: FastifyRequest,
  s: {
    event: EventRow;
    options: TicketTypeOption[];
    groups: { id: number; ticket_type_id: number; name: string }[];
  },
  tt: TicketType,
  ticked: Set<number>,
): SafeHtml | "" {
  const own = s.options.filter((o) => o.ticket_type_id === tt.id);
  const on = (o: { id: number }) => (ticked.has(o.id) ? html`checked` : "");
  if (own.length === 0) return "";
  const { t } = req;
  const price = (o: TicketTypeOption) =>
    o.price_minor ? ` (+${displayMoney(o.price_minor, s.event.currency, req.locale)})` : "";
  const single = own.filter((o) => o.group_id === null);
  const groups = s.groups.filter((g) => g.ticket_type_id === tt.id);
  return html`<tr class="options"><td colspan="4">
  ${single.map(
    (o) =>
      html`<label class="check" for="opt-${o.id}"><input type="checkbox" id="opt-${o.id}" name="opt_${tt.id}" value="${o.id}" ${on(o)}> ${o.name}${price(o)}</label>`,
  )}
  ${groups.map(
    (g) => html`<fieldset><legend>${g.name}</legend>
    <label class="check" for="grp-${g.id}-none"><input type="radio" id="grp-${g.id}-none" name="grp_${tt.id}_${g.id}" value="" ${own.some((o) => o.group_id === g.id && ticked.has(o.id)) ? "" : html`checked`}> ${t("shop.noOption")}</label>
    ${own
      .filter((o) => o.group_id === g.id)
      .map(
        (o) =>
          html`<label class="check" for="opt-${o.id}"><input type="radio" id="opt-${o.id}" name="grp_${tt.id}_${g.id}" value="${o.id}" ${on(o)}> ${o.name}${price(o)}</label>`,
      )}
  </fieldset>`,
  )}
  <div class="hint">${t("shop.optionsHint", { type: tt.name })}</div></td></tr>`;
}

export function reservedView(req: FastifyRequest, event: EventRow): SafeHtml {
  const { t } = req;
  return html`<h1>${event.name}</h1><div class="alert error" role="alert">${t("shop.reserved")}</div>
${req.actor.kind === "user" ? "" : html`<p><a class="button" href="/login?next=${encodeURIComponent(req.url)}">${t("nav.login")}</a></p>`}`;
}
