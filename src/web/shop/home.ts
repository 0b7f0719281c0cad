import type { FastifyInstance } from "fastify";
import { upcomingDates } from "../../modules/events/service.js";
import type { AppContext } from "../../platform/context.js";
import { html } from "../../platform/http/html.js";
import { sendPage } from "../common/layout.js";

export function homePage(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    app.get("/", { schema: { hide: true } }, async (req, reply) => {
      const { t } = req;
      const dates = await upcomingDates(ctx.db);
      const when = new Intl.DateTimeFormat(req.locale, {
        dateStyle: "full",
        timeStyle: "short",
        timeZone: "UTC",
      });
      const body = html`<h1>${t("home.title")}</h1><p>${t("home.intro")}</p>
<h2>${t("home.upcoming")}</h2>
${
  dates.length
    ? html`<div class="table-wrap"><table><thead><tr><th>${t("home.when")}</th><th>${t("home.event")}</th><th>${t("home.where")}</th></tr></thead><tbody>
  ${dates.map((d) => html`<tr><td>${when.format(new Date(d.starts_at))} UTC</td><td><a href="/e/${d.organizer_slug}/${d.event_slug}/dates/${d.id}">${d.name ?? d.event_name}</a><div class="hint">${d.name ? `${d.event_name} · ` : ""}${d.organizer_name}</div></td><td>${d.location ?? ""}</td></tr>`)}
</tbody></table></div>`
    : html`<p class="hint">${t("home.none")}</p>`
}`;
      return sendPage(req, reply, { title: t("home.title"), body });
    });
  };
}
