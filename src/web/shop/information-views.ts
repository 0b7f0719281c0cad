import type { FastifyRequest } from "fastify";
import type { OrderInformation } from "../../modules/information/answers.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import { csrfField } from "../common/layout.js";

export interface InformationUrls {
  /** Form target for a value: POST with `value`. */
  set: (positionId: number, fieldId: number) => string;
  /** The API's raw upload (PUT) and download (GET) address for a file. */
  file: (positionId: number, fieldId: number) => string;
  /** Admins only: POST to validate. */
  validate?: (positionId: number, fieldId: number) => string;
}

type Item = OrderInformation["positions"][number]["items"][number];

function input(item: Item, id: string): SafeHtml {
  const { field, value } = item;
  const current = value?.value ?? "";
  switch (field.kind) {
    case "number":
      return html`<input id="${id}" name="value" type="number" step="any" value="${current}">`;
    case "date":
      return html`<input id="${id}" name="value" type="date" value="${current}">`;
    case "boolean":
      return html`<input type="hidden" name="value" value="false"><input id="${id}" name="value" type="checkbox" value="true" ${current === "true" ? html`checked` : ""}>`;
    case "choice":
      return html`<select id="${id}" name="value"><option value=""></option>${(field.choices ?? []).map(
        (c) => html`<option value="${c}" ${c === current ? html`selected` : ""}>${c}</option>`,
      )}</select>`;
    default:
      return html`<input id="${id}" name="value" value="${current}">`;
  }
}

function itemRow(req: FastifyRequest, item: Item, urls: InformationUrls, editable: boolean): SafeHtml {
  const { t } = req;
  const { field, value } = item;
  const id = `info-${item.position_id}-${field.id}`;
  const validated = Boolean(value?.validated_at);
  const shown =
    field.kind === "file"
      ? value?.file_key
        ? html`<a href="${urls.file(item.position_id, field.id)}">${value.file_name ?? t("information.download")}</a>`
        : html`<span class="hint">${t("information.missing")}</span>`
      : value?.value
        ? field.kind === "boolean"
          ? t(value.value === "true" ? "information.yes" : "information.no")
          : value.value
        : html`<span class="hint">${t("information.missing")}</span>`;
  const badge = validated
    ? html`<span class="badge status-paid">${t("information.validated")}</span>`
    : field.required
      ? html`<span class="badge">${t(field.blocks === "payment" ? "information.blocks.payment" : "information.blocks.admission")}</span>`
      : "";
  let form: SafeHtml | "" = "";
  if (editable && !validated) {
    form =
      field.kind === "file"
        ? html`<div class="upload" data-upload-url="${urls.file(item.position_id, field.id)}" data-csrf="${req.csrfToken}">
        <label for="${id}">${t("information.choose_file")}</label>
        <input id="${id}" type="file" accept="${(field.allowed_types ?? []).join(",")}">
        <button class="small" type="button" data-upload>${t("information.upload")}</button>
        <div class="hint">${t("information.file_hint", { types: (field.allowed_types ?? []).join(", "), mb: Math.round((field.max_bytes ?? 0) / 1048576) })}</div>
        <noscript><div class="hint">${t("information.needs_script")}</div></noscript></div>`
        : html`<form method="post" action="${urls.set(item.position_id, field.id)}" class="inline">${csrfField(req)}
        <label class="sr" for="${id}">${field.label}</label>${input(item, id)} <button class="small" type="submit">${t("information.save")}</button></form>`;
  }
  const validate =
    urls.validate && !validated && item.value && (item.value.value || item.value.file_key)
      ? html`<form method="post" action="${urls.validate(item.position_id, field.id)}" class="inline">${csrfField(req)}<button class="small secondary" type="submit">${t("information.validate")}</button></form>`
      : "";
  return html`<tr><th scope="row">${field.label}${field.required ? " *" : ""}</th><td>${shown} ${badge}</td><td>${form}${validate}</td></tr>`;
}

export function informationSection(
  req: FastifyRequest,
  info: OrderInformation,
  urls: InformationUrls,
  editable: boolean,
): SafeHtml {
  const { t } = req;
  const withFields = info.positions.filter((p) => p.items.length > 0);
  if (withFields.length === 0) return html``;
  const missingPayment = info.missing.payment.length > 0;
  const missingAdmission = info.missing.admission.length > 0;
  return html`<section class="card" aria-labelledby="h-info"><h2 id="h-info">${t("information.title")}</h2>
${
  missingPayment
    ? html`<div class="alert error" role="status">${t("information.payment_blocked")}</div>`
    : missingAdmission
      ? html`<div class="alert error" role="status">${t("information.admission_blocked")}</div>`
      : html`<div class="alert ok" role="status">${t("information.complete")}</div>`
}
${withFields.map(
  ({
    position,
    items,
  }) => html`<h3>${position.ticket_type_name}${position.attendee_name ? ` · ${position.attendee_name}` : ""}</h3>
  <div class="table-wrap"><table class="info"><tbody>${items.map((item) => itemRow(req, item, urls, editable))}</tbody></table></div>`,
)}
</section><script src="/assets/upload.js" defer></script>`;
}
