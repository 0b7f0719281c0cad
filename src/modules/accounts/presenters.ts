import type { Actor } from "../../platform/auth/actor.js";

export function presentMe(actor: Actor) {
  switch (actor.kind) {
    case "user": {
      const u = actor.user;
      return {
        kind: actor.kind,
        user: {
          id: u.id,
          email: u.email,
          name: u.name,
          kind: u.kind,
          is_platform_admin: u.isPlatformAdmin,
          school: u.school,
          class_year: u.classYear,
          memberships: u.associations,
          email_confirmed: !u.unconfirmed,
        },
      };
    }
    case "token":
      return { kind: actor.kind, organizer_id: actor.organizerId, level: actor.level };
    case "orderLink":
      // Only the guest order pages make one; the API never sees it.
      return { kind: "anonymous" as const };
    default:
      return { kind: actor.kind };
  }
}
