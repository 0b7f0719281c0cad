import type { FastifyInstance, FastifyRequest } from "fastify";
import { type PriceSummary, priceSummaries } from "../../modules/catalog/prices.js";
import { type UpcomingEvent, upcomingEvents } from "../../modules/events/showcase.js";
import type { AppContext } from "../../platform/context.js";
import { formatZoned } from "../../platform/http/dates.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import { coverImage } from "../common/cover-image.js";
import { sendPage } from "../common/layout.js";
import { markdownExcerpt } from "../common/markdown.js";
import { priceLabel } from "./price-label.js";

function eventCard(
  req: FastifyRequest,
  e: UpcomingEvent,
  price: PriceSummary | undefined,
  index: number,
): SafeHtml {
  const { t } = req;
  const href = `/e/${e.organizer_slug}/${e.slug}`;
  const more = e.upcoming - 1;
  const label = priceLabel(req, price);
  const excerpt = markdownExcerpt(e.description, 140);
  // The first row of cards is on screen at once: only the ones further down wait until scrolled to.
  const cover = coverImage(req, e, {
    sizes: "(max-width: 720px) calc(100vw - 2rem), 340px",
    eager: index < 3,
  });
  return html`<li class="card event-card">
  <a class="cover-link" href="${href}" tabindex="-1" aria-hidden="true">${cover || html`<div class="cover placeholder"></div>`}</a>
  <div class="event-card-body">
    <h3><a class="title-link" href="${href}">${e.name}</a></h3>
    <p class="when"><time datetime="${e.next_at}">${formatZoned(req.locale, e.next_at, e.zone, "short")}</time>${
      e.next?.name ? html` · ${e.next.name}` : ""
    }${more > 0 ? html`<br><span class="hint">${more === 1 ? t("showcase.moreDate") : t("showcase.moreDates", { count: more })}</span>` : ""}</p>
    <p class="hint">${e.next?.location ? html`${e.next.location} · ` : ""}${t("showcase.by", { organizer: e.organizer_name })}</p>
    ${excerpt ? html`<p class="excerpt">${excerpt}</p>` : ""}
    ${label ? html`<p class="price">${label}</p>` : ""}
  </div>
</li>`;
}

export function homePage(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    app.get("/", { schema: { hide: true } }, async (req, reply) => {
      const { t } = req;
      const events = await upcomingEvents(ctx.db, ctx.config.timeZone, req.locale);
      const prices = await priceSummaries(ctx.db, events);
      const body = html`<h1>${t("home.title")}</h1><p>${t("home.intro")}</p>
<h2>${t("home.upcoming")}</h2>
${
  events.length
    ? html`<ul class="showcase">${events.map((e, i) => eventCard(req, e, prices.get(e.id), i))}</ul>`
    : html`<p class="hint">${t("home.none")}</p>`
}`;
      return sendPage(req, reply, { title: t("home.title"), body });
    });
  };
}
