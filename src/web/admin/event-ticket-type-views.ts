import type { FastifyRequest } from "fastify";
import type { TicketTypeOption } from "../../modules/catalog/options.js";
import type { TicketType } from "../../modules/catalog/service.js";
import { INFORMATION_KINDS, type InformationField, UPLOAD_TYPES } from "../../modules/information/fields.js";
import { isoToWallClock } from "../../platform/http/dates.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import { displayMoney, formatMoney } from "../../platform/money.js";
import { errorSummary, field, select } from "../common/forms.js";
import { csrfField } from "../common/layout.js";
import type { FormState } from "./event-date-views.js";
import { checkbox, rowActions, type Section, sectionPath } from "./event-section.js";
import { translationFields } from "./translation-fields.js";

export interface TypesPage {
  types: TicketType[];
  sold: Map<number, number>;
  options: TicketTypeOption[];
  groups: { id: number; ticket_type_id: number; name: string }[];
  fields: InformationField[];
  add?: FormState;
}

const audienceText = (t: TicketType) =>
  t.audiences
    .map((a) => [a.school, a.class_year, a.membership].filter((v) => v !== null).join(" · "))
    .join(" / ");

/** A ticket type's options and groups, with forms to add more (allowed only while it has no orders). */
function optionsCell(req: FastifyRequest, s: Section, d: TypesPage, typeId: number): SafeHtml {
  const { t } = req;
  const base = sectionPath(s, "ticket-types");
  const own = d.options.filter((o) => o.ticket_type_id === typeId);
  const groups = d.groups.filter((g) => g.ticket_type_id === typeId);
  const money = (minor: number) => displayMoney(minor, s.event.currency, req.locale);
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
  if (!s.canManage) return list;
  return html`${list}<details><summary>${t("adminEvent.addOption")}</summary>
  <form method="post" action="${base}/${typeId}/options" class="row">${csrfField(req)}
    <div>${field(t("field.name"), "name", { form: `opt${typeId}`, required: true })}</div>
    <div>${field(t("shop.price"), "price", { form: `opt${typeId}`, placeholder: "2.00" })}</div>
    <div>${select(t("adminEvent.optionGroup"), "group", [["", t("adminEvent.noGroup")], ...groups.map((g): [string, string] => [String(g.id), g.name])], null, `opt${typeId}`)}</div>
    <div>${translationFields(req, `opt${typeId}`, [{ name: "name", label: t("field.name") }], null)}</div>
    <div><button class="small" type="submit">${t("adminEvent.addOption")}</button></div>
  </form>
  <form method="post" action="${base}/${typeId}/option-groups" class="row">${csrfField(req)}
    <div>${field(t("adminEvent.newGroup"), "name", { form: `grp${typeId}`, required: true })}</div>
    <div>${translationFields(req, `grp${typeId}`, [{ name: "name", label: t("adminEvent.newGroup") }], null)}</div>
    <div><button class="small secondary" type="submit">${t("adminEvent.addGroup")}</button></div>
  </form></details>`;
}

/** A ticket type's required information, and a form to ask for more (only while it has no orders). */
function fieldsCell(req: FastifyRequest, s: Section, d: TypesPage, typeId: number): SafeHtml {
  const { t } = req;
  const own = d.fields.filter((f) => f.ticket_type_id === typeId);
  const list = html`${own.map(
    (f) =>
      html`<div class="hint">${f.label}${f.required ? " *" : ""} · ${t(`information.kind.${f.kind}`)} · ${t(`information.blocks.${f.blocks}`)}</div>`,
  )}`;
  if (!s.canManage) return list;
  const form = `fld${typeId}`;
  return html`${list}<details><summary>${t("adminEvent.addField")}</summary>
  <form method="post" action="${sectionPath(s, "ticket-types")}/${typeId}/fields">${csrfField(req)}
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
    ${checkbox(t("information.required"), "required", { form, checked: true })}
    ${translationFields(req, form, [{ name: "label", label: t("adminEvent.fieldLabel") }], null)}
    <div class="row"><div>${field(t("adminEvent.fieldChoices"), "choices", { form, hint: t("adminEvent.fieldChoicesHint") })}</div>
    <div>${field(t("adminEvent.fieldMaxMb"), "max_mb", { form, type: "number", min: 1, max: 20 })}</div></div>
    <fieldset><legend>${t("adminEvent.fieldTypes")}</legend>${UPLOAD_TYPES.map((type) => checkbox(type, "allowed_types", { value: type, form }))}</fieldset>
    <button class="small" type="submit">${t("adminEvent.addField")}</button>
  </form></details>`;
}

/** The ticket type's template (seed 003): a plain multipart form, checked by the server. */
function templateCell(req: FastifyRequest, s: Section, typeId: number, hasTemplate: boolean): SafeHtml {
  const { t } = req;
  const api = `/api/v1/organizers/${s.organizer}/events/${s.event.slug}/ticket-types/${typeId}/template`;
  const page = `${sectionPath(s, "ticket-types")}/${typeId}/template`;
  const current = hasTemplate
    ? html`<a href="${api}">${t("tickets.templateCurrent")}</a>`
    : html`<span class="hint">${t("tickets.templateNone")}</span>`;
  if (!s.canManage) return html`<div class="hint">${t("tickets.template")}: ${current}</div>`;
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

function rules(req: FastifyRequest, x: TicketType): SafeHtml {
  const { t } = req;
  return html`${x.restricted ? html`<span class="badge">${t("shop.restricted")}: ${audienceText(x)}</span> ` : ""}${x.requires_voucher ? html`<span class="badge">${t("shop.voucherOnly")}</span> ` : ""}${x.max_per_order ? html`<span class="badge">${t("adminEvent.maxBadge", { count: x.max_per_order })}</span>` : ""}`;
}

/** The type, its price and rules in one column, its options and questions below: readable on a phone. */
function typeList(req: FastifyRequest, s: Section, d: TypesPage): SafeHtml {
  const { t } = req;
  const base = sectionPath(s, "ticket-types");
  if (d.types.length === 0) return html`<p class="hint">${t("adminEvent.noTypes")}</p>`;
  return html`<div class="table-wrap"><table><thead><tr><th>${t("adminEvent.ticketType")}</th><th>${t("adminEvent.tickets")}</th><th><span class="sr">${t("adminEvent.actions")}</span></th></tr></thead><tbody>
${d.types.map(
  (
    x,
  ) => html`<tr id="type-${x.id}"><td><strong>${x.name}</strong> · ${displayMoney(x.price_minor, s.event.currency, req.locale)} ${rules(req, x)}
  <div>${optionsCell(req, s, d, x.id)}</div><div>${fieldsCell(req, s, d, x.id)}</div><div>${templateCell(req, s, x.id, x.template_key !== null)}</div></td>
  <td data-label="${t("adminEvent.tickets")}">${d.sold.get(x.id) ?? 0}</td><td>${rowActions(req, s, `${base}/${x.id}/edit`, `${base}/${x.id}/delete`)}</td></tr>`,
)}</tbody></table></div>`;
}

/**
 * The fields of a ticket type. Who may book it (restricted, its audience) is offered only while it has
 * no orders and at most one audience (several come from the API and stay as they are here).
 */
function typeFields(
  req: FastifyRequest,
  s: Section,
  form: string,
  state: FormState,
  current?: { type: TicketType; sold: number },
): SafeHtml {
  const { t } = req;
  const v = state.values;
  const errors = state.errors;
  const type = current?.type;
  const value = (name: string, fallback: string | number | null | undefined) =>
    v ? (v[name] ?? "") : (fallback ?? "");
  const flag = (name: string, fallback: boolean) => (v ? v[name] === "on" : fallback);
  const audience = type?.audiences[0];
  const canRestrict = !type || (current?.sold === 0 && type.audiences.length <= 1);
  const restriction = canRestrict
    ? html`<div class="row"><div>${checkbox(t("adminEvent.restricted"), "restricted", { form, checked: flag("restricted", Boolean(type?.restricted)) })}</div>
  <div>${checkbox(t("adminEvent.sponsorship"), "allow_sponsorship", { form, checked: flag("allow_sponsorship", Boolean(type?.restricted && type.allow_sponsorship)) })}</div></div>
  <div class="row"><div>${field(t("field.school"), "audience_school", { form, value: value("audience_school", audience?.school), errors })}</div>
  <div>${field(t("field.classYear"), "audience_class_year", { form, type: "number", min: 1900, max: 2200, value: value("audience_class_year", audience?.class_year), errors })}</div>
  <div>${field(t("field.membership"), "audience_membership", { form, value: value("audience_membership", audience?.membership), errors })}</div></div>
  <p class="hint">${t("adminEvent.audienceHint")}</p>`
    : html`<p class="hint">${type?.restricted ? html`<span class="badge">${t("shop.restricted")}: ${type ? audienceText(type) : ""}</span> ` : ""}${t("adminEvent.audienceFixed")}</p>
  ${type?.restricted ? checkbox(t("adminEvent.sponsorship"), "allow_sponsorship", { form, checked: flag("allow_sponsorship", Boolean(type.allow_sponsorship)) }) : ""}`;
  return html`<div class="row"><div>${field(t("field.name"), "name", { form, required: true, value: value("name", type?.name), errors })}</div>
  <div>${field(t("shop.price"), "price", { form, required: true, placeholder: "12.50", value: value("price", type ? formatMoney(type.price_minor) : ""), errors })}</div>
  <div>${field(t("adminEvent.maxPerOrder"), "max_per_order", { form, type: "number", min: 1, max: 1000, value: value("max_per_order", type?.max_per_order), errors })}</div></div>
  <div class="row"><div>${field(t("adminEvent.salesStart"), "sales_start", { form, type: "datetime-local", value: value("sales_start", isoToWallClock(type?.sales_start, s.zone)), hint: t("adminEvent.zoneHint", { zone: s.zone }), errors })}</div>
  <div>${field(t("adminEvent.salesEnd"), "sales_end", { form, type: "datetime-local", value: value("sales_end", isoToWallClock(type?.sales_end, s.zone)), errors })}</div></div>
  ${checkbox(t("adminEvent.requiresVoucher"), "requires_voucher", { form, checked: flag("requires_voucher", Boolean(type?.requires_voucher)) })}
  ${restriction}
  ${translationFields(req, form, [{ name: "name", label: t("field.name") }], type?.translations, v)}`;
}

export function typesView(req: FastifyRequest, s: Section, d: TypesPage): SafeHtml {
  const { t } = req;
  const add = s.canManage
    ? html`<details class="card" id="add-type" ${d.add || d.types.length === 0 ? html`open` : ""}><summary><strong>${t("adminEvent.addType")}</strong></summary>
${errorSummary(d.add?.errors)}
<form method="post" action="${sectionPath(s, "ticket-types")}">${csrfField(req)}
  ${typeFields(req, s, "type", d.add ?? {})}
  <div><button type="submit">${t("adminEvent.addType")}</button></div></form></details>`
    : "";
  return html`${add}<section class="card" id="types" aria-labelledby="h-types"><h2 id="h-types">${t("adminEvent.ticketTypes")}</h2>
${typeList(req, s, d)}</section>`;
}

export function typeEditView(
  req: FastifyRequest,
  s: Section,
  type: TicketType,
  sold: number,
  state: FormState,
) {
  const { t } = req;
  const base = sectionPath(s, "ticket-types");
  return html`<section class="card" aria-labelledby="h-edit"><h2 id="h-edit">${t("adminEvent.editType", { name: type.name })}</h2>
${sold ? html`<p class="hint">${t("adminEvent.typeSoldHint", { count: sold })}</p>` : ""}
${errorSummary(state.errors)}
<form method="post" action="${base}/${type.id}/edit">${csrfField(req)}
  ${typeFields(req, s, "edit", state, { type, sold })}
  <div class="actions"><button type="submit">${t("account.save")}</button> <a class="button secondary" href="${base}#type-${type.id}">${t("adminEvent.cancel")}</a></div>
</form></section>`;
}
