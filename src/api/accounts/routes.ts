import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { confirmEmail, resendConfirmation } from "../../modules/accounts/email-confirmation.js";
import {
  importInternalUsersCsv,
  listUsers,
  upsertInternalUser,
} from "../../modules/accounts/internal-users.js";
import { presentMe } from "../../modules/accounts/presenters.js";
import type { AppContext } from "../../platform/context.js";
import { domainError } from "../../platform/errors.js";
import { ErrorResponse, errorResponses } from "../../platform/http/schemas.js";
import { CSV_IMPORT_BODY_LIMIT } from "../../platform/http/server-limits.js";
import { ImportResult, InternalUserBody, Me, UpsertResult, UserListItem } from "./schemas.js";

export function accountApiRoutes(ctx: AppContext) {
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    app.addContentTypeParser("text/csv", { parseAs: "string" }, (_req, body, done) => done(null, body));

    app.get(
      "/api/v1/me",
      {
        schema: { tags: ["accounts"], summary: "Who the request is authenticated as", response: { 200: Me } },
      },
      (req) => presentMe(req.actor),
    );

    app.post(
      "/api/v1/me/email-confirmation",
      {
        schema: {
          tags: ["accounts"],
          summary:
            "Send the e-mail confirmation link again (signed-in person; a few per hour → 429 confirmation_rate_limited)",
          response: {
            200: Type.Object({
              sent: Type.Boolean({ description: "false: the address is confirmed already" }),
            }),
            ...errorResponses,
            429: ErrorResponse,
          },
        },
      },
      async (req) => ({ sent: await resendConfirmation(ctx.db, req.actor, ctx.config.publicUrl) }),
    );

    app.post(
      "/api/v1/email-confirmations",
      {
        schema: {
          tags: ["accounts"],
          summary:
            "Confirm an account's e-mail with the token of its mail (once; used → 410 link_used, expired → 410 link_expired)",
          body: Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) }),
          security: [{}],
          response: {
            200: Type.Object({ confirmed: Type.Boolean() }),
            ...errorResponses,
            410: ErrorResponse,
          },
        },
      },
      async (req) => {
        const outcome = await confirmEmail(ctx.db, req.body.token);
        if (outcome === "used")
          throw domainError("link_used", "This confirmation link was already used", 410);
        if (outcome === "expired")
          throw domainError("link_expired", "This confirmation link has expired", 410);
        if (outcome === "unknown")
          throw domainError("link_unknown", "This confirmation link is not valid", 404);
        return { confirmed: true };
      },
    );

    app.get(
      "/api/v1/users",
      {
        schema: {
          tags: ["accounts"],
          summary: "List accounts (platform admins)",
          querystring: Type.Object({
            q: Type.Optional(Type.String({ maxLength: 100 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          }),
          response: { 200: Type.Array(UserListItem), ...errorResponses },
        },
      },
      (req) => listUsers(ctx.db, req.actor, { query: req.query.q, limit: req.query.limit }),
    );

    app.post(
      "/api/v1/users",
      {
        schema: {
          tags: ["accounts"],
          summary: "Create or update an internal account with its audience attributes (by e-mail)",
          body: InternalUserBody,
          response: { 200: UpsertResult, ...errorResponses },
        },
      },
      async (req) => ({ result: await upsertInternalUser(ctx.db, req.actor, req.body) }),
    );

    app.post(
      "/api/v1/users/import",
      {
        bodyLimit: CSV_IMPORT_BODY_LIMIT,
        schema: {
          tags: ["accounts"],
          summary:
            "Import internal accounts from CSV (email,name,school,class_year,memberships with | between memberships)",
          consumes: ["text/csv"],
          body: Type.String({ maxLength: 10_000_000 }),
          response: { 200: ImportResult, ...errorResponses },
        },
      },
      (req) => importInternalUsersCsv(ctx.db, req.actor, req.body),
    );
  };
}
