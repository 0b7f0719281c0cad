import type { FastifyReply, FastifyRequest } from "fastify";
import { deriveKey, seal, unseal } from "../../platform/crypto.js";

/**
 * What a buyer chose on a booking page, kept while they log in or create an account: quantities,
 * date, options, voucher and attendee name. It travels in a short-lived cookie, sealed (AES-GCM under
 * a key of its own), scoped to the event's pages: nothing of it appears in a URL, and nobody but this
 * platform can read or forge it.
 */
export interface Basket {
  values: Record<string, string>;
  options: number[];
}

const COOKIE = "basket";
const TTL_MS = 3600_000;
const MAX_COOKIE = 3000;

const keyCache = new Map<string, string>();
function basketKey(cookieSecret: string): string {
  let key = keyCache.get(cookieSecret);
  if (!key) {
    key = deriveKey(cookieSecret, "basket:v1").toString("hex");
    keyCache.set(cookieSecret, key);
  }
  return key;
}

const KEPT = /^(qty_\d+|date|voucher|attendee_name)$/;

/** The booking form's choices (its raw body: checkboxes and radio sets repeat), nothing else. */
export function basketOf(raw: Record<string, unknown>): Basket {
  const values: Record<string, string> = {};
  const options: number[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (KEPT.test(key) && typeof value === "string" && value !== "" && value.length <= 200)
      values[key] = value;
    if (key.startsWith("opt_") || key.startsWith("grp_"))
      for (const v of ([] as unknown[]).concat(value)) {
        const id = Number(v);
        if (Number.isInteger(id) && id > 0) options.push(id);
      }
  }
  return { values, options: [...new Set(options)].slice(0, 100) };
}

const pathOf = (organizer: string, event: string) => `/e/${organizer}/${event}`;

export function keepBasket(
  reply: FastifyReply,
  cookie: { secret: string; secure: boolean },
  at: { organizer: string; event: string },
  basket: Basket,
) {
  const sealed = seal(basketKey(cookie.secret), JSON.stringify({ ...basket, exp: Date.now() + TTL_MS }));
  if (sealed.length > MAX_COOKIE) return;
  reply.setCookie(COOKIE, sealed, {
    path: pathOf(at.organizer, at.event),
    httpOnly: true,
    sameSite: "lax",
    secure: cookie.secure,
    maxAge: TTL_MS / 1000,
  });
}

/** The kept basket of this event, once: it is cleared as it is read back into the form. */
export function takeBasket(
  req: FastifyRequest,
  reply: FastifyReply,
  secret: string,
  at: { organizer: string; event: string },
): Basket | null {
  const sealed = req.cookies[COOKIE];
  if (!sealed) return null;
  reply.clearCookie(COOKIE, { path: pathOf(at.organizer, at.event) });
  try {
    const parsed = JSON.parse(unseal(basketKey(secret), sealed)) as Partial<Basket> & { exp?: unknown };
    if (typeof parsed.exp !== "number" || parsed.exp < Date.now()) return null;
    return basketOf({ ...(parsed.values ?? {}), opt_0: parsed.options ?? [] });
  } catch {
    return null;
  }
}
