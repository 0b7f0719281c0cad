import type { FastifyInstance, FastifyRequest } from "fastify";
import { actorForSession } from "../modules/accounts/service.js";
import { actorForApiToken } from "../modules/organizers/tokens.js";
import { anonymous, superadmin } from "../platform/auth/actor.js";
import type { AppContext } from "../platform/context.js";
import { hmac, randomToken, safeEqual } from "../platform/crypto.js";
import { domainError } from "../platform/errors.js";
import { CSRF_COOKIE, LANG_COOKIE, SESSION_COOKIE } from "../platform/http/request.js";
import { isLocale, negotiateLocale, translator } from "../platform/i18n/index.js";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function bearer(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (!header?.startsWith("Bearer ")) return undefined;
  return header.slice(7).trim();
}

/**
 * Who is asking, in which language, and the CSRF token for their forms. Unsafe requests that rely
 * on the session cookie, and every form post, must echo the token (double-submit, HMAC-bound).
 */
export function installAuth(app: FastifyInstance, ctx: AppContext) {
  // Fastify forbids object defaults on requests; every request gets its own values below.
  app.decorateRequest("actor", null as never);
  app.decorateRequest("locale", "en");
  app.decorateRequest("t", null as never);
  app.decorateRequest("csrfToken", "");
  app.decorateRequest("authVia", "none");

  app.addHook("onRequest", async (req, reply) => {
    req.actor = anonymous;
    req.t = translator("en");
    const token = bearer(req);
    if (token !== undefined) {
      if (ctx.config.adminToken && safeEqual(token, ctx.config.adminToken)) req.actor = superadmin;
      else {
        const actor = await actorForApiToken(ctx.db, token);
        if (!actor) throw domainError("invalid_token", "The bearer token is unknown or revoked", 401);
        req.actor = actor;
      }
      req.authVia = "bearer";
    } else {
      const session = req.cookies[SESSION_COOKIE];
      if (session) {
        const actor = await actorForSession(ctx.db, session);
        if (actor) {
          req.actor = actor;
          req.authVia = "cookie";
        } else reply.clearCookie(SESSION_COOKIE, { path: "/" });
      }
    }

    const chosen = req.cookies[LANG_COOKIE];
    const userLocale = req.actor.kind === "user" ? req.actor.user.locale : null;
    req.locale = isLocale(chosen)
      ? chosen
      : isLocale(userLocale)
        ? userLocale
        : negotiateLocale(req.headers["accept-language"]);
    req.t = translator(req.locale);

    // Bearer calls need no CSRF token, and an API call without the seed cookie renders no form:
    // neither mints one (a cookie on every anonymous API answer would cost every buyer of a rush).
    if (req.authVia === "bearer") return;
    let csrfSeed = req.cookies[CSRF_COOKIE];
    if (!csrfSeed || csrfSeed.length < 20) {
      if (req.url.startsWith("/api/")) return;
      csrfSeed = randomToken(18);
      reply.setCookie(CSRF_COOKIE, csrfSeed, {
        path: "/",
        httpOnly: true,
        sameSite: "lax",
        secure: ctx.config.publicUrl.startsWith("https:"),
      });
      req.cookies[CSRF_COOKIE] = csrfSeed;
    }
    req.csrfToken = hmac(ctx.secrets.cookieSecret, `csrf:${csrfSeed}`);
  });

  app.addHook("preHandler", async (req) => {
    if (!UNSAFE.has(req.method) || req.routeOptions.config?.csrf === false || req.authVia === "bearer")
      return;
    const contentType = req.headers["content-type"] ?? "";
    const isForm =
      contentType.startsWith("application/x-www-form-urlencoded") ||
      contentType.startsWith("multipart/form-data");
    if (!isForm && req.authVia !== "cookie") return;
    const body = req.body as Record<string, unknown> | undefined;
    const sent = (typeof body?._csrf === "string" ? body._csrf : undefined) ?? req.headers["x-csrf-token"];
    // No token was minted for this request (no seed cookie): nothing the client sends can match.
    if (typeof sent !== "string" || req.csrfToken === "" || !safeEqual(sent, req.csrfToken)) {
      throw domainError("csrf_failed", "The form expired; reload the page and try again", 403);
    }
  });
}
