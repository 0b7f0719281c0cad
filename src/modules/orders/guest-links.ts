import { hkdfSync } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";
import { domainError } from "../../platform/errors.js";

/**
 * The link to an order booked without an account (guest checkout): a JWT signed by the platform
 * (HS256, a key of its own derived from the platform's signing key) holding only the booking code.
 * Whoever has it is the order's buyer (the link came in the mail to the address they gave); without it
 * the code alone opens nothing.
 */
const ISSUER = "tessera";
const AUDIENCE = "tessera:order";

export function orderLinkSigner(platformSigningKey: string) {
  const key = new Uint8Array(hkdfSync("sha256", platformSigningKey, "tessera", "order-link:v1", 32));
  return {
    sign(code: string): Promise<string> {
      return new SignJWT({ code })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .sign(key);
    },
    async verify(token: string): Promise<string> {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ["HS256"],
          issuer: ISSUER,
          audience: AUDIENCE,
        });
        if (typeof payload.code !== "string") throw invalidOrderLink();
        return payload.code;
      } catch (error) {
        if (error instanceof errors.JOSEError || error instanceof TypeError) throw invalidOrderLink();
        throw error;
      }
    },
  };
}

export type OrderLinkSigner = ReturnType<typeof orderLinkSigner>;

const invalidOrderLink = () => domainError("invalid_link", "This order link is not valid", 404);

/** The guest's order page. */
export const guestOrderPath = (token: string) => `/orders/${token}`;
