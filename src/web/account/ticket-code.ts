import type { FastifyRequest } from "fastify";
import { formatTicketCode } from "../../modules/orders/ticket-code.js";
import { html, type SafeHtml } from "../../platform/http/html.js";

/** The ticket code under a ticket's name on the order pages (buyer's and admin's): as printed on the PDF. */
export function ticketCodeLine(req: FastifyRequest, code: string | null): SafeHtml | "" {
  return code
    ? html`<div class="hint">${req.t("tickets.ticketCode")}: <code data-testid="ticket-code">${formatTicketCode(code)}</code></div>`
    : "";
}
