import type { FastifyRequest } from "fastify";
import type { listBookings } from "../../modules/experiences/bookings.js";
import type { Experience, listExperiences, Slot } from "../../modules/experiences/catalog.js";
import type { Exhibitor, Programme, ProgrammeScope } from "../../modules/experiences/programme.js";
import type { TicketSource } from "../../modules/experiences/sources.js";
import { formatDateTime, formatTime } from "../../platform/http/dates.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import { field, select } from "../common/forms.js";
import { alert, csrfField } from "../common/layout.js";

export interface Notice {
  ok?: string;
  error?: string;
  secret?: { label: string; value: string };
}

export interface WorkspaceData {
  scope: ProgrammeScope;
  base: string;
  programme: Programme;
  embedUrl: string;
  publicUrl: string;
  exhibitors: Exhibitor[];
  sources: TicketSource[];
  experiences: Awaited<ReturnType<typeof listExperiences>>;
  slots: Slot[];
  bookings: Awaited<ReturnType<typeof listBookings>>;
  filter: { exhibitor?: number; experience?: number; slot?: number };
  apiBase: string;
  timeZone: string;
}

const textarea = (label: string, name: string, value: string, hint?: string) =>
  html`<label for="f-${name}">${label}</label><textarea id="f-${name}" name="${name}" rows="3">${value}</textarea>${hint ? html`<div class="hint">${hint}</div>` : ""}`;

export function notices(notice: Notice): SafeHtml {
  return html`${alert("error", notice.error)}${alert("ok", notice.ok)}${
    notice.secret
      ? html`<div class="alert ok" role="status">${notice.secret.label}: <code data-secret>${notice.secret.value}</code></div>`
      : ""
  }`;
}

function settingsSection(req: FastifyRequest, d: WorkspaceData): SafeHtml {
  const { t } = req;
  const choices = (["optional", "required"] as const).map((v): [string, string] => [
    v,
    t(`experiences.guest.${v}`),
  ]);
  const snippet = `<iframe src="${d.embedUrl}" data-tessera-embed title="${d.scope.event.name}" style="width:100%;border:0;height:600px" loading="lazy"></iframe>\n<script src="${d.publicUrl}/embed/frame.js" async></script>`;
  return html`<section class="card" aria-labelledby="h-embed"><h2 id="h-embed">${t("experiences.admin.embed")}</h2>
<form method="post" action="${d.base}/settings">${csrfField(req)}
${textarea(t("experiences.admin.origins"), "embed_origins", d.programme.embed_origins.join("\n"), t("experiences.admin.originsHint"))}
<div class="row"><div>${select(t("experiences.embed.name"), "guest_name", choices, d.programme.guest_name)}</div>
<div>${select(t("experiences.embed.email"), "guest_email", choices, d.programme.guest_email)}</div></div>
<button type="submit">${t("experiences.admin.save")}</button></form>
<p>${t("experiences.admin.snippet")}</p><textarea data-snippet readonly rows="4" aria-label="${t("experiences.admin.snippet")}">${snippet}</textarea>
<p><a href="${d.embedUrl}">${t("experiences.admin.preview")}</a></p></section>`;
}

function exhibitorsSection(req: FastifyRequest, d: WorkspaceData): SafeHtml {
  const { t } = req;
  return html`<section class="card" aria-labelledby="h-exhibitors"><h2 id="h-exhibitors">${t("experiences.admin.exhibitors")}</h2>
${
  d.exhibitors.length === 0
    ? html`<p>${t("experiences.admin.noExhibitors")}</p>`
    : html`<ul>${d.exhibitors.map(
        (
          x,
        ) => html`<li>${x.name} · ${x.email} · ${x.accepted_at ? t("experiences.admin.accepted") : t("experiences.admin.invited")}
<form method="post" action="${d.base}/exhibitors/${x.id}/remove" class="inline">${csrfField(req)}<button class="secondary small">${t("experiences.admin.remove")}</button></form></li>`,
      )}</ul>`
}
<form method="post" action="${d.base}/exhibitors" class="row">${csrfField(req)}
<div>${field(t("experiences.embed.name"), "name", { form: "exhibitor", required: true })}</div>
<div>${field(t("experiences.embed.email"), "email", { form: "exhibitor", type: "email", required: true })}</div>
<div><button type="submit">${t("experiences.admin.invite")}</button></div></form></section>`;
}

function sourcesSection(req: FastifyRequest, d: WorkspaceData): SafeHtml {
  const { t } = req;
  const allowances = (a: Record<string, number>) =>
    Object.entries(a)
      .map(([k, n]) => `${k}: ${n}`)
      .join(", ");
  return html`<section class="card" aria-labelledby="h-sources"><h2 id="h-sources">${t("experiences.admin.sources")}</h2>
<p class="hint">${t("experiences.admin.sourcesHint")}</p>
${
  d.sources.length === 0
    ? html`<p>${t("experiences.admin.noSources")}</p>`
    : html`<ul>${d.sources.map(
        (s) => html`<li><strong>${s.name}</strong> (${s.type}) · ${allowances(s.allowances)}${
          s.headerNames.length ? html` · ${t("experiences.admin.headers")}: ${s.headerNames.join(", ")}` : ""
        }
<form method="post" action="${d.base}/sources/${s.id}/retire" class="inline">${csrfField(req)}<button class="secondary small">${t("experiences.admin.retire")}</button></form></li>`,
      )}</ul>`
}
<details><summary>${t("experiences.admin.addShop")}</summary>
<form method="post" action="${d.base}/sources">${csrfField(req)}<input type="hidden" name="type" value="http">
${field(t("experiences.admin.url"), "url", { form: "http", required: true, placeholder: "https://shop.example.org/api/tickets/check" })}
${select(
  t("experiences.admin.method"),
  "method",
  [
    ["POST", "POST"],
    ["PUT", "PUT"],
    ["GET", "GET"],
  ],
  "POST",
  "http",
)}
<div class="row"><div>${field(t("experiences.admin.headerName"), "header_name", { form: "http", placeholder: "Authorization" })}</div>
<div>${field(t("experiences.admin.headerValue"), "header_value", { form: "http", type: "password" })}</div></div>
${field(t("experiences.admin.allowances"), "allowances", { form: "http", required: true, placeholder: "Gold=3, Silver=2, Bronze=1", hint: t("experiences.admin.allowancesHint") })}
<div class="row"><div>${field("ticket_number", "number_field", { form: "http", value: "ticket_number" })}</div>
<div>${field("security_code", "code_field", { form: "http", value: "security_code" })}</div>
<div>${field("valid", "valid_field", { form: "http", value: "valid" })}</div>
<div>${field("kind", "kind_field", { form: "http", value: "kind" })}</div></div>
<div class="hint">${t("experiences.admin.fieldsHint")}</div>
<button type="submit">${t("experiences.admin.addSource")}</button></form></details>
<details><summary>${t("experiences.admin.addTessera")}</summary>
<form method="post" action="${d.base}/sources">${csrfField(req)}<input type="hidden" name="type" value="tessera">
${field(t("experiences.admin.tesseraEvent"), "tessera_event", { form: "tessera", value: d.scope.event.slug })}
${field(t("experiences.admin.allowances"), "allowances", { form: "tessera", required: true, placeholder: "Standard=2", hint: t("experiences.admin.allowancesTessera") })}
<button type="submit">${t("experiences.admin.addSource")}</button></form></details></section>`;
}

function experiencesSection(req: FastifyRequest, d: WorkspaceData): SafeHtml {
  const { t } = req;
  const slotsOf = (id: number) => d.slots.filter((s) => s.experience_id === id);
  return html`<section class="card" aria-labelledby="h-experiences"><h2 id="h-experiences">${t("experiences.admin.experiences")}</h2>
${
  d.experiences.length === 0
    ? html`<p>${t("experiences.embed.none")}</p>`
    : html`<div class="table-wrap"><table><thead><tr><th>${t("experiences.col.experience")}</th><th>${t("experiences.col.exhibitor")}</th><th>${t("experiences.admin.slots")}</th><th>${t("experiences.col.booked")}</th></tr></thead><tbody>${d.experiences.map(
        (x) =>
          html`<tr><td><a href="${d.base}/experiences/${x.id}">${x.title}</a></td><td>${x.exhibitor_name ?? "—"}</td><td>${slotsOf(x.id).length}</td><td>${slotsOf(x.id).reduce((n, s) => n + s.booked, 0)}</td></tr>`,
      )}</tbody></table></div>`
}
<details ${d.experiences.length === 0 ? html`open` : ""}><summary>${t("experiences.admin.newExperience")}</summary>
<form method="post" action="${d.base}/experiences">${csrfField(req)}
${experienceFields(req, d, undefined)}
<button type="submit">${t("experiences.admin.create")}</button></form></details></section>`;
}

export function experienceFields(
  req: FastifyRequest,
  d: { scope: ProgrammeScope; exhibitors: Exhibitor[] },
  x: Experience | undefined,
): SafeHtml {
  const { t } = req;
  return html`${field(t("experiences.col.title"), "title", { required: true, value: x?.title })}
${textarea(t("experiences.admin.description"), "description", x?.description ?? "")}
<div class="row"><div>${field(t("experiences.admin.location"), "location", { value: x?.location })}</div>
<div>${field(t("experiences.admin.language"), "language", { value: x?.language })}</div></div>
${
  d.scope.manage
    ? select(
        t("experiences.col.exhibitor"),
        "exhibitor",
        [["", "—"], ...d.exhibitors.map((e): [string, string] => [String(e.id), e.name])],
        x?.exhibitor_id ? String(x.exhibitor_id) : "",
      )
    : ""
}`;
}

function bookingsSection(req: FastifyRequest, d: WorkspaceData): SafeHtml {
  const { t } = req;
  const when = (iso: string) => formatDateTime(req.locale, iso, d.timeZone, "short");
  const opt = (v: number | undefined) => (v === undefined ? "" : String(v));
  const slotChoices = d.slots
    .filter((s) => d.filter.experience === undefined || s.experience_id === d.filter.experience)
    .map((s): [string, string] => [
      String(s.id),
      `${d.experiences.find((x) => x.id === s.experience_id)?.title ?? ""} · ${when(s.starts_at)}`,
    ]);
  return html`<section class="card" aria-labelledby="h-bookings"><h2 id="h-bookings">${t("experiences.admin.bookings")}</h2>
<form method="get" action="${d.base}" class="row">
${d.scope.admin ? html`<div>${select(t("experiences.col.exhibitor"), "exhibitor", [["", t("experiences.admin.all")], ...d.exhibitors.map((e): [string, string] => [String(e.id), e.name])], opt(d.filter.exhibitor), "filter")}</div>` : ""}
<div>${select(t("experiences.col.experience"), "experience", [["", t("experiences.admin.all")], ...d.experiences.map((x): [string, string] => [String(x.id), x.title])], opt(d.filter.experience), "filter")}</div>
<div>${select(t("experiences.col.slot"), "slot", [["", t("experiences.admin.all")], ...slotChoices], opt(d.filter.slot), "filter")}</div>
<div><button type="submit" class="secondary">${t("experiences.admin.filter")}</button></div></form>
${
  d.bookings.length === 0
    ? html`<p>${t("experiences.admin.noBookings")}</p>`
    : html`<div class="table-wrap"><table data-bookings><thead><tr><th>${t("experiences.col.experience")}</th><th>${t("experiences.col.slot")}</th><th>${t("experiences.col.ticketNumber")}</th><th>${t("experiences.col.kind")}</th><th>${t("experiences.embed.name")}</th><th>${t("experiences.embed.email")}</th><th>${t("experiences.col.bookedAt")}</th></tr></thead><tbody>${d.bookings.map(
        (b) =>
          html`<tr><td>${b.experience_title}${b.exhibitor_name ? html` <span class="hint">(${b.exhibitor_name})</span>` : ""}</td><td>${when(b.starts_at)} – ${formatTime(req.locale, b.ends_at, d.timeZone)}</td><td>${b.ticket_number}</td><td>${b.kind}</td><td>${b.name ?? ""}</td><td>${b.email ?? ""}</td><td>${when(b.created_at)}</td></tr>`,
      )}</tbody></table></div>`
}
${
  d.scope.admin
    ? html`<p><a class="button secondary" href="${d.apiBase}/experience-bookings/per-ticket.xlsx">${t("experiences.admin.exportXlsx")}</a> <a href="${d.apiBase}/experience-bookings/per-ticket">JSON</a></p>`
    : ""
}</section>`;
}

export function workspaceView(req: FastifyRequest, d: WorkspaceData, notice: Notice): SafeHtml {
  const { t } = req;
  return html`<p><a href="/exhibit">← ${t("experiences.admin.programmes")}</a></p>
<h1>${t("experiences.admin.title")} · ${d.scope.event.name}</h1>
${notices(notice)}
${d.scope.admin ? settingsSection(req, d) : ""}
${d.scope.manage ? exhibitorsSection(req, d) : ""}
${d.scope.manage ? sourcesSection(req, d) : ""}
${experiencesSection(req, d)}
${bookingsSection(req, d)}`;
}

export function experienceView(
  req: FastifyRequest,
  d: { scope: ProgrammeScope; exhibitors: Exhibitor[]; base: string; timeZone: string },
  x: Experience,
  slots: Slot[],
  notice: Notice,
): SafeHtml {
  const { t } = req;
  const url = `${d.base}/experiences/${x.id}`;
  const when = (s: Slot) =>
    `${formatDateTime(req.locale, s.starts_at, d.timeZone, "short")} – ${formatTime(req.locale, s.ends_at, d.timeZone)}`;
  return html`<p><a href="${d.base}">← ${t("experiences.admin.title")}</a></p>
<h1>${x.title}</h1>
${notices(notice)}
<section class="card"><h2>${t("experiences.admin.details")}</h2>
<form method="post" action="${url}">${csrfField(req)}${experienceFields(req, d, x)}
<button type="submit">${t("experiences.admin.save")}</button></form>
<form method="post" action="${url}/image" enctype="multipart/form-data">${csrfField(req)}
<label for="f-image">${t("experiences.admin.image")}</label><input id="f-image" name="image" type="file" accept="image/png,image/jpeg">
<button type="submit" class="secondary">${t("experiences.admin.upload")}</button></form>
<form method="post" action="${url}/delete">${csrfField(req)}<button type="submit" class="secondary">${t("experiences.admin.delete")}</button></form></section>
<section class="card"><h2>${t("experiences.admin.slots")}</h2>
${
  slots.length === 0
    ? html`<p>${t("experiences.embed.noSlots")}</p>`
    : html`<div class="table-wrap"><table data-slots><thead><tr><th>${t("experiences.col.slot")}</th><th>${t("experiences.admin.capacity")}</th><th>${t("experiences.col.booked")}</th><th></th></tr></thead><tbody>${slots.map(
        (s) =>
          html`<tr><td>${when(s)}</td><td data-label="${t("experiences.admin.capacity")}">${s.capacity}</td><td data-label="${t("experiences.col.booked")}">${s.booked}</td><td><form method="post" action="${url}/slots/${s.id}/delete" class="inline">${csrfField(req)}<button class="secondary small">${t("experiences.admin.delete")}</button></form></td></tr>`,
      )}</tbody></table></div>`
}
<h3>${t("experiences.admin.addSlot")}</h3>
<form method="post" action="${url}/slots" class="row">${csrfField(req)}
<div>${field(t("experiences.admin.start"), "starts_at", { form: "slot", type: "datetime-local", required: true })}</div>
<div>${field(t("experiences.admin.end"), "ends_at", { form: "slot", type: "datetime-local", required: true })}</div>
<div>${field(t("experiences.admin.capacity"), "capacity", { form: "slot", type: "number", min: 0, required: true })}</div>
<div><button type="submit">${t("experiences.admin.add")}</button></div></form>
<h3>${t("experiences.admin.bulk")}</h3>
<p class="hint">${t("experiences.admin.bulkHint")}</p>
<form method="post" action="${url}/slots/bulk" class="row">${csrfField(req)}
<div>${field(t("experiences.admin.from"), "from", { form: "bulk", type: "datetime-local", required: true })}</div>
<div>${field(t("experiences.admin.until"), "until", { form: "bulk", type: "datetime-local", required: true })}</div>
<div>${field(t("experiences.admin.every"), "every_minutes", { form: "bulk", type: "number", min: 5, value: 20, required: true })}</div>
<div>${field(t("experiences.admin.duration"), "duration_minutes", { form: "bulk", type: "number", min: 1 })}</div>
<div>${field(t("experiences.admin.capacity"), "capacity", { form: "bulk", type: "number", min: 0, required: true })}</div>
<div><button type="submit">${t("experiences.admin.add")}</button></div></form></section>`;
}

export function programmesView(
  req: FastifyRequest,
  rows: { organizer_slug: string; event_slug: string; event_name: string; role: string }[],
): SafeHtml {
  const { t } = req;
  return html`<h1>${t("experiences.admin.programmes")}</h1>
${
  rows.length === 0
    ? html`<p>${t("experiences.admin.noProgrammes")}</p>`
    : html`<ul>${rows.map(
        (r) =>
          html`<li><a href="/exhibit/${r.organizer_slug}/${r.event_slug}">${r.event_name}</a> <span class="hint">${r.role}</span></li>`,
      )}</ul>`
}`;
}
