import { createSecretKey, type KeyObject } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";
import { deriveKey } from "../../platform/crypto.js";
import { domainError } from "../../platform/errors.js";

const ISSUER = "tessera:partner";

/**
 * HS256 key for partner JWTs, derived from the platform's cookie secret (every node shares it); a
 * KeyObject, so jose does not import the raw key again on every lookup.
 */
export const partnerTokenKey = (platformSecret: string): KeyObject =>
  createSecretKey(deriveKey(platformSecret, "partner-jwt:v1"));

/** How long after the login a token may still be refreshed (djangorestframework-jwt's default). */
export const REFRESH_WINDOW_SECONDS = 7 * 24 * 3600;

export interface PartnerClaims {
  clientId: number;
  /** When the client logged in (seconds): refreshed tokens keep it. */
  origIat: number;
}

/**
 * A short-lived signed token naming only the partner client (no personal data): `sub`, `iss`, `iat`,
 * `exp` and `orig_iat` (the login time, which bounds refreshing).
 */
export async function issuePartnerToken(
  key: KeyObject,
  clientId: number,
  ttlSeconds: number,
  origIat?: number,
) {
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ orig_iat: origIat ?? now })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(String(clientId))
    .setIssuer(ISSUER)
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .sign(key);
  return { token, expiresAt: new Date((now + ttlSeconds) * 1000).toISOString() };
}

export const missingToken = () =>
  domainError("not_authenticated", "Authentication credentials were not provided.", 401);

/** The claims of a valid token, or a 401 saying why not (expired, bad signature, not a token). */
export async function verifyPartnerToken(key: KeyObject, token: string): Promise<PartnerClaims> {
  try {
    const { payload } = await jwtVerify(token, key, { algorithms: ["HS256"], issuer: ISSUER });
    const id = Number(payload.sub);
    const origIat = Number(payload.orig_iat ?? payload.iat);
    if (!Number.isInteger(id) || id < 1 || !Number.isFinite(origIat))
      throw new errors.JWTInvalid("no subject");
    return { clientId: id, origIat };
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw domainError("token_expired", "Signature has expired.", 401);
    throw domainError("token_invalid", "Error decoding signature.", 401);
  }
}

/** `Authorization: JWT <token>` (seed 001); undefined when the header is absent or another scheme. */
export function jwtFromHeader(header: string | undefined): string | undefined {
  const match = /^JWT\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1];
}
