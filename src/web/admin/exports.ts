import type { FastifyInstance, FastifyRequest } from "fastify";
import { eventForAdmin } from "../../modules/events/lookup.js";
import type { EventRow } from "../../modules/events/service.js";
import { eventTimeZone } from "../../modules/events/time-zone.js";
import { type ExportRow, FORMATS, LISTS, listExports, requestExport } from "../../modules/exports/service.js";
import type { AppContext } from "../../platform/context.js";
import { formatDateTime } from "../../platform/http/dates.js";
import { html } from "../../platform/http/html.js";
import { adminShell } from "../common/admin-shell.js";
import { flashOf } from "../common/flash.js";
import { errorMessage, formBody, redirectWithFlash, select } from "../common/forms.js";
import { alert, csrfField, sendPage } from "../common/layout.js";
import { redirectToLogin } from "../common/login-redirect.js";

type Params = { Params: { slug: string; event: string } };

/** The request form, also shown under the admin's order lists. */
export function exportForm(req: FastifyRequest, organizer: string, event: string, list?: string) {
  const { t } = req;
  return html`<form method="post" action="/admin/organizers/${organizer}/events/${event}/exports" class="row export-form">${csrfField(req)}
  <div>${select(
    t("exports.col.status"),
    "list",
    LISTS.map((l): [string, string] => [l, t(`exports.list.${l}`)]),
    list ?? "paid",
    "export",
  )}</div>
  <div>${select(
    "Format",
    "format",
    FORMATS.map((f): [string, string] => [f, t(`exports.format.${f}`)]),
    "xlsx",
    "export",
  )}</div>
  <div><button type="submit">${t("exports.request")}</button></div></form>`;
}

function exportsView(
  req: FastifyRequest,
  organizer: string,
  event: EventRow,
  rows: ExportRow[],
  timeZone: string,
) {
  const { t } = req;
  const api = `/api/v1/organizers/${organizer}/events/${event.slug}/exports`;
  return html`<p><a href="/admin/organizers/${organizer}/events/${event.slug}/orders">← ${t("adminEvent.orders")}</a></p>
<h1>${t("exports.title")} · ${event.name}</h1>
<p class="hint">${t("exports.intro")}</p>
${exportForm(req, organizer, event.slug)}
${
  rows.length === 0
    ? html`<p>${t("exports.none")}</p>`
    : html`<div class="table-wrap"><table><thead><tr><th>${t("exports.requested")}</th><th>${t("exports.col.status")}</th><th>Format</th><th></th><th></th></tr></thead><tbody>
${rows.map(
  (
    r,
  ) => html`<tr data-export="${api}/${r.id}"><td>${formatDateTime(req.locale, r.created_at, timeZone, "short")}</td>
<td>${t(`exports.list.${r.list}`)}</td><td>${t(`exports.format.${r.format}`)}</td>
<td><progress max="${Math.max(1, r.total_count)}" value="${r.status === "done" ? Math.max(1, r.total_count) : r.done_count}"></progress>
<div class="hint" data-progress>${t(`exports.status.${r.status}`)} · ${t("exports.progress", { done: r.done_count, total: r.total_count })}</div></td>
<td data-download>${r.status === "done" ? html`<a class="button small" href="${api}/${r.id}/file">${t("exports.download")}</a>` : html`<a href="">${t("exports.reload")}</a>`}</td></tr>`,
)}</tbody></table></div>`
}
<script src="/assets/exports.js" defer></script>`;
}

export function exportsPages(ctx: AppContext) {
  const hide = { schema: { hide: true } };
  const url = "/admin/organizers/:slug/events/:event/exports";
  return async (app: FastifyInstance) => {
    app.get<Params>(url, hide, async (req, reply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
      const event = await eventForAdmin(ctx.db, req.actor, {
        organizer: req.params.slug,
        event: req.params.event,
      });
      const rows = await listExports(ctx.db, req.actor, event);
      return sendPage(req, reply, {
        title: req.t("exports.title"),
        body: adminShell(
          req,
          "organizers",
          html`${alert("ok", flashOf(req))}${exportsView(req, req.params.slug, event, rows, eventTimeZone(event, null, ctx.config.timeZone))}`,
        ),
      });
    });

    app.post<Params>(url, hide, async (req, reply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
      const event = await eventForAdmin(ctx.db, req.actor, {
        organizer: req.params.slug,
        event: req.params.event,
      });
      const back = `/admin/organizers/${req.params.slug}/events/${event.slug}/exports`;
      try {
        await requestExport(ctx.db, req.actor, event, { ...formBody(req), locale: req.locale });
        return redirectWithFlash(reply, back, "flash.saved");
      } catch (error) {
        return sendPage(req, reply, {
          status: 400,
          title: req.t("exports.title"),
          body: adminShell(req, "organizers", alert("error", errorMessage(req.t, error))),
        });
      }
    });
  };
}
