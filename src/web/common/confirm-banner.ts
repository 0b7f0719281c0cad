import type { FastifyRequest } from "fastify";
import { html, type SafeHtml } from "../../platform/http/html.js";
import { csrfField } from "./layout.js";

/** An account whose address is not confirmed yet: say so, and offer the link again (web/account). */
export function confirmBanner(req: FastifyRequest): SafeHtml | "" {
  if (req.actor.kind !== "user" || !req.actor.user.unconfirmed) return "";
  return html`<div class="alert notice" data-testid="confirm-banner"><p>${req.t("confirm.banner")}</p>
<form method="post" action="/account/email/resend">${csrfField(req)}<input type="hidden" name="next" value="${req.url}"><button type="submit" class="secondary small">${req.t("confirm.resend")}</button></form></div>`;
}
