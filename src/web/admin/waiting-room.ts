import type { FastifyInstance } from "fastify";
import { roomOverview, saveRoom } from "../../modules/waiting-room/room.js";
import type { AppContext } from "../../platform/context.js";
import { isoToWallClock, wallClockToIso } from "../../platform/http/dates.js";
import { html } from "../../platform/http/html.js";
import { adminShell } from "../common/admin-shell.js";
import { flashOf } from "../common/flash.js";
import { field } from "../common/forms.js";
import { alert, csrfField, sendPage } from "../common/layout.js";
import { checkbox, type Section, type SectionRequest, sectionGet, sectionPost } from "./event-section.js";
import { eventTabs } from "./event-tabs.js";

/** An event's waiting room: its settings, and the live figures (refreshed by script, or by reloading). */
export function waitingRoomPages(ctx: AppContext) {
  const path = "/admin/organizers/:slug/events/:event/waiting-room";
  const hide = { schema: { hide: true } };

  async function show(req: SectionRequest, s: Section, error?: string, values?: Record<string, string>) {
    const { t } = req;
    const o = await roomOverview(ctx.db, req.actor, s.event);
    const base = `/admin/organizers/${s.organizer}/events/${s.event.slug}`;
    const value = (name: string, fallback: string) => values?.[name] ?? fallback;
    const figure = (key: "joined" | "admitted" | "queue_length" | "orders", label: string) =>
      html`<dt>${label}</dt><dd data-figure="${key}">${o[key]}</dd>`;
    return html`${eventTabs(req, s.organizer, s.event, "waiting-room")}
<h2>${t("wr.title")}</h2>
${alert("ok", flashOf(req))}${alert("error", error)}
<section id="wr-live" data-poll="/api/v1/organizers/${s.organizer}/events/${s.event.slug}/waiting-room"><h3>${t("wr.live")}</h3><dl>
${figure("joined", t("wr.joined"))}${figure("admitted", t("wr.admitted"))}${figure("queue_length", t("wr.queueLength"))}${figure("orders", t("wr.orders"))}
<dt>${t("wr.rate")}</dt><dd data-figure="admit_per_minute">${o.admit_per_minute}</dd></dl>
<p class="hint">${t("wr.hint", { url: `/e/${s.organizer}/${s.event.slug}/queue` })}</p></section>
${
  s.canManage
    ? html`<form method="post" action="${base}/waiting-room">${csrfField(req)}
${checkbox(t("wr.enabled"), "enabled", { checked: values ? values.enabled === "on" : o.enabled })}
${field(t("wr.opensAt"), "opens_at", { type: "datetime-local", required: true, value: value("opens_at", isoToWallClock(o.opens_at, s.zone)) })}
${field(t("wr.rate"), "admit_per_minute", { type: "number", required: true, value: value("admit_per_minute", String(o.admit_per_minute)) })}
${field(t("wr.passMinutes"), "pass_minutes", { type: "number", required: true, value: value("pass_minutes", String(o.pass_minutes)) })}
<button type="submit">${t("wr.save")}</button></form>`
    : ""
}
<script src="/assets/waiting-room.js" defer></script>`;
  }

  const send = (req: SectionRequest, s: Section, body: Parameters<typeof adminShell>[2], status = 200) => ({
    status,
    title: `${t(req)} · ${s.event.name}`,
    body: adminShell(req, "organizers", body),
  });
  const t = (req: SectionRequest) => req.t("wr.title");

  return async (app: FastifyInstance) => {
    app.get(
      path,
      hide,
      sectionGet(ctx, async (req, reply, s) => sendPage(req, reply, send(req, s, await show(req, s)))),
    );
    app.post(
      path,
      hide,
      sectionPost(
        ctx,
        async (req, reply, s, body) => {
          await saveRoom(ctx.db, req.actor, s.event, {
            ...body,
            opens_at: wallClockToIso(body.opens_at, s.zone),
          });
          return reply.redirect(`${req.url.split("?")[0]}?flash=wr.saved`, 303);
        },
        async (req, reply, s, f) =>
          sendPage(
            req,
            reply,
            send(
              req,
              s,
              await show(req, s, [f.errors.message, ...f.errors.values()].join(" "), f.values),
              f.status,
            ),
          ),
      ),
    );
  };
}
