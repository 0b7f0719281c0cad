import type { FastifyInstance, FastifyReply } from "fastify";
import { partnerApi } from "../../modules/guestcards/partner-api.js";
import { parseCredentials, parseSeedLookup, parseToken } from "../../modules/guestcards/partner-input.js";
import { presentSeedLookup } from "../../modules/guestcards/presenters.js";
import type { AppContext } from "../../platform/context.js";
import { isDomainError } from "../../platform/errors.js";
import { toErrorBody } from "../../platform/http/errors.js";
import { parseMultipart } from "../../platform/http/multipart.js";
import type { FieldProblem } from "../../platform/validation.js";

const LOOKUP = "/api/buchtguide/by_auth_code/";
const TOKEN = "/api/token-auth/";
const REFRESH = "/api/token-refresh/";
const VERIFY = "/api/token-verify/";

/**
 * Seed 001's partner API, exactly as a guest-card app calls it (plus djangorestframework-jwt's
 * token-refresh and token-verify beside token-auth): its paths (with and without the
 * trailing slash), `Authorization: JWT <token>`, JSON or form bodies, and errors the way Django REST
 * framework answers them: `{"detail": …, "status_code": …}` (token-auth adds `non_field_errors`).
 */
export function seedPartnerRoutes(ctx: AppContext) {
  const api = partnerApi({ db: ctx.db, config: ctx.config, platformSecret: ctx.secrets.cookieSecret });
  // Partners post forms without our CSRF cookie: they authenticate with credentials or a JWT.
  const options = { schema: { hide: true }, config: { csrf: false } };

  return async (app: FastifyInstance) => {
    app.setErrorHandler((error, req, reply) => {
      const { status, body } = toErrorBody(error);
      if (status >= 500)
        req.log.error(
          { err: { type: (error as Error).name }, route: req.routeOptions.url },
          "request failed",
        );
      const fields =
        (isDomainError(error) ? (error.details?.fields as FieldProblem[] | undefined) : undefined) ?? [];
      const detail =
        body.code === "unknown_auth_code"
          ? `Unbekannter Auth Code [${String(body.details?.auth_code)}]`
          : body.message;
      const payload: Record<string, unknown> = { detail, status_code: status };
      for (const f of fields) payload[f.field] = [f.message];
      if (status === 400 && fields.length === 0) payload.non_field_errors = [body.message];
      if (status === 401) reply.header("www-authenticate", 'JWT realm="api"');
      if (status === 429) reply.header("retry-after", "900");
      return reply.status(status).type("application/json").send(payload);
    });
    // Django REST framework also reads multipart forms (curl -F): text fields only, small bodies.
    app.addContentTypeParser(
      "multipart/form-data",
      { parseAs: "buffer", bodyLimit: 64 * 1024 },
      (req, body, done) => {
        try {
          done(null, parseMultipart(body as Buffer, req.headers["content-type"] ?? ""));
        } catch (error) {
          done(error as Error);
        }
      },
    );
    const notAllowed = (reply: FastifyReply, method: string) =>
      reply
        .status(405)
        .header("allow", "POST, OPTIONS")
        .send({ detail: `Method "${method}" not allowed.`, status_code: 405 });

    for (const path of [TOKEN, TOKEN.slice(0, -1)]) {
      app.post(path, options, async (req) => ({
        token: (await api.logIn(parseCredentials(req.body), req.ip)).token,
      }));
      app.get(path, options, (req, reply) => notAllowed(reply, req.method));
    }
    for (const path of [REFRESH, REFRESH.slice(0, -1)]) {
      app.post(path, options, async (req) => ({ token: (await api.refresh(parseToken(req.body))).token }));
      app.get(path, options, (req, reply) => notAllowed(reply, req.method));
    }
    for (const path of [VERIFY, VERIFY.slice(0, -1)]) {
      app.post(path, options, async (req) => api.verify(parseToken(req.body)));
      app.get(path, options, (req, reply) => notAllowed(reply, req.method));
    }
    for (const path of [LOOKUP, LOOKUP.slice(0, -1)]) {
      app.post(path, options, async (req) => {
        const input = parseSeedLookup(req.body);
        const { result, qr } = await api.lookup(req.headers.authorization, input, req.ip);
        return presentSeedLookup(result, qr);
      });
      app.get(path, options, (req, reply) => notAllowed(reply, req.method));
    }
  };
}
