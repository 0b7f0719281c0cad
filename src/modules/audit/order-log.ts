import type { Actor } from "../../platform/auth/actor.js";
import type { DbHandle } from "../../platform/db/index.js";
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
  await db
    .insertInto("order_log")
    .values({ order_id: orderId, actor, action, details: JSON.stringify(details), created_at: isoNow() })
    .execute();
}
