import type { Actor } from "../../platform/auth/actor.js";
import type { DbHandle } from "../../platform/db/index.js";
import { prepared } from "../../platform/db/prepared.js";
import { isoNow } from "../../platform/time.js";

/** Who did it, as an id rather than a name: the log outlives (and must survive) account deletion. */
export function actorLabel(actor: Actor | "system"): string {
  if (actor === "system") return "system";
  switch (actor.kind) {
    case "user":
      return `user:${actor.user.id}`;
    case "token":
      return `token:${actor.tokenId}`;
    default:
      return actor.kind;
  }
}

export async function logOrder(
  db: DbHandle,
  orderId: number,
  actor: string,
  action: string,
  details: Record<string, unknown> = {},
) {
  await insertLogEntry.execute(db, orderId, actor, action, JSON.stringify(details), isoNow());
}

// Written by every checkout, payment and scan: compiled once (platform/db/prepared.ts).
const insertLogEntry = prepared(
  (db, order: number, actor: string, action: string, details: string, now: string) =>
    db.insertInto("order_log").values({ order_id: order, actor, action, details, created_at: now }),
);
