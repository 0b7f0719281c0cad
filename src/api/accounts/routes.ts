import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import {
  importInternalUsersCsv,
  listUsers,
  upsertInternalUser,
} from "../../modules/accounts/internal-users.js";
import { presentMe } from "../../modules/accounts/presenters.js";
import type { AppContext } from "../../platform/context.js";
import { errorResponses } from "../../platform/http/schemas.js";
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
