import type { Config } from "../../platform/config.js";
import type { Db } from "../../platform/db/index.js";
import { type LookupResult, lookupAuthCode } from "./lookup.js";
import { authenticatePartnerClient } from "./partner-clients.js";
import type { SeedLookupInput } from "./partner-input.js";
import {
  issuePartnerToken,
  jwtFromHeader,
  missingToken,
  partnerTokenKey,
  verifyPartnerToken,
} from "./partner-tokens.js";
import { authCodeQrJpeg } from "./qr.js";

/** What both partner front doors (seed 001 paths and /api/v1) do, without HTTP types. */
export function partnerApi(deps: { db: Db; config: Config; platformSecret: string }) {
  const key = partnerTokenKey(deps.platformSecret);
  const { partnerApi: settings } = deps.config;
  return {
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
      const clientId = await verifyPartnerToken(key, token);
      const result = await lookupAuthCode(deps.db, settings, { ...input, clientId, address });
      return { result, qr: await authCodeQrJpeg(result.authCode) };
    },
  };
}
