import type { FastifyRequest } from "fastify";
import type { listGrants } from "../../modules/organizers/grants.js";
import type { listInvitations, listMembers, Organizer } from "../../modules/organizers/service.js";
import type { listApiTokens } from "../../modules/organizers/tokens.js";
import { ADMIN_LEVELS } from "../../platform/auth/policy.js";
import type { AdminLevel } from "../../platform/db/schema.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import type { Translate } from "../../platform/i18n/index.js";
import { errorSummary, type FieldErrors, field, select } from "../common/forms.js";
import { alert, csrfField } from "../common/layout.js";

type Rows<F extends (...args: never[]) => Promise<unknown[]>> = Awaited<ReturnType<F>>;

export interface OrganizerPageData {
  organizer: Organizer;
  canManage: boolean;
  canManageEvents: boolean;
  events: { id: number; slug: string; name: string; kind: string }[];
  members: Rows<typeof listMembers>;
  invitations: Rows<typeof listInvitations>;
  grants: Rows<typeof listGrants>;
  tokens: Rows<typeof listApiTokens>;
}

export interface Notice {
  error?: string;
  ok?: string;
  /** A secret shown exactly once (new API token, invitation link). */
  secret?: { label: string; value: string };
  /** A failed form post: which form (its field ids' prefix), its problems and what was typed. */
  form?: string;
  errors?: FieldErrors;
  values?: Record<string, string>;
}

/** The problems and typed values of `form`, if the notice is about that form. */
const posted = (notice: Notice, form: string) =>
  notice.form === form
    ? { errors: notice.errors, values: notice.values ?? {} }
    : { values: {} as Record<string, string> };

export const levelName = (t: Translate, level: AdminLevel) => t(`level.${level}`);

export function notices(req: FastifyRequest, notice: Notice): SafeHtml {
  return html`${notice.errors ? errorSummary(notice.errors) : alert("error", notice.error)}${alert("ok", notice.ok)}${
    notice.secret
      ? html`<div class="alert ok" role="status"><strong>${notice.secret.label}</strong><div class="secret" data-testid="secret">${notice.secret.value}</div><div class="hint">${req.t("admin.secretOnce")}</div></div>`
      : ""
  }`;
}

export function organizersView(
  req: FastifyRequest,
  organizers: Organizer[],
  canCreate: boolean,
  notice: Notice = {},
): SafeHtml {
  const { t } = req;
  return html`<h1>${t("admin.organizers.title")}</h1>${notices(req, notice)}
${
  organizers.length
    ? html`<div class="table-wrap"><table><thead><tr><th>${t("field.name")}</th><th>${t("field.slug")}</th></tr></thead><tbody>
    ${organizers.map((o) => html`<tr><td><a href="/admin/organizers/${o.slug}">${o.name}</a></td><td><code>${o.slug}</code></td></tr>`)}
  </tbody></table></div>`
    : html`<p class="hint">${t("admin.organizers.none")}</p>`
}
${
  canCreate
    ? html`<section class="card"><h2>${t("admin.organizers.create")}</h2>
  <form method="post" action="/admin/organizers" novalidate>${csrfField(req)}
    ${nameAndSlug(req, "organizer", posted(notice, "organizer"))}
    <button type="submit">${t("admin.organizers.createSubmit")}</button>
  </form></section>`
    : ""
}`;
}

/** Name and optional slug of something new; the slug fills in from the name as it is typed (slug.js). */
function nameAndSlug(req: FastifyRequest, form: string, p: ReturnType<typeof posted>): SafeHtml {
  const { t } = req;
  return html`<div class="row"><div>${field(t("field.name"), "name", { form, required: true, value: p.values.name, errors: p.errors, data: { "slug-source": form } })}</div>
    <div>${field(t("field.slug"), "slug", { form, value: p.values.slug, hint: t("onboarding.slugHint"), errors: p.errors, data: { "slug-from": form }, placeholder: "spring-festival" })}</div></div>
    <script src="/assets/slug.js" defer></script>`;
}

/** Common currencies first; any other ISO 4217 code Intl knows after them. */
function currencyChoices(): [string, string][] {
  const first = ["EUR", "CHF", "GBP", "USD", "SEK", "DKK", "NOK", "PLN", "CZK", "CAD"];
  const rest = Intl.supportedValuesOf("currency").filter((c) => !first.includes(c));
  return [...first, ...rest].map((c) => [c, c]);
}

function eventsSection(req: FastifyRequest, data: OrganizerPageData, notice: Notice): SafeHtml {
  const { t } = req;
  const base = `/admin/organizers/${data.organizer.slug}`;
  const p = posted(notice, "event");
  return html`<section class="card" aria-labelledby="h-events"><h2 id="h-events">${t("admin.events.title")}</h2>
  ${
    data.events.length
      ? html`<ul>${data.events.map((e) => html`<li><a href="${base}/events/${e.slug}">${e.name}</a> <span class="badge">${t(e.kind === "series" ? "event.kind.series" : "event.kind.single")}</span></li>`)}</ul>`
      : html`<p class="hint">${t("admin.events.none")}</p>`
  }
  ${
    data.canManageEvents
      ? html`<form method="post" action="${base}/events" novalidate>${csrfField(req)}
    ${nameAndSlug(req, "event", p)}
    <div class="row"><div>${select(
      t("field.eventKind"),
      "kind",
      [
        ["single", t("event.kind.single")],
        ["series", t("event.kind.series")],
      ],
      p.values.kind,
      "event",
      p.errors,
    )}</div>
    <div>${select(t("onboarding.currency"), "currency", currencyChoices(), p.values.currency ?? "EUR", "event", p.errors)}</div></div>
    <button type="submit">${t("admin.events.create")}</button></form>`
      : ""
  }</section>`;
}

function membersSection(req: FastifyRequest, data: OrganizerPageData, notice: Notice): SafeHtml {
  const { t } = req;
  const base = `/admin/organizers/${data.organizer.slug}`;
  const p = posted(notice, "invite");
  const none = data.members.length === 0;
  return html`<section class="card" aria-labelledby="h-members"><h2 id="h-members">${t("admin.members.title")}</h2>
  ${
    none
      ? html`<p class="hint" data-testid="no-members">${t("onboarding.members.none")}</p>`
      : html`<div class="table-wrap"><table><thead><tr><th>${t("field.name")}</th><th>${t("field.email")}</th><th>${t("field.role")}</th><th></th></tr></thead><tbody>
  ${data.members.map(
    (m) =>
      html`<tr><td>${m.name}</td><td>${m.email}</td><td>${t(m.role === "owner" ? "role.owner" : "role.member")}</td><td>${
        data.canManage
          ? html`<form method="post" action="${base}/members/${m.id}/remove">${csrfField(req)}<button class="small secondary" type="submit">${t("admin.remove")}</button></form>`
          : ""
      }</td></tr>`,
  )}
  </tbody></table></div>`
  }
  ${
    data.canManage
      ? html`<h3>${t("admin.members.invite")}</h3>
  <form method="post" action="${base}/invitations">${csrfField(req)}
    <div class="row"><div>${field(t("field.email"), "email", { form: "invite", type: "email", required: true, value: p.values.email, errors: p.errors })}</div>
    <div>${select(
      t("field.role"),
      "role",
      [
        ["member", t("role.member")],
        ["owner", t("role.owner")],
      ],
      p.values.role ?? (none ? "owner" : "member"),
      "invite",
      p.errors,
    )}</div></div>
    <button type="submit">${t("admin.members.inviteSubmit")}</button>
  </form>
  ${
    data.invitations.length
      ? html`<h3>${t("admin.members.pending")}</h3><ul>${data.invitations.map((i) => html`<li>${i.email} (${t(i.role === "owner" ? "role.owner" : "role.member")})</li>`)}</ul>`
      : ""
  }`
      : ""
  }</section>`;
}

function grantWho(t: Translate, g: OrganizerPageData["grants"][number]): string {
  if (g.grantee === "user") return g.user_email ?? "?";
  if (g.grantee === "members") return t("grant.allMembers");
  const parts = [g.audience_school, g.audience_class_year, g.audience_membership].filter((p) => p !== null);
  return `${t("grant.audience")}: ${parts.join(" · ")}`;
}

function grantsSection(req: FastifyRequest, data: OrganizerPageData, notice: Notice): SafeHtml {
  const { t } = req;
  const { errors, values } = posted(notice, "grant");
  const base = `/admin/organizers/${data.organizer.slug}`;
  const levels = ADMIN_LEVELS.map((l): [string, string] => [l, levelName(t, l)]);
  return html`<section class="card" aria-labelledby="h-grants"><h2 id="h-grants">${t("admin.grants.title")}</h2>
  <p class="hint">${t("admin.grants.intro")}</p>
  <div class="table-wrap"><table><thead><tr><th>${t("grant.who")}</th><th>${t("grant.event")}</th><th>${t("grant.level")}</th><th></th></tr></thead><tbody>
  ${data.grants.map(
    (g) =>
      html`<tr><td>${grantWho(t, g)}</td><td>${g.event_name ?? t("grant.allEvents")}</td><td>${levelName(t, g.level as AdminLevel)}</td><td>${
        data.canManageEvents
          ? html`<form method="post" action="${base}/grants/${g.id}/delete">${csrfField(req)}<button class="small secondary" type="submit">${t("admin.remove")}</button></form>`
          : ""
      }</td></tr>`,
  )}
  </tbody></table></div>
  ${
    data.canManageEvents
      ? html`<form method="post" action="${base}/grants">${csrfField(req)}
    <div class="row">
      <div>${select(t("grant.who"), "grantee", [
        ["user", t("grant.oneUser")],
        ["members", t("grant.allMembers")],
        ["audience", t("grant.audience")],
      ])}</div>
      <div>${field(t("grant.userEmail"), "email", { form: "grant", type: "email", hint: t("grant.userEmailHint"), value: values.email, errors })}</div>
    </div>
    <div class="row">
      <div>${field(t("field.school"), "audience_school", { form: "grant", value: values.audience_school, errors })}</div>
      <div>${field(t("field.classYear"), "audience_class_year", { form: "grant", type: "number", min: 1900, max: 2200, value: values.audience_class_year, errors })}</div>
      <div>${field(t("field.membership"), "audience_membership", { form: "grant", value: values.audience_membership, errors })}</div>
    </div>
    <div class="row">
      <div>${select(t("grant.event"), "event_id", [["", t("grant.allEvents")], ...data.events.map((e): [string, string] => [String(e.id), e.name])])}</div>
      <div>${select(t("grant.level"), "level", levels)}</div>
    </div>
    <button type="submit">${t("admin.grants.submit")}</button>
  </form>`
      : ""
  }</section>`;
}

function tokensSection(req: FastifyRequest, data: OrganizerPageData, notice: Notice): SafeHtml {
  const { t } = req;
  const { errors, values } = posted(notice, "token");
  const base = `/admin/organizers/${data.organizer.slug}`;
  if (!data.canManage) return html``;
  return html`<section class="card" aria-labelledby="h-tokens"><h2 id="h-tokens">${t("admin.tokens.title")}</h2>
  <div class="table-wrap"><table><thead><tr><th>${t("field.name")}</th><th>${t("grant.level")}</th><th>${t("admin.tokens.lastUsed")}</th><th></th></tr></thead><tbody>
  ${data.tokens.map(
    (k) =>
      html`<tr><td>${k.name}</td><td>${levelName(t, k.level as AdminLevel)}</td><td>${k.last_used_at?.slice(0, 16).replace("T", " ") ?? "—"}</td><td>${
        k.revoked_at
          ? html`<span class="badge">${t("admin.tokens.revoked")}</span>`
          : html`<form method="post" action="${base}/tokens/${k.id}/revoke">${csrfField(req)}<button class="small danger" type="submit">${t("admin.tokens.revoke")}</button></form>`
      }</td></tr>`,
  )}
  </tbody></table></div>
  <form method="post" action="${base}/tokens">${csrfField(req)}
    <div class="row"><div>${field(t("field.name"), "name", { form: "token", required: true, value: values.name, errors })}</div>
    <div>${select(
      t("grant.level"),
      "level",
      ADMIN_LEVELS.map((l): [string, string] => [l, levelName(t, l)]),
      "full",
      "token",
    )}</div></div>
    <button type="submit">${t("admin.tokens.create")}</button>
  </form></section>`;
}

export function organizerView(req: FastifyRequest, data: OrganizerPageData, notice: Notice = {}): SafeHtml {
  return html`<p><a href="/admin/organizers">← ${req.t("admin.organizers.title")}</a></p>
<h1>${data.organizer.name}</h1>${notices(req, notice)}
<p>${data.canManage ? html`<a class="button secondary" href="/admin/organizers/${data.organizer.slug}/settings">${req.t("onboarding.settings.title")}</a>` : ""}
<a class="button secondary" href="/admin/organizers/${data.organizer.slug}/payments">${req.t("payments.admin.title")}</a>
<a class="button secondary" href="/admin/organizers/${data.organizer.slug}/guestcards">${req.t("guestcards.title")}</a>
<a class="button secondary" href="/admin/organizers/${data.organizer.slug}/privacy">${req.t("privacy.retention")}</a></p>
${eventsSection(req, data, notice)}${membersSection(req, data, notice)}${grantsSection(req, data, notice)}${tokensSection(req, data, notice)}`;
}
