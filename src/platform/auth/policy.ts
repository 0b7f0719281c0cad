import type { AdminLevel } from "../db/schema.js";
import { forbidden, unauthenticated } from "../errors.js";
import type { Actor } from "./actor.js";

export type Resource =
  | { type: "platform" }
  | { type: "organizer"; organizerId: number }
  /** eventId null: something organizer-wide about events (create one, list all). */
  | { type: "event"; organizerId: number; eventId: number | null }
  | { type: "user"; userId: number };

export type Action =
  | "platform.admin"
  | "organizer.view"
  | "organizer.manage"
  | "event.view"
  | "event.checkin"
  | "event.orders"
  | "event.manage"
  | "account.manage";

export const ADMIN_LEVELS: readonly AdminLevel[] = ["view", "checkin", "orders", "full"];

const rank = (level: AdminLevel | null) => (level === null ? -1 : ADMIN_LEVELS.indexOf(level));

const REQUIRED_LEVEL: Partial<Record<Action, AdminLevel>> = {
  "event.view": "view",
  "event.checkin": "checkin",
  "event.orders": "orders",
  "event.manage": "full",
};

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
