import type { FastifyRequest } from "fastify";
import type { listDates } from "../../modules/events/service.js";
import { venueLine } from "../../modules/events/venue.js";
import { dayIn, formatDateTime, formatTime, isoToWallClock } from "../../platform/http/dates.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import { errorSummary, type FieldErrors, field } from "../common/forms.js";
import { csrfField } from "../common/layout.js";
import { checkbox, rowActions, type Section, sectionPath } from "./event-section.js";
import { translationFields } from "./translation-fields.js";
import { venueField } from "./venue-field.js";

export type DateRow = Awaited<ReturnType<typeof listDates>>[number];

/** A form shown again after a failed post: its problems and what was typed. */
export interface FormState {
  errors?: FieldErrors;
  values?: Record<string, string>;
}

export interface RepeatState extends FormState {
  weekdays?: string[];
}

export interface Preview {
  dates: { starts_at: string; ends_at: string | null }[];
  skipped: number;
}

export const metaText = (meta: Record<string, string>) =>
  Object.entries(meta)
    .map(([k, v]) => `${k}=${v}`)
    .join("\n");

/** "key=value" lines of the metadata field as an object; lines without "=" are dropped. */
export function metaFromText(text: string | undefined): Record<string, string> {
  return Object.fromEntries(
    (text ?? "")
      .split("\n")
      .map((line) => {
        const at = line.indexOf("=");
        return at < 1 ? null : [line.slice(0, at).trim(), line.slice(at + 1).trim()];
      })
      .filter((pair): pair is [string, string] => pair !== null && pair[0] !== ""),
  );
}

/** When a date is, in the event's zone; an end on the same day shows as its time only. */
const when = (req: FastifyRequest, s: Section, d: { starts_at: string; ends_at: string | null }) => {
  const start = formatDateTime(req.locale, d.starts_at, s.zone, "short");
  if (!d.ends_at) return start;
  const end =
    dayIn(d.ends_at, s.zone) === dayIn(d.starts_at, s.zone)
      ? formatTime(req.locale, d.ends_at, s.zone)
      : formatDateTime(req.locale, d.ends_at, s.zone, "short");
  return `${start} – ${end}`;
};

/** One column for the date itself (when, then name, place and metadata): it stays readable on a phone. */
function dateList(req: FastifyRequest, s: Section, dates: DateRow[], sold: Map<number, number>): SafeHtml {
  const { t } = req;
  const base = sectionPath(s, "dates");
  if (dates.length === 0) return html`<p class="hint">${t("adminEvent.noDates")}</p>`;
  return html`<div class="table-wrap"><table><thead><tr><th>${t("adminEvent.when")}</th><th>${t("adminEvent.tickets")}</th><th><span class="sr">${t("adminEvent.actions")}</span></th></tr></thead><tbody>
${dates.map((d) => {
  const about = [d.name, d.location, d.venue ? venueLine(d.venue) : null].filter(Boolean).join(" · ");
  const meta = metaText(d.metadata).replaceAll("\n", ", ");
  return html`<tr id="date-${d.id}"><td><strong>${when(req, s, d)}</strong>${d.requires_voucher ? html` <span class="badge">${t("shop.voucherOnly")}</span>` : ""}
${about ? html`<div>${about}</div>` : ""}${meta ? html`<div class="hint break">${meta}</div>` : ""}</td>
<td data-label="${t("adminEvent.tickets")}">${sold.get(d.id) ?? 0}</td><td>${rowActions(req, s, `${base}/${d.id}/edit`, `${base}/${d.id}/delete`)}</td></tr>`;
})}</tbody></table></div>`;
}

/** The fields of one date, to add one or to change it. */
export function dateFields(
  req: FastifyRequest,
  s: Section,
  form: string,
  state: FormState,
  current?: DateRow,
): SafeHtml {
  const { t } = req;
  const v = state.values;
  const errors = state.errors;
  const value = (name: string, fallback: string | null | undefined) =>
    v ? (v[name] ?? "") : (fallback ?? "");
  const voucher = v ? v.requires_voucher === "on" : Boolean(current?.requires_voucher);
  return html`<div class="row"><div>${field(t("field.name"), "name", { form, value: value("name", current?.name), errors })}</div>
  <div>${field(t("adminEvent.location"), "location", { form, value: value("location", current?.location), errors })}</div></div>
  <div class="row"><div>${field(t("adminEvent.starts"), "starts_at", { form, type: "datetime-local", required: true, value: value("starts_at", isoToWallClock(current?.starts_at, s.zone)), hint: t("adminEvent.zoneHint", { zone: s.zone }), errors })}</div>
  <div>${field(t("adminEvent.ends"), "ends_at", { form, type: "datetime-local", value: value("ends_at", isoToWallClock(current?.ends_at, s.zone)), errors })}</div></div>
  ${venueField(req, form, value("venue", current?.venue), t("adminEvent.dateVenueHint", { venue: venueLine(s.event.venue) || "—" }), errors)}
  <label for="f-${form}-meta">${t("adminEvent.meta")}</label><textarea id="f-${form}-meta" name="meta" rows="2" placeholder="room_link=https://…">${value("meta", current ? metaText(current.metadata) : "")}</textarea>
  ${checkbox(t("adminEvent.dateRequiresVoucher"), "requires_voucher", { form, checked: voucher })}
  ${translationFields(req, form, [{ name: "name", label: t("field.name") }], current?.translations, v)}`;
}

function addForm(req: FastifyRequest, s: Section, state: FormState, open: boolean): SafeHtml {
  const { t } = req;
  return html`<details class="card" id="add-date" ${open ? html`open` : ""}><summary><strong>${t("adminEvent.addDate")}</strong></summary>
${errorSummary(state.errors)}
<form method="post" action="${sectionPath(s, "dates")}">${csrfField(req)}
  ${dateFields(req, s, "date", state)}
  <div><button type="submit">${t("adminEvent.addDate")}</button></div></form></details>`;
}

/** Monday first, as ISO numbers them (1 … 7), in the reader's language. */
function weekdayNames(locale: string): [string, string][] {
  const names = new Intl.DateTimeFormat(locale, { weekday: "long", timeZone: "UTC" });
  // 2024-01-01 was a Monday.
  return [1, 2, 3, 4, 5, 6, 7].map((d) => [String(d), names.format(new Date(Date.UTC(2024, 0, d)))]);
}

function repeatFields(req: FastifyRequest, state: RepeatState): SafeHtml {
  const { t } = req;
  const form = "repeat";
  const v = state.values ?? {};
  const errors = state.errors;
  const chosen = new Set(state.weekdays ?? []);
  const dayError = errors?.sentence("weekdays", t("adminEvent.weekdays"));
  return html`<fieldset ${dayError ? html`aria-invalid="true"` : ""}><legend>${t("adminEvent.weekdays")}</legend>
  ${dayError ? html`<div class="field-error" id="f-repeat-weekdays">${dayError}</div>` : ""}
  <div class="weekdays">${weekdayNames(req.locale).map(([n, name]) => checkbox(name, "weekdays", { value: n, form, checked: chosen.has(n) }))}</div></fieldset>
  <div class="row"><div>${field(t("adminEvent.startTime"), "time", { form, type: "time", required: true, value: v.time ?? "", errors })}</div>
  <div>${field(t("adminEvent.endTime"), "end_time", { form, type: "time", value: v.end_time ?? "", hint: t("adminEvent.endTimeHint"), errors })}</div>
  <div>${field(t("adminEvent.duration"), "duration_minutes", { form, type: "number", min: 1, max: 10080, value: v.duration_minutes ?? "", errors })}</div></div>
  <div class="row"><div>${field(t("adminEvent.from"), "from", { form, type: "date", required: true, value: v.from ?? "", errors })}</div>
  <div>${field(t("adminEvent.until"), "until", { form, type: "date", required: true, value: v.until ?? "", errors })}</div></div>
  <div class="row"><div>${field(t("field.name"), "name", { form, value: v.name ?? "", errors })}</div>
  <div>${field(t("adminEvent.location"), "location", { form, value: v.location ?? "", errors })}</div></div>
  ${checkbox(t("adminEvent.dateRequiresVoucher"), "requires_voucher", { form, checked: v.requires_voucher === "on" })}`;
}

function repeatForm(req: FastifyRequest, s: Section, state: RepeatState, open: boolean): SafeHtml {
  const { t } = req;
  return html`<details class="card" id="repeat" ${open ? html`open` : ""}><summary><strong>${t("adminEvent.repeat")}</strong></summary>
<p class="hint">${t("adminEvent.repeatHint", { zone: s.zone })}</p>
${errorSummary(state.errors)}
<form method="post" action="${sectionPath(s, "dates")}/recurring">${csrfField(req)}
  ${repeatFields(req, state)}
  <div><button type="submit" name="step" value="preview">${t("adminEvent.preview")}</button></div></form></details>`;
}

/** The rule's dates before anything is saved, and the button that saves them, carrying the rule along. */
function previewCard(req: FastifyRequest, s: Section, preview: Preview, state: RepeatState): SafeHtml {
  const { t } = req;
  const hidden = Object.entries(state.values ?? {})
    .filter(([name]) => name !== "_csrf" && name !== "step")
    .map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`);
  const days = (state.weekdays ?? []).map((d) => html`<input type="hidden" name="weekdays" value="${d}">`);
  const n = preview.dates.length;
  return html`<section class="card" id="preview" aria-labelledby="h-preview"><h2 id="h-preview">${t("adminEvent.previewTitle", { count: n })}</h2>
${preview.skipped ? html`<p class="hint">${t("adminEvent.previewSkipped", { count: preview.skipped })}</p>` : ""}
${n ? html`<ol class="preview-dates">${preview.dates.map((d) => html`<li>${when(req, s, d)}</li>`)}</ol>` : ""}
${state.values?.name ? html`<p class="hint">${[state.values.name, state.values.location].filter(Boolean).join(" · ")}</p>` : ""}
<form method="post" action="${sectionPath(s, "dates")}/recurring" class="actions">${csrfField(req)}${hidden}${days}
  ${n ? html`<button type="submit" name="step" value="create">${t("adminEvent.createDates", { count: n })}</button>` : ""}
  <a class="button secondary" href="#repeat">${t("adminEvent.changeRule")}</a></form></section>`;
}

export interface DatesPage {
  dates: DateRow[];
  sold: Map<number, number>;
  add?: FormState;
  repeat?: RepeatState;
  preview?: Preview;
}

export function datesView(req: FastifyRequest, s: Section, d: DatesPage): SafeHtml {
  const { t } = req;
  const forms = s.canManage
    ? html`${addForm(req, s, d.add ?? {}, d.add !== undefined || d.dates.length === 0)}${repeatForm(req, s, d.repeat ?? {}, d.repeat !== undefined)}`
    : "";
  return html`${d.preview && d.repeat ? previewCard(req, s, d.preview, d.repeat) : ""}${forms}
<section class="card" id="dates" aria-labelledby="h-dates"><h2 id="h-dates">${t("adminEvent.dates")} <span class="badge">${d.dates.length}</span></h2>
${dateList(req, s, d.dates, d.sold)}</section>`;
}

export function dateEditView(req: FastifyRequest, s: Section, date: DateRow, sold: number, state: FormState) {
  const { t } = req;
  const base = sectionPath(s, "dates");
  return html`<section class="card" aria-labelledby="h-edit"><h2 id="h-edit">${t("adminEvent.editDate")}</h2>
${sold ? html`<p class="hint">${t("adminEvent.dateSoldHint", { count: sold })}</p>` : ""}
${errorSummary(state.errors)}
<form method="post" action="${base}/${date.id}/edit">${csrfField(req)}
  ${dateFields(req, s, "edit", state, date)}
  <div class="actions"><button type="submit">${t("account.save")}</button> <a class="button secondary" href="${base}#date-${date.id}">${t("adminEvent.cancel")}</a></div>
</form></section>`;
}

export const dateLabel = (req: FastifyRequest, s: Section, d: DateRow) =>
  d.name ? `${d.name} (${when(req, s, d)})` : when(req, s, d);
