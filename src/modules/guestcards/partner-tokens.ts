import { errors, jwtVerify, SignJWT } from "jose";
import { deriveKey } from "../../platform/crypto.js";
import { domainError } from "../../platform/errors.js";

const ISSUER = "tessera:partner";

/** HS256 key for partner JWTs, derived from the platform's cookie secret (every node shares it). */
export const partnerTokenKey = (platformSecret: string) => deriveKey(platformSecret, "partner-jwt:v1");

/** A short-lived signed token naming only the partner client (no personal data). */
export async function issuePartnerToken(key: Uint8Array, clientId: number, ttlSeconds: number) {
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({})
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

/** The client id a token names, or a 401 saying why not (expired, bad signature, not a token). */
export async function verifyPartnerToken(key: Uint8Array, token: string): Promise<number> {
  try {
    const { payload } = await jwtVerify(token, key, { algorithms: ["HS256"], issuer: ISSUER });
    const id = Number(payload.sub);
    if (!Number.isInteger(id) || id < 1) throw new errors.JWTInvalid("no subject");
    return id;
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
