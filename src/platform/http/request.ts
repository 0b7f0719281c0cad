import type { Actor } from "../auth/actor.js";
import type { Locale, Translate } from "../i18n/index.js";

declare module "fastify" {
  interface FastifyRequest {
    actor: Actor;
    locale: Locale;
    t: Translate;
    /** Token to embed in forms (hidden `_csrf`) or send as `x-csrf-token`. */
    csrfToken: string;
    /** How the actor was established: unsafe requests by cookie must prove CSRF. */
    authVia: "none" | "cookie" | "bearer";
  }
  interface FastifyContextConfig {
    /** false for endpoints called by foreign servers (payment notifications, partner APIs). */
    csrf?: boolean;
  }
}

export const SESSION_COOKIE = "tessera_session";
export const CSRF_COOKIE = "tessera_csrf";
export const LANG_COOKIE = "tessera_lang";
