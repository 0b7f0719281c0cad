import type { FastifyRequest } from "fastify";
import { CSV_COLUMNS } from "../../modules/guestcards/csv-import.js";
import type { Municipality } from "../../modules/guestcards/municipalities.js";
import type { PartnerClient } from "../../modules/guestcards/partner-clients.js";
import { formatDateTime } from "../../platform/http/dates.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import { field } from "../common/forms.js";
import { csrfField } from "../common/layout.js";

function municipalitiesSection(req: FastifyRequest, base: string, municipalities: Municipality[]): SafeHtml {
  const { t } = req;
  return html`<section class="card"><h2>${t("guestcards.municipalities")}</h2>
<p class="hint">${t("guestcards.municipalitiesIntro")}</p>
${
  municipalities.length === 0
    ? html`<p>${t("guestcards.noMunicipalities")}</p>`
    : html`<ul>${municipalities.map((m) => html`<li><code>${m.id}</code> ${m.name}</li>`)}</ul>`
}
<form method="post" action="${base}/municipalities">${csrfField(req)}
<div class="grid"><div>${field(t("guestcards.municipalityId"), "id", { form: "municipality", type: "number", min: 1, required: true })}</div>
<div>${field(t("guestcards.name"), "name", { form: "municipality", required: true })}</div></div>
<button type="submit">${t("guestcards.addMunicipality")}</button></form></section>`;
}

/** One checkbox per municipality, posted as `municipality_<id>=on`. */
function municipalityChecks(municipalities: Municipality[], form: string, checked: number[]): SafeHtml {
  return html`${municipalities.map(
    (m) =>
      html`<label class="check" for="f-${form}-allow-${m.id}"><input type="checkbox" id="f-${form}-allow-${m.id}" name="municipality_${m.id}" value="on" ${checked.includes(m.id) ? html`checked` : ""}> ${m.id} · ${m.name}</label>`,
  )}`;
}

function clientsSection(
  req: FastifyRequest,
  base: string,
  clients: PartnerClient[],
  municipalities: Municipality[],
): SafeHtml {
  const { t } = req;
  const when = (iso: string | null) =>
    iso ? formatDateTime(req.locale, iso, "UTC", "short") : t("guestcards.never");
  return html`<section class="card"><h2>${t("guestcards.clients")}</h2>
<p class="hint">${t("guestcards.clientsIntro")}</p>
${
  clients.length === 0
    ? html`<p>${t("guestcards.noClients")}</p>`
    : html`<div class="table-wrap"><table><thead><tr><th>${t("guestcards.username")}</th><th>${t("guestcards.allowed")}</th><th>${t("guestcards.lastLogin")}</th><th></th></tr></thead><tbody>
${clients.map(
  (c) => html`<tr><td><code>${c.username}</code></td><td>${
    c.disabled_at
      ? c.municipalities.join(", ")
      : html`<form method="post" action="${base}/clients/${c.id}/municipalities">${csrfField(req)}${municipalityChecks(
          municipalities,
          `client-${c.id}`,
          c.municipalities,
        )}<button type="submit" class="secondary">${t("guestcards.saveAllowed")}</button></form>`
  }</td><td>${when(c.last_login_at)}</td>
<td>${
    c.disabled_at
      ? html`<span class="badge">${t("guestcards.disabled")}</span>`
      : html`<form method="post" action="${base}/clients/${c.id}/disable">${csrfField(req)}<button type="submit" class="secondary">${t("guestcards.disable")}</button></form>`
  }</td></tr>`,
)}</tbody></table></div>`
}
<form method="post" action="${base}/clients">${csrfField(req)}
<div class="grid"><div>${field(t("guestcards.username"), "username", { form: "client", required: true, autocomplete: "off" })}</div>
<div>${field(t("guestcards.password"), "password", { form: "client", type: "password", required: true, autocomplete: "new-password", hint: t("guestcards.passwordHint") })}</div></div>
<fieldset><legend>${t("guestcards.allowed")}</legend>${municipalityChecks(municipalities, "new", [])}</fieldset>
<button type="submit">${t("guestcards.addClient")}</button></form></section>`;
}

export function setupView(
  req: FastifyRequest,
  base: string,
  municipalities: Municipality[],
  clients: PartnerClient[],
): SafeHtml {
  return html`${municipalitiesSection(req, base, municipalities)}${clientsSection(req, base, clients, municipalities)}`;
}

export function importView(req: FastifyRequest, base: string, csv: string): SafeHtml {
  const { t } = req;
  return html`<form method="post" action="${base}/import" class="card">${csrfField(req)}
<p>${t("guestcards.importIntro")}</p>
<p>${t("guestcards.importColumns")}: <code>${CSV_COLUMNS.join(";")}</code></p>
<label for="f-csv">${t("guestcards.csv")}</label>
<textarea id="f-csv" name="csv" rows="12" required>${csv}</textarea>
<button type="submit">${t("guestcards.importButton")}</button></form>`;
}
