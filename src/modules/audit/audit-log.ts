import type { Actor } from "../../platform/auth/actor.js";
import { authorize, can, orderResource } from "../../platform/auth/policy.js";
import type { Db, DbHandle } from "../../platform/db/index.js";
import { isoNow } from "../../platform/time.js";
import { actorLabel } from "./order-log.js";

export type AuditAction =
  | "order.view"
  | "file.download"
  | "export.run"
  | "export.download"
  | "data.export"
  | "account.delete";

/** One line of "who looked at whose data": ids only, never a name or an address. */
export async function recordAudit(
  db: DbHandle,
  actor: Actor | string,
  action: AuditAction,
  subject: string,
  organizerId: number | null,
) {
  await db
    .insertInto("audit_log")
    .values({
      actor: typeof actor === "string" ? actor : actorLabel(actor),
      action,
      subject,
      organizer_id: organizerId,
      created_at: isoNow(),
    })
    .execute();
}

export async function listAudit(db: Db, actor: Actor, options: { limit?: number; action?: string } = {}) {
  authorize(actor, "platform.admin", { type: "platform" });
  let query = db.kysely
    .selectFrom("audit_log as a")
    .leftJoin("organizers as g", "g.id", "a.organizer_id")
    .select(["a.id", "a.actor", "a.action", "a.subject", "a.created_at", "g.slug as organizer"])
    .orderBy("a.id", "desc")
    .limit(options.limit ?? 200);
  if (options.action) query = query.where("a.action", "=", options.action);
  return query.execute();
}

/** Staff opening someone's order (the buyer looking at their own is no audit matter). */
export async function auditOrderView(
  db: Db,
  actor: Actor,
  event: { id: number; organizer_id: number },
  order: { id: number; user_id: number | null },
) {
  if (can(actor, "order.own", orderResource(event, order))) return;
  if (actor.kind === "anonymous") return;
  await recordAudit(db.kysely, actor, "order.view", `order:${order.id}`, event.organizer_id);
}
