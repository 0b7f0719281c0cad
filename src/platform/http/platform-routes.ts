import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { Type } from "typebox";
import type { AppContext } from "../context.js";
import { domainError } from "../errors.js";
import { isLocale } from "../i18n/index.js";
import { LANG_COOKIE } from "./request.js";

/** Only same-site paths: the language switch must not become an open redirect. */
export function safeNext(next: unknown): string {
  return typeof next === "string" && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\")
    ? next
    : "/";
}

export function platformRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    app.get(
      "/healthz",
      {
        schema: {
          tags: ["platform"],
          summary: "Liveness and database readiness",
          security: [],
          response: { 200: Type.Object({ status: Type.Literal("ok") }) },
        },
      },
      async () => {
        try {
          await sql`select 1`.execute(ctx.db.kysely);
        } catch {
          throw domainError("database_unavailable", "The database does not answer", 503);
        }
        return { status: "ok" as const };
      },
    );

    app.get<{ Params: { code: string }; Querystring: { next?: string } }>(
      "/lang/:code",
      { schema: { hide: true } },
      async (req, reply) => {
        const { code } = req.params;
        if (!isLocale(code)) throw domainError("unknown_locale", "Unknown language", 404);
        reply.setCookie(LANG_COOKIE, code, {
          path: "/",
          sameSite: "lax",
          maxAge: 365 * 24 * 3600,
          httpOnly: true,
        });
        return reply.redirect(safeNext(req.query.next), 303);
      },
    );
  };
}
