import type { FastifyRequest } from "fastify";
import type { Municipality } from "../../modules/guestcards/municipalities.js";
import type { RegistrationForm } from "../../modules/guestcards/service.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import { csrfField } from "../common/layout.js";

export interface GuestRowValues {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
  tariff_id: string;
  tariff_alias: string;
}

export interface FormValues {
  municipality: string;
  number: string;
  arrival_date: string;
  departure_date: string;
  overnight_stays: string;
  guests: GuestRowValues[];
}

export const EMPTY_ROWS = 3;
export const emptyGuest = (): GuestRowValues => ({
  id: "",
  first_name: "",
  last_name: "",
  email: "",
  tariff_id: "",
  tariff_alias: "",
});

export function valuesOf(form: RegistrationForm): FormValues {
  return {
    municipality: String(form.municipality_id),
    number: form.number,
    arrival_date: form.arrival_date,
    departure_date: form.departure_date,
    overnight_stays: String(form.overnight_stays),
    guests: form.guests.map((g) => ({ ...g, id: String(g.id), tariff_id: String(g.tariff_id) })),
  };
}

const statusBadge = (req: FastifyRequest, status: string) =>
  html`<span class="badge">${req.t(status === "cancelled" ? "guestcards.status.cancelled" : "guestcards.status.active")}</span>`;

export function formsListView(
  req: FastifyRequest,
  base: string,
  data: {
    forms: RegistrationForm[];
    municipalities: Municipality[];
    q: string;
    municipality: string;
    canSetup: boolean;
  },
): SafeHtml {
  const { t } = req;
  const names = new Map(data.municipalities.map((m) => [m.id, m.name]));
  return html`<p>
  <a class="button" href="${base}/forms/new">${t("guestcards.new")}</a>
  <a class="button secondary" href="${base}/import">${t("guestcards.import")}</a>
  ${data.canSetup ? html`<a class="button secondary" href="${base}/setup">${t("guestcards.setup")}</a>` : ""}
</p>
<form method="get" action="${base}" class="row" role="search">
  <label for="f-q" class="sr">${t("guestcards.search")}</label>
  <input id="f-q" name="q" type="search" value="${data.q}" placeholder="${t("guestcards.searchHint")}">
  <label for="f-municipality" class="sr">${t("guestcards.municipality")}</label>
  <select id="f-municipality" name="municipality"><option value="">${t("guestcards.allMunicipalities")}</option>${data.municipalities.map(
    (m) =>
      html`<option value="${m.id}" ${String(m.id) === data.municipality ? html`selected` : ""}>${m.id} · ${m.name}</option>`,
  )}</select>
  <button type="submit">${t("guestcards.search")}</button>
</form>
${
  data.forms.length === 0
    ? html`<p>${t("guestcards.none")}</p>`
    : html`<div class="table-wrap"><table><thead><tr><th>${t("guestcards.number")}</th><th>${t("guestcards.municipality")}</th><th>${t("guestcards.arrival")}</th><th>${t("guestcards.departure")}</th><th>${t("guestcards.guests")}</th><th>${t("guestcards.status")}</th></tr></thead><tbody>
${data.forms.map(
  (
    f,
  ) => html`<tr><td><a href="${base}/forms/${f.id}">${f.number}</a></td><td>${names.get(f.municipality_id) ?? f.municipality_id}</td>
<td>${f.arrival_date}</td><td>${f.departure_date}</td><td>${f.guests.map((g) => `${g.first_name} ${g.last_name}`).join(", ")}</td><td>${statusBadge(req, f.status)}</td></tr>`,
)}</tbody></table></div>`
}`;
}

function guestRow(req: FastifyRequest, i: number, guest: GuestRowValues): SafeHtml {
  const { t } = req;
  const who = t("guestcards.guest", { n: i + 1 });
  const input = (name: keyof GuestRowValues, label: string, type = "text") =>
    html`<td data-label="${label}"><input name="g${i}_${name}" type="${type}" value="${guest[name]}" aria-label="${label} · ${who}"></td>`;
  return html`<tr><th scope="row">${i + 1}${guest.id ? html`<input type="hidden" name="g${i}_id" value="${guest.id}">` : ""}</th>
${input("first_name", t("guestcards.firstName"))}${input("last_name", t("guestcards.lastName"))}${input("email", t("guestcards.email"), "email")}
${input("tariff_id", t("guestcards.tariffId"), "number")}${input("tariff_alias", t("guestcards.tariffAlias"))}
<td>${guest.id ? html`<label class="check"><input type="checkbox" name="g${i}_remove" value="on" aria-label="${t("guestcards.remove")} · ${who}"> ${t("guestcards.remove")}</label>` : ""}</td></tr>`;
}

/** The editor: form data, then guest rows (3 empty ones to start; "more rows" re-renders with more). */
export function formEditorView(
  req: FastifyRequest,
  action: string,
  values: FormValues,
  municipalities: Municipality[],
): SafeHtml {
  const { t } = req;
  return html`<form method="post" action="${action}" class="card">${csrfField(req)}
<input type="hidden" name="rows" value="${values.guests.length}">
<div class="grid">
  <div><label for="f-municipality">${t("guestcards.municipality")}</label>
  <select id="f-municipality" name="municipality" required>${municipalities.map(
    (m) =>
      html`<option value="${m.id}" ${String(m.id) === values.municipality ? html`selected` : ""}>${m.id} · ${m.name}</option>`,
  )}</select></div>
  <div><label for="f-number">${t("guestcards.number")}</label><input id="f-number" name="number" value="${values.number}" required></div>
  <div><label for="f-arrival">${t("guestcards.arrival")}</label><input id="f-arrival" name="arrival_date" type="date" value="${values.arrival_date}" required></div>
  <div><label for="f-departure">${t("guestcards.departure")}</label><input id="f-departure" name="departure_date" type="date" value="${values.departure_date}" required></div>
  <div><label for="f-overnight">${t("guestcards.overnightStays")}</label><input id="f-overnight" name="overnight_stays" type="number" min="0" value="${values.overnight_stays}" aria-describedby="f-overnight-hint">
  <div class="hint" id="f-overnight-hint">${t("guestcards.overnightHint")}</div></div>
</div>
<h2>${t("guestcards.guests")}</h2>
<p class="hint">${t("guestcards.rowsHint")} ${t("guestcards.tariffHint")}</p>
<div class="table-wrap"><table><thead><tr><th>#</th><th>${t("guestcards.firstName")}</th><th>${t("guestcards.lastName")}</th><th>${t("guestcards.email")}</th><th>${t("guestcards.tariffId")}</th><th>${t("guestcards.tariffAlias")}</th><th></th></tr></thead>
<tbody>${values.guests.map((g, i) => guestRow(req, i, g))}</tbody></table></div>
<p><button type="submit" name="more" value="1" class="secondary" formnovalidate>${t("guestcards.moreRows")}</button>
<button type="submit">${t("guestcards.save")}</button></p>
</form>`;
}

export function formDetailView(
  req: FastifyRequest,
  base: string,
  form: RegistrationForm,
  municipality: string,
  cardLink: (guest: { id: number; auth_code: string }) => string,
): SafeHtml {
  const { t } = req;
  const active = form.status === "active";
  return html`<dl class="card">
<dt>${t("guestcards.municipality")}</dt><dd>${form.municipality_id} · ${municipality}</dd>
<dt>${t("guestcards.arrival")}</dt><dd>${form.arrival_date}</dd>
<dt>${t("guestcards.departure")}</dt><dd>${form.departure_date}</dd>
<dt>${t("guestcards.nights")}</dt><dd>${form.travel_days}</dd>
<dt>${t("guestcards.overnightStays")}</dt><dd>${form.overnight_stays}</dd>
<dt>${t("guestcards.status")}</dt><dd>${statusBadge(req, form.status)}</dd>
</dl>
<h2>${t("guestcards.guests")}</h2>
<div class="table-wrap"><table><thead><tr><th>${t("guestcards.name")}</th><th>${t("guestcards.email")}</th><th>${t("guestcards.tariffAlias")}</th><th>${t("guestcards.authCode")}</th><th>${t("guestcards.card")}</th></tr></thead><tbody>
${form.guests.map(
  (
    g,
  ) => html`<tr><td>${g.first_name} ${g.last_name}</td><td>${g.email}</td><td>${g.tariff_id} · ${g.tariff_alias}</td>
<td><code data-testid="auth-code">${g.auth_code}</code></td><td>${active ? html`<a href="${cardLink(g)}">${t("guestcards.card")}</a>` : ""}</td></tr>`,
)}</tbody></table></div>
${
  active
    ? html`<p><a class="button secondary" href="${base}/forms/${form.id}/edit">${t("guestcards.edit")}</a></p>
<form method="post" action="${base}/forms/${form.id}/cancel" class="card">${csrfField(req)}
<p class="hint">${t("guestcards.cancelHint")}</p><button type="submit" class="secondary">${t("guestcards.cancel")}</button></form>`
    : ""
}`;
}
