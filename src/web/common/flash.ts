import type { FastifyRequest } from "fastify";
import { hasMessage } from "../../platform/i18n/index.js";

/**
 * The one-line notice a page shows after a redirect (`?flash=<message key>`): only known message keys
 * are shown, so a link cannot put words on our pages.
 */
export function flashOf(req: FastifyRequest): string | undefined {
  const flash = (req.query as { flash?: unknown } | undefined)?.flash;
  return typeof flash === "string" && hasMessage(flash) ? req.t(flash) : undefined;
}
