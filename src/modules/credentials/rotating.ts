import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import type { DbHandle } from "../../platform/db/index.js";

/**
 * Rotating codes against screenshots (seed 004's wallets, SafeTix): the ticket page shows
 * `R.<ticket id>.<time step>.<MAC>`, a new one every ROTATION_SECONDS. The MAC is HMAC-SHA256 of the
 * step under a key derived from the platform key and the ticket's secret, so a reissue changes it and
 * nothing personal is inside. Scanners accept the current step and the previous ones within
 * ACCEPTED_STEPS (clock drift, a slow scan); an older code is a screenshot: `expired_code`.
 */
export const ROTATION_SECONDS = 10;
const ACCEPTED_STEPS = 2;

export interface RotatingCodes {
  /** The code a ticket shows at `nowMs`, and when it changes. */
  current(ticketId: number, secret: string, nowMs?: number): { code: string; changesAt: number };
  /** What a scanned rotating code stands for: the ticket's secret, or why not. */
  resolve(db: DbHandle, code: string, nowMs?: number): Promise<{ secret: string; expired: boolean } | null>;
  /** The per-ticket key, for a wallet provider that renders rotating barcodes itself. */
  ticketKey(secret: string): string;
}

export const isRotatingCode = (value: string) => value.startsWith("R.");

export function rotatingCodes(platformSigningKey: string): RotatingCodes {
  const base = Buffer.from(hkdfSync("sha256", platformSigningKey, "tessera", "rotating-code:v1", 32));
  const keyOf = (secret: string) => createHmac("sha256", base).update(secret).digest();
  const mac = (secret: string, step: number) =>
    createHmac("sha256", keyOf(secret)).update(String(step)).digest("base64url").slice(0, 22);
  const stepAt = (ms: number) => Math.floor(ms / 1000 / ROTATION_SECONDS);
  return {
    current(ticketId, secret, nowMs = Date.now()) {
      const step = stepAt(nowMs);
      return {
        code: `R.${ticketId}.${step}.${mac(secret, step)}`,
        changesAt: (step + 1) * ROTATION_SECONDS * 1000,
      };
    },
    async resolve(db, code, nowMs = Date.now()) {
      const match = /^R\.(\d{1,12})\.(\d{1,12})\.([\w-]{22})$/.exec(code);
      if (!match) return null;
      const [, id = "", stepText = "", sent = ""] = match;
      const row = await db
        .selectFrom("order_positions")
        .select("secret")
        .where("id", "=", Number(id))
        .executeTakeFirst();
      if (!row) return null;
      const step = Number(stepText);
      const expected = Buffer.from(mac(row.secret, step));
      if (expected.length !== sent.length || !timingSafeEqual(expected, Buffer.from(sent))) return null;
      const now = stepAt(nowMs);
      if (step > now + 1) return null;
      return { secret: row.secret, expired: step < now - ACCEPTED_STEPS };
    },
    ticketKey: (secret) => keyOf(secret).toString("base64url"),
  };
}
