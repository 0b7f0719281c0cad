import type { FastifyRequest } from "fastify";
import type { UserPrincipal } from "../../platform/auth/actor.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import { LOCALE_NAMES, LOCALES } from "../../platform/i18n/index.js";
import { errorSummary, type FieldErrors, field, select } from "../common/forms.js";
import { alert, csrfField } from "../common/layout.js";

export interface FormState {
  error?: string;
  ok?: string;
  values?: Record<string, string>;
  /** A failed post's problems: the summary on top, each field's sentence at its input. */
  errors?: FieldErrors;
}

/** The top of a form: the problems of a failed post, else a plain error or confirmation. */
const formNotices = (state: FormState) =>
  state.errors ? errorSummary(state.errors) : html`${alert("error", state.error)}${alert("ok", state.ok)}`;

export function loginView(req: FastifyRequest, next: string, state: FormState = {}): SafeHtml {
  const { t } = req;
  return html`<h1>${t("login.title")}</h1>
${formNotices(state)}
<form method="post" action="/login" class="card" novalidate>
  ${csrfField(req)}<input type="hidden" name="next" value="${next}">
  ${field(t("field.email"), "email", { type: "email", required: true, autocomplete: "username", value: state.values?.email, errors: state.errors })}
  ${field(t("field.password"), "password", { type: "password", required: true, autocomplete: "current-password", errors: state.errors })}
  <button type="submit">${t("login.submit")}</button>
</form>
<p><a href="/password/forgot">${t("login.forgot")}</a> · <a href="/register?next=${encodeURIComponent(next)}">${t("login.noAccount")}</a></p>`;
}

export function registerView(req: FastifyRequest, next: string, state: FormState = {}): SafeHtml {
  const { t } = req;
  return html`<h1>${t("register.title")}</h1>
<p class="hint">${t("register.intro")}</p>
${formNotices(state)}
<form method="post" action="/register" class="card" novalidate>
  ${csrfField(req)}<input type="hidden" name="next" value="${next}">
  ${accountFields(req, state)}
  <button type="submit">${t("register.submit")}</button>
</form>
<p><a href="/login?next=${encodeURIComponent(next)}">${t("register.haveAccount")}</a></p>`;
}

/** A confirmation link that did not confirm: why, and the way on (log in and ask for a new one). */
export function confirmGoneView(req: FastifyRequest, outcome: "used" | "expired" | "unknown"): SafeHtml {
  const { t } = req;
  const target = req.actor.kind === "user" ? "/account" : "/login?next=%2Faccount";
  return html`<h1>${t("confirm.gone.title")}</h1>
<div class="alert error" role="alert" data-testid="confirm-gone">${t(`confirm.${outcome}`)}</div>
<p><a class="button" href="${target}">${req.actor.kind === "user" ? t("confirm.toAccount") : t("nav.login")}</a></p>`;
}

export function forgotView(req: FastifyRequest, state: FormState = {}): SafeHtml {
  const { t } = req;
  return html`<h1>${t("forgot.title")}</h1>
${formNotices(state)}
<form method="post" action="/password/forgot" class="card">
  ${csrfField(req)}
  <p class="hint">${t("forgot.intro")}</p>
  ${field(t("field.email"), "email", { type: "email", required: true, autocomplete: "email" })}
  <button type="submit">${t("forgot.submit")}</button>
</form>`;
}

export function resetView(req: FastifyRequest, token: string, state: FormState = {}): SafeHtml {
  const { t } = req;
  return html`<h1>${t("reset.title")}</h1>
${formNotices(state)}
<form method="post" action="/password/reset/${token}" class="card" novalidate>
  ${csrfField(req)}
  ${field(t("field.newPassword"), "password", { type: "password", required: true, autocomplete: "new-password", hint: t("field.passwordHint"), errors: state.errors })}
  <button type="submit">${t("reset.submit")}</button>
</form>`;
}

export function setupView(req: FastifyRequest, token: string, state: FormState = {}): SafeHtml {
  const { t } = req;
  return html`<h1>${t("setup.title")}</h1>
<p class="hint">${t("setup.intro")}</p>
${formNotices(state)}
<form method="post" action="/setup/${token}" class="card" novalidate>
  ${csrfField(req)}
  ${accountFields(req, state)}
  <button type="submit">${t("setup.submit")}</button>
</form>`;
}

/** A setup link that no longer works: nothing to fill in, only the way on. */
export function setupGoneView(req: FastifyRequest, adminExists: boolean): SafeHtml {
  const { t } = req;
  if (!adminExists)
    return html`<h1>${t("onboarding.setupUnknown.title")}</h1><p>${t("onboarding.setupUnknown.body")}</p>`;
  return html`<h1>${t("onboarding.setupDone.title")}</h1>
<p>${t("onboarding.setupDone.body")}</p>
<p><a class="button" href="/login">${t("onboarding.setupDone.login")} →</a></p>`;
}

/** Name, e-mail and password of a new account (registration and setup ask the same). */
function accountFields(req: FastifyRequest, state: FormState): SafeHtml {
  const { t } = req;
  const errors = state.errors;
  return html`${field(t("field.name"), "name", { required: true, autocomplete: "name", value: state.values?.name, errors })}
  ${field(t("field.email"), "email", { type: "email", required: true, autocomplete: "email", value: state.values?.email, errors })}
  ${field(t("field.password"), "password", { type: "password", required: true, autocomplete: "new-password", hint: t("field.passwordHint"), errors })}`;
}

export function accountView(
  req: FastifyRequest,
  user: UserPrincipal,
  organizers: { slug: string; name: string }[],
  state: FormState = {},
  privacy: SafeHtml = html``,
): SafeHtml {
  const { t } = req;
  const dash = "—";
  const errors = state.errors;
  return html`<h1>${t("account.title")}</h1>
${formNotices(state)}
<div class="grid">
  <section class="card" aria-labelledby="h-profile">
    <h2 id="h-profile">${t("account.profile")}</h2>
    <dl>
      <dt>${t("field.email")}</dt><dd data-testid="account-email">${user.email}</dd>
      <dt>${t("account.kind")}</dt><dd><span class="badge">${t(user.kind === "internal" ? "account.kind.internal" : "account.kind.external")}</span>
        ${user.isPlatformAdmin ? html` <span class="badge">${t("account.platformAdmin")}</span>` : ""}</dd>
      ${
        user.kind === "internal"
          ? html`<dt>${t("field.school")}</dt><dd>${user.school ?? dash}</dd>
      <dt>${t("field.classYear")}</dt><dd>${user.classYear ?? dash}</dd>
      <dt>${t("field.memberships")}</dt><dd>${user.associations.length ? user.associations.join(", ") : dash}</dd>`
          : ""
      }
    </dl>
    <form method="post" action="/account/profile">
      ${csrfField(req)}
      ${field(t("field.name"), "name", { required: true, value: state.values?.name ?? user.name, autocomplete: "name", errors })}
      ${select(
        t("field.language"),
        "locale",
        LOCALES.map((l) => [l, LOCALE_NAMES[l]]),
        user.locale ?? req.locale,
      )}
      <button type="submit">${t("account.save")}</button>
    </form>
  </section>
  <section class="card" aria-labelledby="h-password">
    <h2 id="h-password">${t("account.password")}</h2>
    <form method="post" action="/account/password">
      ${csrfField(req)}
      ${field(t("field.currentPassword"), "current", { type: "password", required: true, autocomplete: "current-password", errors })}
      ${field(t("field.newPassword"), "password", { type: "password", required: true, autocomplete: "new-password", hint: t("field.passwordHint"), errors })}
      <button type="submit">${t("account.changePassword")}</button>
    </form>
  </section>
  <section class="card" aria-labelledby="h-orders">
    <h2 id="h-orders">${t("order.mine")}</h2>
    <p><a href="/account/orders">${t("account.ordersLink")}</a></p>
  </section>
  <section class="card" aria-labelledby="h-orgs">
    <h2 id="h-orgs">${t("account.organizers")}</h2>
    ${
      organizers.length
        ? html`<ul>${organizers.map((o) => html`<li><a href="/admin/organizers/${o.slug}">${o.name}</a></li>`)}</ul>`
        : html`<p class="hint">${t("account.noOrganizers")}</p>`
    }
    <p><a href="/exhibit">${t("experiences.admin.programmes")}</a></p>
  </section>
  ${privacy}
</div>`;
}
