import type { FastifyRequest } from "fastify";
import type { EventStep } from "../../modules/reports/next-steps.js";
import type { DateSales, Figures, SalesSummary } from "../../modules/reports/sales-summary.js";
import { formatDateTime } from "../../platform/http/dates.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import type { MessageKey } from "../../platform/i18n/index.js";
import { displayMoney } from "../../platform/money.js";
import { barChart, capacityBar } from "../common/chart.js";
import { eventTabPath } from "./event-tabs.js";

export interface DashboardData {
  organizer: string;
  summary: SalesSummary;
  steps: EventStep[];
  visibility: "public" | "unlisted" | "audience";
  shopUrl: string;
}

const COUNTED = {
  tickets: ["dashboard.tickets.one", "dashboard.tickets.other"],
  paidOrders: ["dashboard.paidOrders.one", "dashboard.paidOrders.other"],
  pendingAmount: ["dashboard.pendingAmount.one", "dashboard.pendingAmount.other"],
  left: ["dashboard.left.one", "dashboard.left.other"],
  moreEvents: ["dashboard.home.more.one", "dashboard.home.more.other"],
} satisfies Record<string, [MessageKey, MessageKey]>;

/** A text with a count in it, in the singular or plural form the reader's language uses for it. */
export function countText(
  req: FastifyRequest,
  what: keyof typeof COUNTED,
  count: number,
  params: Record<string, string> = {},
): string {
  const [one, other] = COUNTED[what];
  const form = new Intl.PluralRules(req.locale).select(count) === "one" ? one : other;
  return req.t(form, { count: new Intl.NumberFormat(req.locale).format(count), ...params });
}

const STEP_TEXT: Record<EventStep, [label: MessageKey, hint: MessageKey]> = {
  addDate: ["dashboard.step.addDate", "dashboard.step.addDate.hint"],
  addTicketType: ["dashboard.step.addTicketType", "dashboard.step.addTicketType.hint"],
  addQuota: ["dashboard.step.addQuota", "dashboard.step.addQuota.hint"],
  createPaymentAccount: ["dashboard.step.createPaymentAccount", "dashboard.step.createPaymentAccount.hint"],
  addPayment: ["dashboard.step.addPayment", "dashboard.step.addPayment.hint"],
  notPublic: ["dashboard.step.notPublic", "dashboard.step.notPublic.hint"],
};

/** Where each step is done: the section page of the event's backoffice. */
function stepLink(organizer: string, event: string, step: EventStep): string {
  const base = eventTabPath(organizer, event, "dashboard");
  switch (step) {
    case "addDate":
      return eventTabPath(organizer, event, "dates");
    case "addTicketType":
      return eventTabPath(organizer, event, "ticket-types");
    case "addQuota":
      return eventTabPath(organizer, event, "quotas");
    case "createPaymentAccount":
      return `/admin/organizers/${organizer}/payments`;
    case "addPayment":
      return `${base}/payments`;
    case "notPublic":
      return eventTabPath(organizer, event, "settings");
  }
}

function nextSteps(req: FastifyRequest, d: DashboardData): SafeHtml {
  const { t } = req;
  if (d.steps.length === 0) return html``;
  const visibility = t(`adminEvent.visibility.${d.visibility}`);
  return html`<section class="card steps" aria-labelledby="h-steps"><h2 id="h-steps">${t("dashboard.nextSteps")}</h2>
<ul>${d.steps.map(
    (step) =>
      html`<li><a href="${stepLink(d.organizer, d.summary.event.slug, step)}">${t(STEP_TEXT[step][0])}</a> <span class="hint">${t(STEP_TEXT[step][1], { visibility })}</span></li>`,
  )}</ul></section>`;
}

function keyFigures(req: FastifyRequest, s: SalesSummary): SafeHtml {
  const { t, locale } = req;
  const n = new Intl.NumberFormat(locale);
  const money = (minor: number) => displayMoney(minor, s.event.currency, locale);
  const { totals } = s;
  const sold =
    totals.capacity === null
      ? n.format(totals.paid)
      : t("dashboard.soldOf", { sold: n.format(totals.paid), capacity: n.format(totals.capacity) });
  const left =
    totals.remaining === null ? t("dashboard.unlimited") : countText(req, "left", totals.remaining);
  return html`<section aria-labelledby="h-figures"><h2 id="h-figures" class="sr">${t("dashboard.figures")}</h2>
<div class="figures">
  <div class="card figure" data-testid="figure-sold"><span class="hint">${t("dashboard.sold")}</span><strong>${sold}</strong>${capacityBar(totals.paid, totals.pending, totals.capacity)}<span class="hint">${left}</span></div>
  <div class="card figure" data-testid="figure-revenue"><span class="hint">${t("dashboard.revenue")}</span><strong>${money(s.money.revenueMinor)}</strong><span class="hint">${countText(req, "paidOrders", s.orders.paid)}</span></div>
  <div class="card figure" data-testid="figure-pending"><span class="hint">${t("dashboard.pending")}</span><strong>${countText(req, "tickets", totals.pending)}</strong><span class="hint">${countText(req, "pendingAmount", s.orders.pending, { amount: money(s.money.pendingMinor) })}</span></div>
  <div class="card figure" data-testid="figure-checked-in"><span class="hint">${t("dashboard.checkedIn")}</span><strong>${n.format(totals.checkedIn)}</strong><span class="hint">${t("dashboard.checkedInOf", { count: n.format(totals.paid) })}</span></div>
</div></section>`;
}

function perDay(req: FastifyRequest, s: SalesSummary): SafeHtml {
  const { t, locale } = req;
  const short = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" });
  const long = new Intl.DateTimeFormat(locale, { dateStyle: "full", timeZone: "UTC" });
  const at = (day: string) => new Date(`${day}T12:00:00Z`);
  const points = s.days.map((d) => ({
    label: short.format(at(d.day)),
    longLabel: long.format(at(d.day)),
    value: d.orders,
  }));
  const first = s.days[0]?.day ?? "";
  const last = s.days[s.days.length - 1]?.day ?? "";
  const n = new Intl.NumberFormat(locale);
  const description = t("dashboard.perDay.desc", {
    days: s.days.length,
    first: first && long.format(at(first)),
    last: last && long.format(at(last)),
    total: n.format(s.days.reduce((sum, d) => sum + d.orders, 0)),
    max: n.format(Math.max(0, ...s.days.map((d) => d.orders))),
  });
  return html`<section class="card" aria-labelledby="h-per-day"><h2 id="h-per-day">${t("dashboard.perDay")}</h2>
${barChart({ id: "orders-per-day", title: t("dashboard.perDay"), description, locale, labelHeader: t("dashboard.day"), valueHeader: t("dashboard.orders"), points })}
<p class="hint">${t("dashboard.perDay.hint", { days: s.days.length, zone: s.event.timeZone })}</p></section>`;
}

function figureCells(req: FastifyRequest, f: Figures): SafeHtml {
  const n = new Intl.NumberFormat(req.locale);
  const maybe = (v: number | null) => (v === null ? req.t("dashboard.unlimited") : n.format(v));
  return html`<td>${n.format(f.paid)}</td><td>${n.format(f.pending)}</td><td>${maybe(f.remaining)}</td><td>${maybe(f.capacity)}</td><td>${n.format(f.checkedIn)}</td><td>${capacityBar(f.paid, f.pending, f.capacity)}</td>`;
}

function dateLabel(req: FastifyRequest, s: SalesSummary, d: DateSales): string {
  if (d.startsAt === null) return req.t("dashboard.noDate");
  const when = formatDateTime(req.locale, d.startsAt, s.event.timeZone, "short");
  return d.name ? `${when} · ${d.name}` : when;
}

function perDate(req: FastifyRequest, s: SalesSummary): SafeHtml {
  const { t } = req;
  if (s.dates.length === 0 || s.ticketTypes.length === 0)
    return html`<section class="card"><h2>${t("dashboard.perDate")}</h2><p class="hint">${t("dashboard.noSales")}</p></section>`;
  const head = html`<tr><th scope="col">${t("dashboard.dateType")}</th><th scope="col">${t("dashboard.paid")}</th><th scope="col">${t("dashboard.pendingColumn")}</th><th scope="col">${t("dashboard.remaining")}</th><th scope="col">${t("dashboard.capacity")}</th><th scope="col">${t("dashboard.checkedIn")}</th><td></td></tr>`;
  return html`<section class="card" aria-labelledby="h-per-date"><h2 id="h-per-date">${t("dashboard.perDate")}</h2>
<div class="table-wrap"><table class="sales"><thead>${head}</thead>
${s.dates.map(
  (d) =>
    html`<tbody><tr class="date"><th scope="row">${dateLabel(req, s, d)}</th>${figureCells(req, d)}</tr>
${d.types.map((x) => html`<tr class="type"><th scope="row">${x.name}</th>${figureCells(req, x)}</tr>`)}</tbody>`,
)}
</table></div>
<p class="hint">${t("dashboard.capacityNote")}</p></section>`;
}

function quotas(req: FastifyRequest, s: SalesSummary): SafeHtml {
  const { t } = req;
  if (s.quotas.length === 0) return html``;
  const n = new Intl.NumberFormat(req.locale);
  const typeName = new Map(s.ticketTypes.map((x) => [x.ticketTypeId, x.name]));
  const date = new Map(s.dates.map((d) => [d.dateId, d]));
  return html`<section class="card" aria-labelledby="h-quotas"><h2 id="h-quotas">${t("dashboard.quotas")}</h2>
<div class="table-wrap"><table class="quotas"><thead><tr><th scope="col">${t("dashboard.quota")}</th><th scope="col">${t("dashboard.appliesTo")}</th><th scope="col">${t("dashboard.taken")}</th><th scope="col">${t("dashboard.remaining")}</th><td></td></tr></thead><tbody>
${s.quotas.map((q) => {
  const on = q.dateId === null ? t("dashboard.allDates") : dateLabel(req, s, date.get(q.dateId) as DateSales);
  const types = q.ticketTypeIds.map((id) => typeName.get(id) ?? "").join(", ");
  return html`<tr><th scope="row">${q.name}</th><td>${on}<div class="hint">${types}</div></td><td>${t("dashboard.soldOf", { sold: n.format(q.taken), capacity: n.format(q.size) })}</td><td>${n.format(q.remaining)}</td><td>${capacityBar(q.taken, 0, q.size)}</td></tr>`;
})}</tbody></table></div></section>`;
}

/** The event's dashboard below its section navigation: next steps, key figures, the chart, the tables. */
export function dashboardView(req: FastifyRequest, d: DashboardData): SafeHtml {
  return html`${nextSteps(req, d)}
${keyFigures(req, d.summary)}
${perDay(req, d.summary)}
${perDate(req, d.summary)}
${quotas(req, d.summary)}
<p><a href="${d.shopUrl}">${req.t("dashboard.shop")}</a></p>`;
}
