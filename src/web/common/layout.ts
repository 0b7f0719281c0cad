import type { FastifyReply, FastifyRequest } from "fastify";
import { can } from "../../platform/auth/policy.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import { LOCALE_NAMES, LOCALES } from "../../platform/i18n/index.js";

export interface PageOptions {
  title: string;
  body: SafeHtml;
  /** Narrow single-column forms (login, register). */
  narrow?: boolean;
  status?: number;
}

export function csrfField(req: FastifyRequest): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${req.csrfToken}">`;
}

function hasAdminArea(req: FastifyRequest): boolean {
  const actor = req.actor;
  if (can(actor, "platform.admin", { type: "platform" })) return true;
  return actor.kind === "user" && (actor.memberships.length > 0 || actor.grants.length > 0);
}

function navigation(req: FastifyRequest): SafeHtml {
  const { t, actor } = req;
  if (actor.kind !== "user") {
    return html`<a href="/login">${t("nav.login")}</a><a href="/register">${t("nav.register")}</a>`;
  }
  return html`
    ${hasAdminArea(req) ? html`<a href="/admin">${t("nav.admin")}</a>` : ""}
    <a href="/account">${t("nav.account")}</a>
    <form method="post" action="/logout">${csrfField(req)}<button class="link" type="submit">${t("nav.logout")}</button></form>`;
}

function languageSwitch(req: FastifyRequest): SafeHtml {
  const next = req.url;
  return html`<div class="langs" aria-label="${req.t("nav.language")}">${LOCALES.map(
    (code) =>
      html`<a href="/lang/${code}?next=${encodeURIComponent(next)}" lang="${code}" hreflang="${code}" title="${LOCALE_NAMES[code]}" ${
        code === req.locale ? html`aria-current="true"` : ""
      }>${code.toUpperCase()}</a>`,
  )}</div>`;
}

export function renderPage(req: FastifyRequest, options: PageOptions): string {
  const { t } = req;
  return html`<!doctype html>
<html lang="${req.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · Tessera</title>
<link rel="stylesheet" href="/assets/app.css">
<link rel="icon" href="/favicon.ico" sizes="16x16 32x32 48x48">
</head>
<body>
<a class="skip" href="#main">${t("nav.skip")}</a>
<header class="top"><div class="bar">
  <a class="brand" href="/">Tessera</a>
  <nav aria-label="${t("nav.main")}">${navigation(req)}</nav>
  ${languageSwitch(req)}
</div></header>
<main id="main" class="${options.narrow ? "narrow" : ""}">
${options.body}
</main>
<footer>${t("footer.tagline")}</footer>
</body>
</html>`.value;
}

export function sendPage(req: FastifyRequest, reply: FastifyReply, options: PageOptions) {
  return reply
    .status(options.status ?? 200)
    .type("text/html; charset=utf-8")
    .send(renderPage(req, options));
}

export function alert(kind: "error" | "ok", message: string | undefined): SafeHtml {
  return message
    ? html`<div class="alert ${kind}" role="${kind === "error" ? "alert" : "status"}">${message}</div>`
    : html``;
}
