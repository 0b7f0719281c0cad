import type { FastifyInstance } from "fastify";
import { findBookableEvent } from "../../modules/events/service.js";
import { placeCookie, roomCookies } from "../../modules/waiting-room/pass.js";
import { enterRoom, openRoom } from "../../modules/waiting-room/room.js";
import type { AppContext } from "../../platform/context.js";
import { formatDateTime } from "../../platform/http/dates.js";
import { html } from "../../platform/http/html.js";
import { sendPage } from "../common/layout.js";

type Params = { Params: { organizer: string; event: string } };

/** Seconds between refreshes of the page without JavaScript (with it, the figures update in place). */
const REFRESH_SECONDS = 10;

/** The buyer's queue page: taking (or keeping) a place, its position and wait, then the way to the shop. */
export function queuePages(ctx: AppContext) {
  const secure = ctx.config.publicUrl.startsWith("https:");
  return async (app: FastifyInstance) => {
    app.get<Params>("/e/:organizer/:event/queue", { schema: { hide: true } }, async (req, reply) => {
      const { t } = req;
      const event = await findBookableEvent(ctx.db, req.params.organizer, req.params.event);
      const room = await openRoom(ctx.db, event.id);
      const { token, status } = await enterRoom(
        ctx.db,
        ctx.secrets.cookieSecret,
        room,
        req.cookies[placeCookie(event.id)],
        req.ip,
      );
      for (const c of roomCookies(event.id, token, status, secure)) reply.setCookie(...c);
      const zone = event.time_zone ?? ctx.config.timeZone;
      const when = (iso: string) => formatDateTime(req.locale, iso, zone);
      const shop = `/e/${req.params.organizer}/${req.params.event}`;
      const waiting = status.state === "waiting";
      const admittedText = status.pass_expires_at
        ? t("queue.admitted", { time: when(status.pass_expires_at) })
        : "";
      const body = html`<h1>${t("queue.title")}: ${event.name}</h1>
<p>${t("queue.intro", { event: event.name })}</p>
<section class="queue" id="wr" data-poll="/api/v1/waiting-room/${req.params.organizer}/${req.params.event}/position" data-state="${status.state}" data-admitted="${t("queue.admitted")}">
<div ${waiting ? "" : html`hidden`} id="wr-waiting">
<p>${t("queue.position")}: <strong id="wr-position">${status.position}</strong></p>
<p>${t("queue.eta")}: <strong id="wr-eta">${Math.ceil(status.eta_seconds / 60)}</strong> ${t("queue.minutes")}</p>
<progress id="wr-progress" max="${status.position}" value="0"></progress>
${Date.parse(status.opens_at) > Date.now() ? html`<p id="wr-opens">${t("queue.opensAt", { time: when(status.opens_at) })}</p>` : ""}
<p class="hint">${t("queue.keepOpen")}</p>
</div>
<div ${status.state === "admitted" && status.pass ? "" : html`hidden`} id="wr-admitted">
<p class="alert ok" role="status" id="wr-admitted-text">${admittedText}</p>
<p><a class="button" href="${shop}">${t("queue.toShop")}</a></p>
</div>
${status.state === "used" ? html`<p>${t("queue.used")}</p>` : ""}
${status.state === "admitted" && !status.pass ? html`<p>${t("queue.expired")}</p>` : ""}
</section>
${waiting ? html`<noscript><meta http-equiv="refresh" content="${REFRESH_SECONDS}"></noscript>` : ""}
<script src="/assets/waiting-room.js" defer></script>`;
      reply.header("cache-control", "no-store");
      return sendPage(req, reply, { title: t("queue.title"), body, narrow: true });
    });
  };
}
