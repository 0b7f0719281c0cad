import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import type { DbHandle } from "../../platform/db/index.js";
import { parseRotatingCode, ROTATION_SECONDS, rotatingStepState, rotationStepAt } from "./rotating-code.js";

export { isRotatingCode, ROTATION_SECONDS } from "./rotating-code.js";

/**
 * Rotating codes against screenshots (seed 004's wallets, SafeTix): the ticket page shows
 * `R.<ticket id>.<time step>.<MAC>`, a new one every ROTATION_SECONDS. The MAC is HMAC-SHA256 of the
 * step under a key derived from the platform key and the ticket's secret, so a reissue changes it and
 * nothing personal is inside. Which steps scanners accept is in rotating-code.ts (shared with the
 * offline scanner); an older code is a screenshot: `expired_code`.
 */
export interface RotatingCodes {
  /** The code a ticket shows at `nowMs`, and when it changes. */
  current(ticketId: number, secret: string, nowMs?: number): { code: string; changesAt: number };
  /** What a scanned rotating code stands for: the ticket's secret, or why not. */
  resolve(db: DbHandle, code: string, nowMs?: number): Promise<{ secret: string; expired: boolean } | null>;
  /** The per-ticket key, for a wallet provider that renders rotating barcodes itself. */
  ticketKey(secret: string): string;
}

export function rotatingCodes(platformSigningKey: string): RotatingCodes {
  const base = Buffer.from(hkdfSync("sha256", platformSigningKey, "tessera", "rotating-code:v1", 32));
  const keyOf = (secret: string) => createHmac("sha256", base).update(secret).digest();
  const mac = (secret: string, step: number) =>
    createHmac("sha256", keyOf(secret)).update(String(step)).digest("base64url").slice(0, 22);
  return {
    current(ticketId, secret, nowMs = Date.now()) {
      const step = rotationStepAt(nowMs);
      return {
        code: `R.${ticketId}.${step}.${mac(secret, step)}`,
        changesAt: (step + 1) * ROTATION_SECONDS * 1000,
      };
    },
    async resolve(db, code, nowMs = Date.now()) {
      const parts = parseRotatingCode(code);
      if (!parts) return null;
      const row = await db
        .selectFrom("order_positions")
        .select("secret")
        .where("id", "=", parts.ticketId)
        .executeTakeFirst();
      if (!row) return null;
      const expected = Buffer.from(mac(row.secret, parts.step));
      if (expected.length !== parts.mac.length || !timingSafeEqual(expected, Buffer.from(parts.mac)))
        return null;
      const state = rotatingStepState(parts.step, nowMs);
      if (state === "future") return null;
      return { secret: row.secret, expired: state === "expired" };
    },
    ticketKey: (secret) => keyOf(secret).toString("base64url"),
  };
}
