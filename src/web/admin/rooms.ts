import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { findOrganizer } from "../../modules/organizers/service.js";
import { joinAsModerator } from "../../modules/rooms/enter.js";
import { createBbbServer, createRoom, listBbbServers, listRooms } from "../../modules/rooms/service.js";
import type { AppContext } from "../../platform/context.js";
import { allowFormTarget } from "../../platform/http/csp.js";
import { html } from "../../platform/http/html.js";
import { adminShell } from "../common/admin-shell.js";
import { flashOf } from "../common/flash.js";
import { errorMessage, field, formBody, redirectWithFlash, select } from "../common/forms.js";
import { alert, csrfField, sendPage } from "../common/layout.js";
import { redirectToLogin } from "../common/login-redirect.js";

type Params = { Params: { slug: string; room?: string } };

/** The organizer's rooms: BigBlueButton servers, rooms, and "open as moderator". */
export function adminRoomPages(ctx: AppContext) {
  const hide = { schema: { hide: true } };
  const { db } = ctx;
  const deps = { db, secrets: ctx.secrets, timeZone: ctx.config.timeZone };

  async function show(req: FastifyRequest<Params>, reply: FastifyReply, error?: string) {
    const { t } = req;
    const organizer = await findOrganizer(db, req.actor, req.params.slug);
    const [servers, rooms] = await Promise.all([
      listBbbServers(db, req.actor, organizer),
      listRooms(db, req.actor, organizer),
    ]);
    // "Open as moderator" posts here and is redirected to the room's server.
    const origins = [...new Set(servers.map((s) => new URL(s.url).origin))];
    if (origins.length > 0) allowFormTarget(reply, origins.join(" "));
    const base = `/admin/organizers/${organizer.slug}/rooms`;
    const serverName = (id: number) => servers.find((s) => s.id === id)?.name ?? "";
    return sendPage(req, reply, {
      status: error ? 400 : 200,
      title: t("rooms.title"),
      body: adminShell(
        req,
        "organizers",
        html`<p><a href="/admin/organizers/${organizer.slug}">← ${organizer.name}</a></p>
<h1>${t("rooms.title")}</h1>
${alert("ok", flashOf(req))}${alert("error", error)}
<section><h2>${t("rooms.rooms")}</h2><p class="hint">${t("rooms.metaHint")}</p>
${
  rooms.length === 0
    ? html`<p>${t("rooms.noRooms")}</p>`
    : html`<div class="table-wrap"><table><thead><tr><th>${t("rooms.name")}</th><th>${t("rooms.slug")}</th><th>${t("rooms.server")}</th><th></th></tr></thead><tbody>
${rooms.map(
  (r) => html`<tr><td>${r.name}</td><td><code>${r.slug}</code></td><td>${serverName(r.server_id)}</td>
<td><form class="inline" method="post" action="${base}/${r.slug}/moderate">${csrfField(req)}<button type="submit">${t("rooms.moderate")}</button></form></td></tr>`,
)}</tbody></table></div>`
}
${
  servers.length > 0
    ? html`<details><summary>${t("rooms.addRoom")}</summary><form method="post" action="${base}">${csrfField(req)}
${field(t("rooms.name"), "name", { required: true, form: "room" })}
${field(t("rooms.slug"), "slug", { required: true, form: "room" })}
${select(
  t("rooms.server"),
  "server",
  servers.map((s): [string, string] => [String(s.id), s.name]),
  undefined,
  "room",
)}
${field(t("rooms.callSignField"), "call_sign_field", { form: "room" })}
${field(t("rooms.videoConsentField"), "video_consent_field", { form: "room" })}
<button type="submit">${t("rooms.addRoom")}</button></form></details>`
    : ""
}</section>
<section><h2>${t("rooms.servers")}</h2>
${
  servers.length === 0
    ? html`<p>${t("rooms.noServers")}</p>`
    : html`<ul>${servers.map((s) => html`<li>${s.name} · <code>${s.url}</code></li>`)}</ul>`
}
<details><summary>${t("rooms.addServer")}</summary><form method="post" action="${base}/servers">${csrfField(req)}
${field(t("rooms.serverName"), "name", { required: true, form: "server" })}
${field(t("rooms.serverUrl"), "url", { required: true, type: "url", form: "server" })}
${field(t("rooms.serverSecret"), "secret", { required: true, type: "password", autocomplete: "off", form: "server" })}
<button type="submit">${t("rooms.addServer")}</button></form></details></section>`,
      ),
    });
  }

  function action(run: (req: FastifyRequest<Params>, body: Record<string, string>) => Promise<unknown>) {
    return async (req: FastifyRequest<Params>, reply: FastifyReply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
      try {
        await run(req, formBody(req));
        return redirectWithFlash(reply, `/admin/organizers/${req.params.slug}/rooms`, "rooms.saved");
      } catch (error) {
        return show(req, reply, errorMessage(req.t, error));
      }
    };
  }

  const base = "/admin/organizers/:slug/rooms";
  return async (app: FastifyInstance) => {
    app.get<Params>(base, hide, async (req, reply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
      return show(req, reply);
    });
    app.post<Params>(
      `${base}/servers`,
      hide,
      action(async (req, body) =>
        createBbbServer(
          db,
          ctx.secrets,
          req.actor,
          await findOrganizer(db, req.actor, req.params.slug),
          body,
        ),
      ),
    );
    app.post<Params>(
      base,
      hide,
      action(async (req, body) =>
        createRoom(db, req.actor, await findOrganizer(db, req.actor, req.params.slug), body),
      ),
    );
    app.post<Params>(`${base}/:room/moderate`, hide, async (req, reply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
      const organizer = await findOrganizer(db, req.actor, req.params.slug);
      try {
        return reply.redirect(
          await joinAsModerator(deps, req.actor, organizer.id, req.params.room ?? ""),
          303,
        );
      } catch (error) {
        return show(req, reply, errorMessage(req.t, error));
      }
    });
  };
}
