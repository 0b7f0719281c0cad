import type { FastifyRequest } from "fastify";
import type { DeletionStatus } from "../../modules/privacy/deletion.js";
import type { ScheduleEntry } from "../../modules/privacy/retention.js";
import { formatDateTime } from "../../platform/http/dates.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import { alert, csrfField } from "../common/layout.js";

/** The "Privacy" card of "my account": the data download and when deletion becomes possible. */
export function privacySection(req: FastifyRequest, status: DeletionStatus, timeZone: string): SafeHtml {
  const { t } = req;
  const when = !status.allowed
    ? t(status.reason === "platform_admin" ? "privacy.deleteAdmin" : "privacy.deleteInternal")
    : status.possibleNow
      ? t("privacy.deleteNow")
      : t("privacy.deleteFrom", { date: formatDateTime(req.locale, status.from ?? "", timeZone, "short") });
  return html`<section class="card" aria-labelledby="h-privacy">
    <h2 id="h-privacy">${t("privacy.title")}</h2>
    <h3>${t("privacy.download")}</h3>
    <p class="hint">${t("privacy.downloadHint")}</p>
    <p><a class="button secondary" href="/api/v1/me/data" download>${t("privacy.downloadJson")}</a>
       <a class="button secondary" href="/api/v1/me/data.zip" download>${t("privacy.downloadZip")}</a></p>
    <h3>${t("privacy.delete")}</h3>
    <p data-testid="deletion-status">${when}</p>
    ${status.allowed && status.possibleNow ? html`<p><a class="button danger" href="/account/delete">${t("privacy.deleteOpen")}</a></p>` : ""}
  </section>`;
}

export function confirmDeletionView(req: FastifyRequest, error?: string): SafeHtml {
  const { t } = req;
  return html`<h1>${t("privacy.confirmTitle")}</h1>
${alert("error", error)}
<form method="post" action="/account/delete" class="card">
  ${csrfField(req)}
  <p>${t("privacy.confirmGone")}</p>
  <p class="hint">${t("privacy.confirmKept")}</p>
  <label class="check"><input type="checkbox" name="confirm" value="yes" required> ${t("privacy.confirmCheck")}</label>
  <p><button class="danger" type="submit">${t("privacy.confirmSubmit")}</button> <a href="/account">${t("privacy.cancel")}</a></p>
</form>`;
}

export function retentionView(
  req: FastifyRequest,
  organizer: { slug: string; name: string },
  days: number | null,
  schedule: ScheduleEntry[],
  timeZone: string,
  notice: { ok?: string; error?: string } = {},
): SafeHtml {
  const { t } = req;
  const when = (iso: string) => formatDateTime(req.locale, iso, timeZone, "short");
  const now = Date.now();
  return html`<p><a href="/admin/organizers/${organizer.slug}">← ${organizer.name}</a></p>
<h1>${t("privacy.retention")}</h1>
${alert("ok", notice.ok)}${alert("error", notice.error)}
<form method="post" action="/admin/organizers/${organizer.slug}/privacy" class="card">
  ${csrfField(req)}
  <p class="hint">${t("privacy.retentionHint")}</p>
  <label for="f-days">${t("privacy.retentionDays")}</label>
  <input id="f-days" name="days" type="number" min="0" max="36500" value="${days === null ? "" : String(days)}">
  <button type="submit">${t("privacy.retentionSave")}</button>
</form>
<h2>${t("privacy.schedule")}</h2>
${
  days === null
    ? html`<p class="hint">${t("privacy.retentionOff")}</p>`
    : schedule.length === 0
      ? html`<p class="hint">${t("privacy.scheduleEmpty")}</p>`
      : html`<div class="table-wrap"><table data-testid="retention-schedule"><thead><tr><th>${t("privacy.col.event")}</th><th>${t("privacy.col.lastDate")}</th><th>${t("privacy.col.when")}</th><th>${t("privacy.col.orders")}</th></tr></thead><tbody>
${schedule.map(
  (e) =>
    html`<tr><td>${e.event}</td><td>${when(e.last_date_ends)}</td><td>${when(e.anonymize_at)}${Date.parse(e.anonymize_at) <= now ? html` <span class="badge">${t("privacy.due")}</span>` : ""}</td><td>${e.orders}</td></tr>`,
)}</tbody></table></div>`
}`;
}

export function platformPrivacyView(
  req: FastifyRequest,
  internalDeletion: boolean,
  entries: { actor: string; action: string; subject: string; organizer: string | null; created_at: string }[],
  timeZone: string,
  ok?: string,
): SafeHtml {
  const { t } = req;
  return html`<h1>${t("privacy.title")}</h1>
${alert("ok", ok)}
<form method="post" action="/admin/privacy" class="card">
  ${csrfField(req)}
  <h2>${t("privacy.settings")}</h2>
  <input type="hidden" name="internal_deletion" value="false">
  <label class="check"><input type="checkbox" name="internal_deletion" value="true" ${internalDeletion ? html`checked` : ""}> ${t("privacy.internalDeletion")}</label>
  <button type="submit">${t("privacy.settingsSave")}</button>
</form>
<h2>${t("privacy.audit")}</h2>
<p class="hint">${t("privacy.auditHint")}</p>
${
  entries.length === 0
    ? html`<p class="hint">${t("privacy.auditEmpty")}</p>`
    : html`<div class="table-wrap"><table data-testid="audit-log"><thead><tr><th>${t("privacy.col.at")}</th><th>${t("privacy.col.who")}</th><th>${t("privacy.col.action")}</th><th>${t("privacy.col.subject")}</th><th>${t("privacy.col.organizer")}</th></tr></thead><tbody>
${entries.map(
  (e) =>
    html`<tr><td>${formatDateTime(req.locale, e.created_at, timeZone, "short")}</td><td><code>${e.actor}</code></td><td><code>${e.action}</code></td><td><code>${e.subject}</code></td><td>${e.organizer ?? ""}</td></tr>`,
)}</tbody></table></div>`
}`;
}
