import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { partnerApi } from "../../modules/guestcards/partner-api.js";
import { presentLookup } from "../../modules/guestcards/presenters.js";
import type { AppContext } from "../../platform/context.js";
import { errorResponses } from "../../platform/http/schemas.js";
import { LookupBody, LookupSchema, PartnerToken, PartnerTokenBody, rateLimited } from "./schemas.js";

const tags = ["guest cards"];

/**
 * The partner lookup in the platform's conventions: English snake_case, `{"error":{…}}` errors. The
 * partner still authenticates with `Authorization: JWT <token>` (Bearer is for organizer tokens).
 */
export function partnerV1Routes(ctx: AppContext) {
  const api = partnerApi({ db: ctx.db, config: ctx.config, platformSecret: ctx.secrets.cookieSecret });
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      "/api/v1/partner/token",
      {
        config: { csrf: false },
        schema: {
          tags,
          summary: "Partner client login: a short-lived JWT for Authorization: JWT <token>",
          security: [],
          body: PartnerTokenBody,
          response: { 200: PartnerToken, ...errorResponses, ...rateLimited },
        },
      },
      async (req) => {
        const { token, expiresAt } = await api.logIn(req.body, req.ip);
        return { token, expires_at: expiresAt };
      },
    );
    app.post(
      "/api/v1/partner/guest-cards/lookup",
      {
        config: { csrf: false },
        schema: {
          tags,
          summary:
            "A guest card by auth code (Authorization: JWT <token>); unknown codes, other municipalities and municipalities the client may not query are all 404 unknown_auth_code",
          security: [],
          body: LookupBody,
          response: { 200: LookupSchema, ...errorResponses, ...rateLimited },
        },
      },
      async (req) => {
        const { result, qr } = await api.lookup(
          req.headers.authorization,
          {
            authCode: req.body.auth_code,
            municipalityId: req.body.municipality,
            allGuests: req.body.all_guests === true,
          },
          req.ip,
        );
        return presentLookup(result, qr);
      },
    );
  };
}
