import type { FastifyRequest } from "fastify";
import type { TicketTypeOption } from "../../modules/catalog/options.js";
import type { listQuotas } from "../../modules/catalog/quotas.js";
import type { TicketType } from "../../modules/catalog/service.js";
import type { EventRow, listDates } from "../../modules/events/service.js";
import { INFORMATION_KINDS, type InformationField, UPLOAD_TYPES } from "../../modules/information/fields.js";
import { PRICE_MODES, type Voucher } from "../../modules/vouchers/service.js";
import { formatDateTime } from "../../platform/http/dates.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import { displayMoney } from "../../platform/money.js";
import { field, select } from "../common/forms.js";
import { alert, csrfField } from "../common/layout.js";

export interface AdminEventNotice {
  ok?: string;
  error?: string;
}

export interface AdminEventData {
  organizer: string;
  event: EventRow;
  dates: Awaited<ReturnType<typeof listDates>>;
  types: TicketType[];
  quotas: Awaited<ReturnType<typeof listQuotas>>;
  vouchers: Voucher[];
  options: TicketTypeOption[];
  groups: { id: number; ticket_type_id: number; name: string }[];
  fields: InformationField[];
  canManage: boolean;
  timeZone: string;
  linkFor: (code: string) => string;
}

function checkbox(label: string, name: string, value = "on", form = ""): SafeHtml {
  const id = `f-${form}-${name}-${value}`;
  return html`<label class="check" for="${id}"><input type="checkbox" id="${id}" name="${name}" value="${value}"> ${label}</label>`;
}

function settingsSection(req: FastifyRequest, d: AdminEventData, base: string): SafeHtml {
  const { t } = req;
  if (!d.canManage) return html``;
  const e = d.event;
  return html`<details class="card"><summary><strong>${t("adminEvent.settings")}</strong></summary>
<form method="post" action="${base}/settings">${csrfField(req)}
  <div class="row"><div>${field(t("field.name"), "name", { form: "settings", required: true, value: e.name })}</div>
  <div>${select(
    t("adminEvent.visibility"),
    "visibility",
    (["public", "unlisted", "audience"] as const).map((v): [string, string] => [
      v,
      t(`adminEvent.visibility.${v}`),
    ]),
    e.visibility,
    "settings",
  )}</div>
  <div>${field(t("adminEvent.pendingMinutes"), "pending_minutes", { form: "settings", type: "number", min: 1, max: 43200, value: e.pending_minutes })}</div>
  <div>${field(t("adminEvent.sponsorshipLimit"), "sponsorship_limit", { form: "settings", type: "number", min: 0, max: 1000, value: e.sponsorship_limit })}</div></div>
  <label class="check" for="f-settings-oop"><input type="checkbox" id="f-settings-oop" name="one_order_per_person" ${e.one_order_per_person ? html`checked` : ""}> ${t("adminEvent.onePerPerson")}</label>
  <div><button type="submit">${t("account.save")}</button></div>
</form></details>`;
}

function datesSection(req: FastifyRequest, d: AdminEventData, base: string): SafeHtml {
  const { t } = req;
  return html`<section class="card" aria-labelledby="h-dates"><h2 id="h-dates">${t("adminEvent.dates")}</h2>
${
  d.dates.length
    ? html`<div class="table-wrap"><table><thead><tr><th>${t("adminEvent.when")}</th><th>${t("field.name")}</th><th>${t("adminEvent.location")}</th><th>${t("adminEvent.meta")}</th></tr></thead><tbody>
${d.dates.map(
  (x) =>
    html`<tr><td>${formatDateTime(req.locale, x.starts_at, d.timeZone, "short")}</td><td>${x.name ?? ""}</td><td>${x.location ?? ""}</td><td>${Object.entries(
      x.metadata,
    )
      .map(([k, v]) => `${k}=${v}`)
      .join(", ")}</td></tr>`,
)}</tbody></table></div>`
    : html`<p class="hint">${t("adminEvent.noDates")}</p>`
}
${
  d.canManage
    ? html`<form method="post" action="${base}/dates">${csrfField(req)}
  <div class="row"><div>${field(t("field.name"), "name", { form: "date" })}</div><div>${field(t("adminEvent.location"), "location", { form: "date" })}</div></div>
  <div class="row"><div>${field(t("adminEvent.starts"), "starts_at", { form: "date", type: "datetime-local", required: true, hint: d.timeZone })}</div>
  <div>${field(t("adminEvent.ends"), "ends_at", { form: "date", type: "datetime-local" })}</div></div>
  <label for="f-date-meta">${t("adminEvent.meta")}</label><textarea id="f-date-meta" name="meta" rows="2" placeholder="room_link=https://…"></textarea>
  <button type="submit">${t("adminEvent.addDate")}</button></form>`
    : ""
}</section>`;
}

/** A ticket type's options and groups, with forms to add more (allowed only while it has no orders). */
function optionsCell(req: FastifyRequest, d: AdminEventData, base: string, typeId: number): SafeHtml {
  const { t } = req;
  const own = d.options.filter((o) => o.ticket_type_id === typeId);
  const groups = d.groups.filter((g) => g.ticket_type_id === typeId);
  const money = (minor: number) => displayMoney(minor, d.event.currency, req.locale);
  const list = html`${own
    .filter((o) => o.group_id === null)
    .map((o) => html`<span class="badge">${o.name} +${money(o.price_minor)}</span> `)}
  ${groups.map(
    (g) =>
      html`<div class="hint">${g.name}: ${own
        .filter((o) => o.group_id === g.id)
        .map((o) => `${o.name} +${money(o.price_minor)}`)
        .join(" | ")}</div>`,
  )}`;
  if (!d.canManage) return list;
  return html`${list}<details><summary>${t("adminEvent.addOption")}</summary>
  <form method="post" action="${base}/ticket-types/${typeId}/options" class="row">${csrfField(req)}
    <div>${field(t("field.name"), "name", { form: `opt${typeId}`, required: true })}</div>
    <div>${field(t("shop.price"), "price", { form: `opt${typeId}`, placeholder: "2.00" })}</div>
    <div>${select(t("adminEvent.optionGroup"), "group", [["", t("adminEvent.noGroup")], ...groups.map((g): [string, string] => [String(g.id), g.name])], null, `opt${typeId}`)}</div>
    <div><button class="small" type="submit">${t("adminEvent.addOption")}</button></div>
  </form>
  <form method="post" action="${base}/ticket-types/${typeId}/option-groups" class="row">${csrfField(req)}
    <div>${field(t("adminEvent.newGroup"), "name", { form: `grp${typeId}`, required: true })}</div>
    <div><button class="small secondary" type="submit">${t("adminEvent.addGroup")}</button></div>
  </form></details>`;
}

/** A ticket type's required information, and a form to ask for more (only while it has no orders). */
function fieldsCell(req: FastifyRequest, d: AdminEventData, base: string, typeId: number): SafeHtml {
  const { t } = req;
  const own = d.fields.filter((f) => f.ticket_type_id === typeId);
  const list = html`${own.map(
    (f) =>
      html`<div class="hint">${f.label}${f.required ? " *" : ""} · ${t(`information.kind.${f.kind}`)} · ${t(`information.blocks.${f.blocks}`)}</div>`,
  )}`;
  if (!d.canManage) return list;
  const form = `fld${typeId}`;
  return html`${list}<details><summary>${t("adminEvent.addField")}</summary>
  <form method="post" action="${base}/ticket-types/${typeId}/fields">${csrfField(req)}
    <div class="row"><div>${field(t("adminEvent.fieldLabel"), "label", { form, required: true })}</div>
    <div>${select(
      t("adminEvent.fieldKind"),
      "kind",
      INFORMATION_KINDS.map((k): [string, string] => [k, t(`information.kind.${k}`)]),
      "text",
      form,
    )}</div>
    <div>${select(
      t("adminEvent.fieldBlocks"),
      "blocks",
      [
        ["payment", t("information.blocks.payment")],
        ["admission", t("information.blocks.admission")],
      ],
      "payment",
      form,
    )}</div></div>
    <label class="check" for="f-${form}-required"><input type="checkbox" id="f-${form}-required" name="required" checked> ${t("information.required")}</label>
    <div class="row"><div>${field(t("adminEvent.fieldChoices"), "choices", { form, hint: t("adminEvent.fieldChoicesHint") })}</div>
    <div>${field(t("adminEvent.fieldMaxMb"), "max_mb", { form, type: "number", min: 1, max: 20 })}</div></div>
    <fieldset><legend>${t("adminEvent.fieldTypes")}</legend>${UPLOAD_TYPES.map((type) => checkbox(type, "allowed_types", type, form))}</fieldset>
    <button class="small" type="submit">${t("adminEvent.addField")}</button>
  </form></details>`;
}

/** The ticket type's template (seed 003): a plain multipart form, checked by the server. */
function templateCell(
  req: FastifyRequest,
  d: AdminEventData,
  typeId: number,
  hasTemplate: boolean,
): SafeHtml {
  const { t } = req;
  const api = `/api/v1/organizers/${d.organizer}/events/${d.event.slug}/ticket-types/${typeId}/template`;
  const page = `/admin/organizers/${d.organizer}/events/${d.event.slug}/ticket-types/${typeId}/template`;
  const current = hasTemplate
    ? html`<a href="${api}">${t("tickets.templateCurrent")}</a>`
    : html`<span class="hint">${t("tickets.templateNone")}</span>`;
  if (!d.canManage) return html`<div class="hint">${t("tickets.template")}: ${current}</div>`;
  return html`<details><summary>${t("tickets.template")}</summary><p>${current}</p>
  ${hasTemplate ? html`<form method="post" action="${page}/delete">${csrfField(req)}<button class="small secondary" type="submit">${t("tickets.templateRemove")}</button></form>` : ""}
  <form method="post" action="${page}" enctype="multipart/form-data">${csrfField(req)}
    <label for="f-template-${typeId}">${t("tickets.templateFile")}</label>
    <input id="f-template-${typeId}" name="template" type="file" accept="image/png,image/jpeg" required aria-describedby="h-template-${typeId}">
    <div class="hint" id="h-template-${typeId}">${t("tickets.templateHint")}</div>
    <button class="small" type="submit">${t("tickets.templateUpload")}</button>
  </form>
  <p><a href="/api/v1/ticket-template-sample.png" download>${t("tickets.templateSample")}</a></p></details>`;
}

function typesSection(req: FastifyRequest, d: AdminEventData, base: string): SafeHtml {
  const { t } = req;
  return html`<section class="card" aria-labelledby="h-types"><h2 id="h-types">${t("adminEvent.ticketTypes")}</h2>
${
  d.types.length
    ? html`<div class="table-wrap"><table><thead><tr><th>${t("field.name")}</th><th>${t("shop.price")}</th><th>${t("adminEvent.rules")}</th><th></th></tr></thead><tbody>
${d.types.map(
  (x) => html`<tr><td>${x.name}</td><td>${displayMoney(x.price_minor, d.event.currency, req.locale)}</td>
  <td>${x.restricted ? html`<span class="badge">${t("shop.restricted")}: ${x.audiences.map((a) => [a.school, a.class_year, a.membership].filter((v) => v !== null).join(" · ")).join(" / ")}</span>` : ""}
  ${x.requires_voucher ? html`<span class="badge">${t("shop.voucherOnly")}</span>` : ""}${x.max_per_order ? html` <span class="badge">max ${x.max_per_order}</span>` : ""}<div>${optionsCell(req, d, base, x.id)}</div><div>${fieldsCell(req, d, base, x.id)}</div><div>${templateCell(req, d, x.id, x.template_key !== null)}</div></td>
  <td>${d.canManage ? html`<form method="post" action="${base}/ticket-types/${x.id}/delete">${csrfField(req)}<button class="small secondary" type="submit">${t("admin.remove")}</button></form>` : ""}</td></tr>`,
)}</tbody></table></div>`
    : html`<p class="hint">${t("adminEvent.noTypes")}</p>`
}
${
  d.canManage
    ? html`<form method="post" action="${base}/ticket-types">${csrfField(req)}
  <div class="row"><div>${field(t("field.name"), "name", { form: "type", required: true })}</div>
  <div>${field(t("shop.price"), "price", { form: "type", required: true, placeholder: "12.50" })}</div>
  <div>${field(t("adminEvent.maxPerOrder"), "max_per_order", { form: "type", type: "number", min: 1, max: 1000 })}</div></div>
  <div class="row"><div>${field(t("adminEvent.salesStart"), "sales_start", { form: "type", type: "datetime-local" })}</div>
  <div>${field(t("adminEvent.salesEnd"), "sales_end", { form: "type", type: "datetime-local" })}</div></div>
  <div class="row"><div>${checkbox(t("adminEvent.requiresVoucher"), "requires_voucher", "on", "type")}</div>
  <div>${checkbox(t("adminEvent.restricted"), "restricted", "on", "type")}</div><div>${checkbox(t("adminEvent.sponsorship"), "allow_sponsorship", "on", "type")}</div></div>
  <div class="row"><div>${field(t("field.school"), "audience_school", { form: "type" })}</div>
  <div>${field(t("field.classYear"), "audience_class_year", { form: "type", type: "number", min: 1900, max: 2200 })}</div>
  <div>${field(t("field.membership"), "audience_membership", { form: "type" })}</div></div>
  <p class="hint">${t("adminEvent.kindFixed")}</p>
  <button type="submit">${t("adminEvent.addType")}</button></form>`
    : ""
}</section>`;
}

function quotasSection(req: FastifyRequest, d: AdminEventData, base: string): SafeHtml {
  const { t } = req;
  const dateName = (id: number | null) => {
    const date = d.dates.find((x) => x.id === id);
    return date
      ? (date.name ?? formatDateTime(req.locale, date.starts_at, d.timeZone, "short"))
      : t("adminEvent.allDates");
  };
  return html`<section class="card" aria-labelledby="h-quotas"><h2 id="h-quotas">${t("adminEvent.quotas")}</h2>
${
  d.quotas.length
    ? html`<div class="table-wrap"><table><thead><tr><th>${t("field.name")}</th><th>${t("order.date")}</th><th>${t("adminEvent.sold")}</th><th></th></tr></thead><tbody>
${d.quotas.map((q) => {
  const pct = q.size === 0 ? 100 : Math.round((q.taken / q.size) * 100);
  return html`<tr><td>${q.name}<div class="hint">${q.ticket_types.map((id) => d.types.find((x) => x.id === id)?.name ?? id).join(", ")}</div></td><td>${dateName(q.date_id)}</td>
  <td>${q.taken} / ${q.size}</td><td><progress max="${q.size}" value="${q.taken}" aria-label="${q.name}">${pct}%</progress></td></tr>`;
})}</tbody></table></div>`
    : html`<p class="hint">${t("adminEvent.noQuotas")}</p>`
}
${
  d.canManage && d.types.length
    ? html`<form method="post" action="${base}/quotas">${csrfField(req)}
  <div class="row"><div>${field(t("field.name"), "name", { form: "quota", required: true })}</div>
  <div>${field(t("adminEvent.size"), "size", { form: "quota", type: "number", min: 0, required: true })}</div>
  <div>${select(t("order.date"), "date", [["", t("adminEvent.allDates")], ...d.dates.map((x): [string, string] => [String(x.id), x.name ?? formatDateTime(req.locale, x.starts_at, d.timeZone, "short")])], null, "quota")}</div></div>
  <fieldset><legend>${t("adminEvent.ticketTypes")}</legend>${d.types.map((x) => checkbox(x.name, "ticket_types", String(x.id), "quota"))}</fieldset>
  <button type="submit">${t("adminEvent.addQuota")}</button></form>`
    : ""
}</section>`;
}

function vouchersSection(req: FastifyRequest, d: AdminEventData, base: string): SafeHtml {
  const { t } = req;
  const api = `/api/v1/organizers/${d.organizer}/events/${d.event.slug}`;
  return html`<section class="card" aria-labelledby="h-vouchers"><h2 id="h-vouchers">${t("adminEvent.vouchers")}</h2>
${
  d.vouchers.length
    ? html`<p><a href="${api}/vouchers.csv">${t("adminEvent.csv")}</a></p><div class="table-wrap"><table><thead><tr><th>${t("adminEvent.code")}</th><th>${t("adminEvent.usages")}</th><th>${t("adminEvent.effect")}</th><th>${t("adminEvent.link")}</th></tr></thead><tbody>
${d.vouchers
  .slice(0, 200)
  .map(
    (v) =>
      html`<tr><td><code>${v.code}</code></td><td>${v.used} / ${v.max_usages}</td><td>${t(`adminEvent.mode.${v.price_mode}`)}${
        v.price_mode === "fixed" || v.price_mode === "discount"
          ? ` ${displayMoney(v.value_minor, d.event.currency, req.locale)}`
          : v.price_mode === "percent"
            ? ` ${v.value_minor} %`
            : ""
      }</td><td><a href="${d.linkFor(v.code)}">${t("adminEvent.link")}</a></td></tr>`,
  )}</tbody></table></div>`
    : html`<p class="hint">${t("adminEvent.noVouchers")}</p>`
}
${
  d.canManage
    ? html`<form method="post" action="${base}/vouchers">${csrfField(req)}
  <div class="row"><div>${field(t("adminEvent.codeOrPrefix"), "code", { form: "voucher", hint: t("adminEvent.codeHint") })}</div>
  <div>${field(t("adminEvent.count"), "count", { form: "voucher", type: "number", min: 1, max: 10000, value: 1 })}</div>
  <div>${field(t("adminEvent.maxUsages"), "max_usages", { form: "voucher", type: "number", min: 1, value: 1 })}</div></div>
  <div class="row"><div>${select(
    t("adminEvent.effect"),
    "price_mode",
    PRICE_MODES.map((m): [string, string] => [m, t(`adminEvent.mode.${m}`)]),
    "none",
    "voucher",
  )}</div>
  <div>${field(t("adminEvent.value"), "value", { form: "voucher", placeholder: "5.00 / 50" })}</div>
  <div>${field(t("adminEvent.validUntil"), "valid_until", { form: "voucher", type: "datetime-local" })}</div></div>
  <div class="row"><div>${select(t("order.date"), "date", [["", t("adminEvent.allDates")], ...d.dates.map((x): [string, string] => [String(x.id), x.name ?? formatDateTime(req.locale, x.starts_at, d.timeZone, "short")])], null, "voucher")}</div>
  <div>${select(t("shop.ticket"), "ticket_type", [["", t("adminEvent.allTypes")], ...d.types.map((x): [string, string] => [String(x.id), x.name])], null, "voucher")}</div></div>
  <button type="submit">${t("adminEvent.addVoucher")}</button></form>`
    : ""
}</section>`;
}

export function adminEventView(
  req: FastifyRequest,
  d: AdminEventData,
  notice: AdminEventNotice = {},
): SafeHtml {
  const { t } = req;
  const base = `/admin/organizers/${d.organizer}/events/${d.event.slug}`;
  return html`<p><a href="/admin/organizers/${d.organizer}">← ${t("admin.events.title")}</a></p>
<h1>${d.event.name}</h1>
<p><a class="button" href="${base}/orders">${t("adminEvent.orders")}</a> <a class="button secondary" href="${base}/payments">${t("payments.admin.link")}</a> <a class="button secondary" href="${base}/checkin">${t("checkin.link")}</a> <a class="button secondary" href="/admin/organizers/${d.organizer}/rooms">${t("rooms.link")}</a> <a class="button secondary" href="/admin/organizers/${d.organizer}/wallet">${t("wallet.link")}</a> <a class="button secondary" href="/e/${d.organizer}/${d.event.slug}">${t("adminEvent.shop")}</a> <a class="button secondary" href="/exhibit/${d.organizer}/${d.event.slug}">${t("experiences.admin.title")}</a></p>
${alert("ok", notice.ok)}${alert("error", notice.error)}
${settingsSection(req, d, base)}${datesSection(req, d, base)}${typesSection(req, d, base)}${quotasSection(req, d, base)}${vouchersSection(req, d, base)}`;
}
