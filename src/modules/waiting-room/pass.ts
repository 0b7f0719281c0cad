import { deriveKey, hmac, safeEqual } from "../../platform/crypto.js";
import type { DbHandle } from "../../platform/db/index.js";
import { domainError } from "../../platform/errors.js";
import { isoNow } from "../../platform/time.js";

/** What a pass proves, and all it carries: no person, only the event, the place and an expiry. */
export interface WaitingRoomPass {
  eventId: number;
  placeId: number;
  expiresAt: number;
}

/** The header API buyers send; shop form posts send the cookie of the same value. */
export const PASS_HEADER = "waiting-room-pass";
export const passCookie = (eventId: number) => `wr_pass_${eventId}`;
export const placeCookie = (eventId: number) => `wr_place_${eventId}`;

// One key per purpose: a leaked pass MAC key signs nothing else (CSRF tokens, cookies).
const keyCache = new Map<string, string>();
export function roomKey(cookieSecret: string, purpose: "pass" | "client"): string {
  const id = `${purpose}:${cookieSecret}`;
  let key = keyCache.get(id);
  if (!key) {
    key = deriveKey(cookieSecret, `waiting-room-${purpose}:v1`).toString("hex");
    keyCache.set(id, key);
  }
  return key;
}

export function signPass(cookieSecret: string, pass: WaitingRoomPass): string {
  const body = `wr1.${pass.eventId}.${pass.placeId}.${Math.floor(pass.expiresAt / 1000)}`;
  return `${body}.${hmac(roomKey(cookieSecret, "pass"), body)}`;
}

/** A well-signed pass that has not expired, or null (bad signature, foreign, malformed, expired). */
export function readPass(cookieSecret: string, token: unknown, now = Date.now()): WaitingRoomPass | null {
  if (typeof token !== "string" || token.length > 200) return null;
  const parts = token.split(".");
  if (parts.length !== 5 || parts[0] !== "wr1") return null;
  const [, event, place, expires, mac = ""] = parts;
  const body = `wr1.${event}.${place}.${expires}`;
  if (!safeEqual(mac, hmac(roomKey(cookieSecret, "pass"), body))) return null;
  const pass = { eventId: Number(event), placeId: Number(place), expiresAt: Number(expires) * 1000 };
  return pass.expiresAt > now ? pass : null;
}

export const passRequired = () =>
  domainError(
    "waiting_room_pass_required",
    "This sale goes through a waiting room: join the queue and order with the pass it gives you",
    403,
  );

/** The checkout's gate: a valid pass for this very event (admins never come here). */
export function requirePass(pass: WaitingRoomPass | null | undefined, eventId: number): WaitingRoomPass {
  if (!pass || pass.eventId !== eventId || pass.expiresAt <= Date.now()) throw passRequired();
  return pass;
}

/**
 * Spends the pass inside the order's transaction: the conditional update lets exactly one of any
 * number of concurrent orders through (on PostgreSQL the others wait for the row and then find it
 * used), and a rolled-back order (sold out) gives the pass back.
 */
export async function spendPass(trx: DbHandle, pass: WaitingRoomPass, orderId: number): Promise<void> {
  const spent = await trx
    .updateTable("waiting_room_places")
    .set({ used_at: isoNow(), order_id: orderId })
    .where("id", "=", pass.placeId)
    .where("event_id", "=", pass.eventId)
    .where("used_at", "is", null)
    .executeTakeFirst();
  if (Number(spent.numUpdatedRows) !== 1)
    throw domainError(
      "waiting_room_pass_used",
      "This waiting-room pass has already been used for an order",
      403,
    );
}

/**
 * The cookies a browser keeps for the queue: its place (for the session of the sale) and, once
 * admitted, its pass until it expires, which the shop's order form sends back.
 */
export function roomCookies(
  eventId: number,
  token: string,
  status: { pass: string | null; pass_expires_at: string | null },
  secure: boolean,
) {
  const base = { path: "/", httpOnly: true, sameSite: "lax" as const, secure };
  const cookies: [string, string, typeof base & { expires?: Date }][] = [[placeCookie(eventId), token, base]];
  if (status.pass && status.pass_expires_at)
    cookies.push([passCookie(eventId), status.pass, { ...base, expires: new Date(status.pass_expires_at) }]);
  return cookies;
}
