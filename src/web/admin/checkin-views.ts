import type { FastifyRequest } from "fastify";
import type { CheckinList } from "../../modules/checkin/lists.js";
import type { RedeemAnswer } from "../../modules/checkin/redeem.js";
import { formatDateTime } from "../../platform/http/dates.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import type { MessageKey } from "../../platform/i18n/index.js";
import { field, select } from "../common/forms.js";
import { alert, csrfField } from "../common/layout.js";

export interface CheckinPageData {
  organizer: string;
  eventSlug: string;
  eventName: string;
  timeZone: string;
  lists: (CheckinList & {
    counts: { tickets: number; admitted: number; scans_ok: number; scans_refused: number };
  })[];
  dates: { id: number; starts_at: string }[];
  types: { id: number; name: string }[];
  devices: { id: number; name: string; created_at: string; last_used_at: string | null }[];
  canManage: boolean;
  log?: {
    list: CheckinList;
    scans: {
      id: number;
      type: string;
      status: string;
      reason: string | null;
      device: string;
      scanned_at: string;
    }[];
  };
}

export interface CheckinNotice {
  ok?: string;
  error?: string;
  answer?: RedeemAnswer;
  pairing?: { name: string; link: string; qr: string };
}

const POLICIES = ["once", "daily", "unlimited"] as const;

export function checkinPageView(req: FastifyRequest, d: CheckinPageData, notice: CheckinNotice): SafeHtml {
  const { t } = req;
  const base = `/admin/organizers/${d.organizer}/events/${d.eventSlug}`;
  return html`<p><a href="${base}">← ${d.eventName}</a></p>
<h1>${t("checkin.title")}</h1>
${alert("ok", notice.ok)}${alert("error", notice.error)}
${notice.answer ? verdict(req, notice.answer) : ""}
${listsSection(req, d, base)}
${d.log ? logSection(req, d) : ""}
${d.lists.length > 0 ? manualSection(req, d, base) : ""}
${d.canManage ? devicesSection(req, d, base, notice) : ""}`;
}

/** The same big green or red answer the scanner shows. */
function verdict(req: FastifyRequest, answer: RedeemAnswer): SafeHtml {
  const { t } = req;
  const ok = answer.status === "ok";
  const ticket = answer.ticket;
  return html`<div class="scan-result ${ok ? "ok" : "error"}" role="status">
  <strong>${t(ok ? "checkin.ok" : "checkin.refused")} · ${t(answer.type === "exit" ? "checkin.exit" : "checkin.entry")}</strong>
  ${answer.reason ? html`<span>${t(`checkin.reason.${answer.reason}` as MessageKey)}</span>` : ""}
  ${ticket ? html`<span>${[ticket.attendee_name, ticket.ticket_type, ticket.code].filter(Boolean).join(" · ")}</span>` : ""}
</div>`;
}

function listsSection(req: FastifyRequest, d: CheckinPageData, base: string): SafeHtml {
  const { t } = req;
  const dateLabel = (id: number | null) => {
    const date = d.dates.find((x) => x.id === id);
    return date ? formatDateTime(req.locale, date.starts_at, d.timeZone) : t("checkin.allDates");
  };
  const typeLabel = (ids: number[]) =>
    ids.length === 0
      ? t("checkin.allTypes")
      : ids.map((id) => d.types.find((x) => x.id === id)?.name ?? `#${id}`).join(", ");
  return html`<section><h2>${t("checkin.lists")}</h2>
${
  d.lists.length === 0
    ? html`<p>${t("checkin.noLists")}</p>`
    : html`<div class="table-wrap"><table><thead><tr><th>${t("checkin.name")}</th><th>${t("checkin.date")}</th><th>${t("checkin.types")}</th><th>${t("checkin.policy")}</th><th>${t("checkin.counts")}</th><th>${t("checkin.scans")}</th><th></th></tr></thead><tbody>
${d.lists.map(
  (l) => html`<tr><td>${l.name}</td><td>${dateLabel(l.date_id)}</td><td>${typeLabel(l.ticket_types)}</td>
<td>${t(`checkin.policy.${l.entry_policy}` as MessageKey)}</td>
<td data-label="${t("checkin.counts")}">${l.counts.admitted} / ${l.counts.tickets}</td><td data-label="${t("checkin.scans")}">${l.counts.scans_ok} / ${l.counts.scans_refused}</td>
<td><a class="button" href="/scanner#list=${d.organizer}/${d.eventSlug}/${l.id}">${t("checkin.openScanner")}</a>
<a href="${base}/checkin?log=${l.id}">${t("checkin.log")}</a></td></tr>`,
)}</tbody></table></div>`
}
${
  d.canManage
    ? html`<details><summary>${t("checkin.create")}</summary>
<form method="post" action="${base}/checkin/lists">${csrfField(req)}
${field(t("checkin.name"), "name", { required: true, form: "list" })}
${select(t("checkin.date"), "date", [["", t("checkin.allDates")], ...d.dates.map((x): [string, string] => [String(x.id), formatDateTime(req.locale, x.starts_at, d.timeZone)])], "", "list")}
<fieldset><legend>${t("checkin.types")}</legend>
${d.types.map((x) => html`<label><input type="checkbox" name="ticket_types" value="${x.id}"> ${x.name}</label>`)}
</fieldset>
${select(
  t("checkin.policy"),
  "entry_policy",
  POLICIES.map((p): [string, string] => [p, t(`checkin.policy.${p}`)]),
  "once",
  "list",
)}
<label><input type="checkbox" name="exit_required" value="1"> ${t("checkin.exitRequired")}</label>
<button type="submit">${t("checkin.create")}</button></form></details>`
    : ""
}</section>`;
}

function logSection(req: FastifyRequest, d: CheckinPageData): SafeHtml {
  const { t } = req;
  const log = d.log;
  if (!log) return html``;
  return html`<section><h2>${t("checkin.log")}: ${log.list.name}</h2>
${
  log.scans.length === 0
    ? html`<p>${t("checkin.noScans")}</p>`
    : html`<div class="table-wrap"><table><thead><tr><th>${t("checkin.time")}</th><th>${t("checkin.result")}</th><th>${t("checkin.device")}</th></tr></thead><tbody>
${log.scans.map(
  (s) => html`<tr><td>${formatDateTime(req.locale, s.scanned_at, d.timeZone)}</td>
<td>${t(s.type === "exit" ? "checkin.exit" : "checkin.entry")}: ${t(s.status === "ok" ? "checkin.ok" : "checkin.refused")}${s.reason ? html` (${t(`checkin.reason.${s.reason}` as MessageKey)})` : ""}</td>
<td>${s.device}</td></tr>`,
)}</tbody></table></div>`
}</section>`;
}

function manualSection(req: FastifyRequest, d: CheckinPageData, base: string): SafeHtml {
  const { t } = req;
  return html`<section><h2>${t("checkin.manual")}</h2><p class="hint">${t("checkin.manualHint")}</p>
<form method="post" action="${base}/checkin/redeem">${csrfField(req)}
${select(
  t("checkin.list"),
  "list",
  d.lists.map((l): [string, string] => [String(l.id), l.name]),
  d.log ? String(d.log.list.id) : undefined,
  "manual",
)}
${field(t("checkin.secret"), "secret", { required: true, autocomplete: "off", form: "manual" })}
<div class="scanner-mode"><label><input type="radio" name="type" value="entry" checked> ${t("checkin.entry")}</label>
<label><input type="radio" name="type" value="exit"> ${t("checkin.exit")}</label></div>
<button type="submit">${t("checkin.redeem")}</button></form></section>`;
}

function devicesSection(
  req: FastifyRequest,
  d: CheckinPageData,
  base: string,
  notice: CheckinNotice,
): SafeHtml {
  const { t } = req;
  const pairing = notice.pairing;
  return html`<section><h2>${t("checkin.devices")}</h2><p class="hint">${t("checkin.devicesHint")}</p>
${
  pairing
    ? html`<div class="alert ok" role="status"><p>${t("checkin.pairing", { name: pairing.name })}</p>
<p><a id="pairing-link" href="${pairing.link}">${pairing.link}</a></p><img src="${pairing.qr}" alt="" width="220" height="220"></div>`
    : ""
}
${
  d.devices.length === 0
    ? html`<p>${t("checkin.noDevices")}</p>`
    : html`<div class="table-wrap"><table><thead><tr><th>${t("checkin.deviceName")}</th><th>${t("checkin.lastUsed")}</th><th></th></tr></thead><tbody>
${d.devices.map(
  (
    x,
  ) => html`<tr><td>${x.name}</td><td>${x.last_used_at ? formatDateTime(req.locale, x.last_used_at, d.timeZone) : "–"}</td>
<td><form class="inline" method="post" action="${base}/checkin/devices/${x.id}/revoke">${csrfField(req)}<button class="secondary" type="submit">${t("checkin.revoke")}</button></form></td></tr>`,
)}</tbody></table></div>`
}
${
  d.lists.length > 0
    ? html`<form method="post" action="${base}/checkin/devices">${csrfField(req)}
${field(t("checkin.deviceName"), "name", { required: true, form: "device" })}
${select(
  t("checkin.list"),
  "list",
  d.lists.map((l): [string, string] => [String(l.id), l.name]),
  undefined,
  "device",
)}
<button type="submit">${t("checkin.addDevice")}</button></form>`
    : ""
}</section>`;
}
