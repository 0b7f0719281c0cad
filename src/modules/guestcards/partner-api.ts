import type { Config } from "../../platform/config.js";
import type { Db } from "../../platform/db/index.js";
import { domainError, isDomainError } from "../../platform/errors.js";
import { type LookupResult, lookupAuthCode } from "./lookup.js";
import { authenticatePartnerClient, isPartnerClientActive } from "./partner-clients.js";
import type { SeedLookupInput } from "./partner-input.js";
import {
  issuePartnerToken,
  jwtFromHeader,
  missingToken,
  type PartnerClaims,
  partnerTokenKey,
  REFRESH_WINDOW_SECONDS,
  verifyPartnerToken,
} from "./partner-tokens.js";
import { authCodeQrJpeg } from "./qr.js";

/** What both partner front doors (seed 001 paths and /api/v1) do, without HTTP types. */
export function partnerApi(deps: { db: Db; config: Config; platformSecret: string }) {
  const key = partnerTokenKey(deps.platformSecret);
  const { partnerApi: settings } = deps.config;
  /** token-verify and token-refresh answer a bad token with a 400 (djangorestframework-jwt's way). */
  async function claimsOf(token: unknown): Promise<PartnerClaims> {
    if (typeof token !== "string" || token === "")
      throw domainError("validation_failed", "Invalid input: token: is required", 400, {
        fields: [{ field: "token", message: "is required" }],
      });
    try {
      const claims = await verifyPartnerToken(key, token);
      if (!(await isPartnerClientActive(deps.db, claims.clientId))) throw missingToken();
      return claims;
    } catch (error) {
      if (!isDomainError(error)) throw error;
      throw domainError("invalid_token", error.message, 400);
    }
  }

  return {
    async verify(token: unknown) {
      await claimsOf(token);
      return { token: token as string };
    },
    /** A new token for a still valid one, up to 7 days after the login; the client must still be enabled. */
    async refresh(token: unknown) {
      const claims = await claimsOf(token);
      if (Math.floor(Date.now() / 1000) - claims.origIat > REFRESH_WINDOW_SECONDS)
        throw domainError("invalid_token", "Refresh has expired.", 400);
      return issuePartnerToken(key, claims.clientId, settings.tokenTtlSeconds, claims.origIat);
    },
    async logIn(credentials: { username: unknown; password: unknown }, address: string) {
      const clientId = await authenticatePartnerClient(deps.db, credentials, address);
      return issuePartnerToken(key, clientId, settings.tokenTtlSeconds);
    },
    async lookup(
      authorization: string | undefined,
      input: SeedLookupInput,
      address: string,
    ): Promise<{ result: LookupResult; qr: Buffer }> {
      const token = jwtFromHeader(authorization);
      if (!token) throw missingToken();
      const { clientId } = await verifyPartnerToken(key, token);
      const result = await lookupAuthCode(deps.db, settings, { ...input, clientId, address });
      return { result, qr: authCodeQrJpeg(result.authCode) };
    },
  };
}
