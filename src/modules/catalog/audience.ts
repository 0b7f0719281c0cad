import type { Actor } from "../../platform/auth/actor.js";
import type { Audience } from "./service.js";

/** A restricted ticket type admits a user who matches one of its audiences (every attribute it names). */
export function matchesAudience(actor: Actor, audiences: Audience[]): boolean {
  if (actor.kind !== "user") return false;
  const u = actor.user;
  return audiences.some(
    (a) =>
      (a.school === null || a.school === u.school) &&
      (a.class_year === null || a.class_year === u.classYear) &&
      (a.membership === null || u.associations.includes(a.membership)),
  );
}
