import type { FastifyRequest } from "fastify";
import { html, type SafeHtml } from "../../platform/http/html.js";

/** Where it takes place, line by line as the organizer wrote it; nothing when no venue was given. */
export function venueAddress(req: FastifyRequest, venue: string): SafeHtml | "" {
  if (!venue) return "";
  const lines = venue.split("\n");
  return html`<address class="venue" data-testid="venue"><span class="sr">${req.t("order.venue")}: </span>${lines.map((line, i) => html`${i ? html`<br>` : ""}${line}`)}</address>`;
}
