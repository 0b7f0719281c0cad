import { hmac, safeEqual } from "../../platform/crypto.js";
import type { RecognisedTicket } from "./bookings.js";

/**
 * The embed's memory of a verified ticket: a short-lived HMAC'd pass carried in hidden form fields
 * (POST bodies, never URLs), so the flow needs no cookie inside a third-party iframe (where SameSite
 * cookies are not sent). It holds the ticket number, kind and allowance, never the security code.
 */
const TTL_MS = 30 * 60_000;

interface PassBody {
  e: number;
  n: string;
  s: number;
  k: string;
  a: number;
  h: string;
  x: number;
}

export function issuePass(
  secret: string,
  eventId: number,
  ticket: RecognisedTicket,
  now = Date.now(),
): string {
  const body: PassBody = {
    e: eventId,
    n: ticket.ticketNumber,
    s: ticket.sourceId,
    k: ticket.kind,
    a: ticket.allowance,
    h: ticket.codeHash,
    x: now + TTL_MS,
  };
  const payload = Buffer.from(JSON.stringify(body)).toString("base64url");
  return `${payload}.${hmac(secret, `experience-pass:${payload}`)}`;
}

/** The ticket a pass stands for, or undefined when forged, for another event or expired. */
export function readPass(
  secret: string,
  eventId: number,
  pass: unknown,
  now = Date.now(),
): RecognisedTicket | undefined {
  if (typeof pass !== "string" || pass.length > 2000) return undefined;
  const [payload = "", signature = ""] = pass.split(".");
  if (!safeEqual(signature, hmac(secret, `experience-pass:${payload}`))) return undefined;
  try {
    const body = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as PassBody;
    if (body.e !== eventId || body.x < now) return undefined;
    return { ticketNumber: body.n, sourceId: body.s, kind: body.k, allowance: body.a, codeHash: body.h };
  } catch {
    return undefined;
  }
}
