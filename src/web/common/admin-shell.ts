import type { FastifyRequest } from "fastify";
import { can } from "../../platform/auth/policy.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import type { MessageKey } from "../../platform/i18n/index.js";

export type AdminSection = "home" | "organizers" | "users" | "outbox" | "mail" | "guestcards" | "privacy";

// Modules that land later get their entry here; until then they are listed as coming.
const COMING: MessageKey[] = ["admin.nav.orders", "admin.nav.exports"];

export function adminShell(req: FastifyRequest, section: AdminSection, body: SafeHtml): SafeHtml {
  const { t } = req;
  const link = (href: string, key: AdminSection, label: string) =>
    html`<a href="${href}" ${section === key ? html`aria-current="page"` : ""}>${label}</a>`;
  const isPlatformAdmin = can(req.actor, "platform.admin", { type: "platform" });
  return html`<div class="admin">
  <aside><nav aria-label="${t("admin.nav.label")}">
    ${link("/admin", "home", t("admin.nav.home"))}
    ${link("/admin/organizers", "organizers", t("admin.nav.organizers"))}
    ${isPlatformAdmin ? link("/admin/users", "users", t("admin.nav.users")) : ""}
    ${isPlatformAdmin ? link("/admin/outbox", "outbox", t("admin.nav.outbox")) : ""}
    ${isPlatformAdmin ? link("/admin/mail", "mail", t("admin.nav.mail")) : ""}
    ${link("/admin/guestcards", "guestcards", t("admin.nav.guestcards"))}
    <a href="/exhibit">${t("admin.nav.experiences")}</a>
    ${isPlatformAdmin ? link("/admin/privacy", "privacy", t("admin.nav.privacy")) : ""}
    <a href="/api/docs">${t("admin.nav.api")}</a>
    ${COMING.map((key) => html`<span class="soon" title="${t("admin.nav.soon")}">${t(key)}</span>`)}
  </nav></aside>
  <div>${body}</div>
</div>`;
}
