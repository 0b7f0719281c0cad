import type { FastifyRequest } from "fastify";
import { type HomeStep, homeOverview } from "../../modules/reports/overview.js";
import { can } from "../../platform/auth/policy.js";
import type { Db } from "../../platform/db/index.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import { displayMoney } from "../../platform/money.js";
import { capacityBar } from "../common/chart.js";
import { countText } from "./event-dashboard-views.js";
import { eventTabPath } from "./event-tabs.js";

function step(req: FastifyRequest, s: HomeStep): SafeHtml {
  const { t } = req;
  const item = (href: string, label: string, hint: string) =>
    html`<li><a href="${href}">${label}</a> <span class="hint">${hint}</span></li>`;
  switch (s.kind) {
    case "createOrganizer":
      return item(
        "/admin/organizers",
        t("dashboard.home.createOrganizer"),
        t("dashboard.home.createOrganizer.hint"),
      );
    case "createEvent":
      return item(
        `/admin/organizers/${s.organizer.slug}#h-events`,
        t("dashboard.home.createEvent", { organizer: s.organizer.name }),
        t("dashboard.home.createEvent.hint"),
      );
    case "addDate":
      return item(
        eventTabPath(s.organizer.slug, s.event.slug, "dates"),
        t("dashboard.home.addDate", { event: s.event.name }),
        t("dashboard.step.addDate.hint"),
      );
    case "addTicketType":
      return item(
        eventTabPath(s.organizer.slug, s.event.slug, "ticket-types"),
        t("dashboard.home.addTicketType", { event: s.event.name }),
        t("dashboard.step.addTicketType.hint"),
      );
  }
}

/**
 * The admin home's own part: on an empty (or half set up) platform what to do next, and once there are
 * events a line of sales per event.
 */
export async function adminHomePanel(req: FastifyRequest, db: Db): Promise<SafeHtml> {
  const { t, locale } = req;
  const overview = await homeOverview(db, req.actor);
  const n = new Intl.NumberFormat(locale);
  const lonely =
    overview.organizers === 0 && !can(req.actor, "platform.admin", { type: "platform" })
      ? html`<p class="hint">${t("dashboard.home.noOrganizer")}</p>`
      : "";
  const steps = overview.steps.length
    ? html`<section class="card steps" aria-labelledby="h-next-steps"><h2 id="h-next-steps">${t("dashboard.nextSteps")}</h2>
<ul>${overview.steps.map((s) => step(req, s))}</ul></section>`
    : "";
  const events = overview.events.length
    ? html`<section class="card" aria-labelledby="h-your-events"><h2 id="h-your-events">${t("dashboard.home.events")}</h2>
<div class="table-wrap"><table><thead><tr><th scope="col">${t("dashboard.home.event")}</th><th scope="col">${t("dashboard.sold")}</th><th scope="col">${t("dashboard.revenue")}</th><td></td></tr></thead><tbody>
${overview.events.map((e) => {
  const sold =
    e.tickets.capacity === null
      ? n.format(e.tickets.paid)
      : t("dashboard.soldOf", { sold: n.format(e.tickets.paid), capacity: n.format(e.tickets.capacity) });
  return html`<tr><th scope="row"><a href="${eventTabPath(e.organizer.slug, e.slug, "dashboard")}">${e.name}</a><div class="hint">${e.organizer.name}</div></th><td>${sold}</td><td>${displayMoney(e.revenueMinor, e.currency, locale)}</td><td>${capacityBar(e.tickets.paid, e.tickets.pending, e.tickets.capacity)}</td></tr>`;
})}</tbody></table></div>
${overview.moreEvents > 0 ? html`<p><a href="/admin/organizers">${countText(req, "moreEvents", overview.moreEvents)}</a></p>` : ""}
</section>`
    : "";
  return html`${lonely}${steps}${events}`;
}
