import type { AdminLevel } from "../db/schema.js";
import { forbidden, unauthenticated } from "../errors.js";
import type { Actor } from "./actor.js";

export type Resource =
  | { type: "platform" }
  | { type: "organizer"; organizerId: number }
  /** eventId null: something organizer-wide about events (create one, list all). */
  | { type: "event"; organizerId: number; eventId: number | null }
  | { type: "user"; userId: number }
  /** One order: the event it belongs to and its buyer's account (null for a guest checkout). */
  | { type: "order"; organizerId: number; eventId: number; buyerId: number | null; code?: string };

export type Action =
  | "platform.admin"
  | "organizer.view"
  | "organizer.manage"
  | "event.view"
  | "event.checkin"
  | "event.orders"
  | "event.manage"
  | "account.manage"
  /** Being the order's buyer: only them, not even a platform admin (whose look at it is staff work). */
  | "order.own"
  /** Seeing an order: its buyer, or an admin of its event at the view level. */
  | "order.view"
  /** Changing an order as a buyer may (cancel it, fill its information): its buyer, or the manage-orders level. */
  | "order.change";

export const ADMIN_LEVELS: readonly AdminLevel[] = ["view", "checkin", "orders", "full"];

const rank = (level: AdminLevel | null) => (level === null ? -1 : ADMIN_LEVELS.indexOf(level));

const REQUIRED_LEVEL: Partial<Record<Action, AdminLevel>> = {
  "event.view": "view",
  "event.checkin": "checkin",
  "event.orders": "orders",
  "event.manage": "full",
};

/** What an order action asks of an admin who is not its buyer. */
const ORDER_ADMIN_ACTION: Partial<Record<Action, Action>> = {
  "order.view": "event.view",
  "order.change": "event.orders",
};

/** The order resource of an order row and its event's row. */
export const orderResource = (
  event: { id: number; organizer_id: number },
  order: { user_id: number | null; code?: string },
): Resource => ({
  type: "order",
  organizerId: event.organizer_id,
  eventId: event.id,
  buyerId: order.user_id,
  code: order.code,
});

function isPlatformAdmin(actor: Actor): boolean {
  return actor.kind === "superadmin" || (actor.kind === "user" && actor.user.isPlatformAdmin);
}

/** The highest level that applies to this actor on an event (or organizer-wide when eventId is null). */
export function effectiveLevel(actor: Actor, organizerId: number, eventId: number | null): AdminLevel | null {
  if (isPlatformAdmin(actor)) return "full";
  if (actor.kind === "token") return actor.organizerId === organizerId ? actor.level : null;
  if (actor.kind !== "user") return null;
  if (actor.memberships.some((m) => m.organizerId === organizerId && m.role === "owner")) return "full";
  let best: AdminLevel | null = null;
  for (const grant of actor.grants) {
    if (grant.organizerId !== organizerId) continue;
    if (grant.eventId !== null && grant.eventId !== eventId) continue;
    if (rank(grant.level) > rank(best)) best = grant.level;
  }
  return best;
}

/** The one place that decides every access. Pure: the actor carries what it needs. */
export function can(actor: Actor, action: Action, resource: Resource): boolean {
  // Before the platform admins' pass: being the buyer is who one is, not a right one holds.
  if (resource.type === "order") {
    const isBuyer =
      (actor.kind === "user" && resource.buyerId !== null && actor.user.id === resource.buyerId) ||
      (actor.kind === "orderLink" && resource.code !== undefined && resource.code === actor.orderCode);
    if (!action.startsWith("order.")) return false;
    if (isBuyer) return true;
    const adminAction = ORDER_ADMIN_ACTION[action];
    return (
      adminAction !== undefined &&
      can(actor, adminAction, { type: "event", organizerId: resource.organizerId, eventId: resource.eventId })
    );
  }
  if (isPlatformAdmin(actor)) return true;
  switch (resource.type) {
    case "platform":
      return false;
    case "user":
      return action === "account.manage" && actor.kind === "user" && actor.user.id === resource.userId;
    case "organizer": {
      const { organizerId } = resource;
      if (actor.kind === "token") return action === "organizer.view" && actor.organizerId === organizerId;
      if (actor.kind !== "user") return false;
      const membership = actor.memberships.find((m) => m.organizerId === organizerId);
      if (action === "organizer.manage") return membership?.role === "owner";
      if (action === "organizer.view")
        return membership !== undefined || actor.grants.some((g) => g.organizerId === organizerId);
      return false;
    }
    case "event": {
      const required = REQUIRED_LEVEL[action];
      if (!required) return false;
      return rank(effectiveLevel(actor, resource.organizerId, resource.eventId)) >= rank(required);
    }
  }
}

/** Throws the right domain error: 401 for nobody, 403 for somebody without the right. */
export function authorize(actor: Actor, action: Action, resource: Resource): void {
  if (can(actor, action, resource)) return;
  throw actor.kind === "anonymous" ? unauthenticated() : forbidden();
}
