import type { FastifyRequest } from "fastify";
import { COVER_HEIGHT, COVER_VARIANTS, COVER_WIDTH, coverPath } from "../../modules/events/presentation.js";
import type { EventRow } from "../../modules/events/service.js";
import { html, type SafeHtml } from "../../platform/http/html.js";

/**
 * The event's cover, 16:9 at any width: width and height reserve its space before it loads, srcset
 * lets a phone fetch the 480-pixel copy. Below the fold it loads lazily.
 */
export function coverImage(
  req: FastifyRequest,
  event: Pick<EventRow, "id" | "name" | "cover_type">,
  options: { sizes: string; eager?: boolean; className?: string },
): SafeHtml | "" {
  const full = coverPath(event);
  if (!full) return "";
  const srcset = [
    ...COVER_VARIANTS.map((w) => `${coverPath(event, w)} ${w}w`),
    `${full} ${COVER_WIDTH}w`,
  ].join(", ");
  return html`<img class="${options.className ?? "cover"}" src="${coverPath(event, COVER_VARIANTS[1])}" srcset="${srcset}" sizes="${options.sizes}" width="${COVER_WIDTH}" height="${COVER_HEIGHT}" alt="${req.t("presentation.coverAlt", { name: event.name })}" ${options.eager ? html`fetchpriority="high"` : html`loading="lazy"`} decoding="async">`;
}
