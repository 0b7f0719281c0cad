import { hkdfSync } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";
import { domainError } from "../../platform/errors.js";

/**
 * The ticket link into an online room (seed 000, "Achtung Datenschutz"): a JWT signed by the platform
 * (HS256, a key derived from the platform's signing key) that holds only the booking code and the
 * ticket's id, never a name or an address. A tampered token, or one signed by another platform,
 * fails the signature check.
 */
export interface RoomTicket {
  code: string;
  ticketId: number;
}

const ISSUER = "tessera";
const AUDIENCE = "tessera:ticket";

export function ticketLinkSigner(platformSigningKey: string) {
  const key = new Uint8Array(hkdfSync("sha256", platformSigningKey, "tessera", "ticket-link:v1", 32));
  return {
    sign(ticket: RoomTicket): Promise<string> {
      return new SignJWT({ code: ticket.code, tid: ticket.ticketId })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .sign(key);
    },
    async verify(token: string): Promise<RoomTicket> {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ["HS256"],
          issuer: ISSUER,
          audience: AUDIENCE,
        });
        if (typeof payload.code !== "string" || !Number.isInteger(payload.tid)) throw invalidLink();
        return { code: payload.code, ticketId: payload.tid as number };
      } catch (error) {
        if (error instanceof errors.JOSEError || error instanceof TypeError) throw invalidLink();
        throw error;
      }
    },
  };
}

export type TicketLinkSigner = ReturnType<typeof ticketLinkSigner>;

const invalidLink = () => domainError("invalid_link", "This room link is not valid", 400);

/** Where the ticket mail and the account page send the attendee: the ticket's room page. */
export const roomTicketPath = (token: string) => `/tickets/room/${token}`;
