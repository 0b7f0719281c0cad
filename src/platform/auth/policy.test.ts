import { describe, expect, it } from "vitest";
import type { AdminLevel } from "../db/schema.js";
import type { Actor, GrantPrincipal, MembershipPrincipal } from "./actor.js";
import { type Action, can, effectiveLevel, type Resource } from "./policy.js";

const ORG = 1;
const OTHER_ORG = 2;
const EVENT = 10;
const OTHER_EVENT = 11;

function user(
  options: { admin?: boolean; memberships?: MembershipPrincipal[]; grants?: GrantPrincipal[] } = {},
): Actor {
  return {
    kind: "user",
    user: {
      id: 7,
      email: "u@example.org",
      name: "U",
      kind: "external",
      isPlatformAdmin: options.admin ?? false,
      locale: null,
      school: null,
      classYear: null,
      associations: [],
    },
    memberships: options.memberships ?? [],
    grants: options.grants ?? [],
  };
}
const grant = (level: AdminLevel, eventId: number | null = null, organizerId = ORG): GrantPrincipal => ({
  organizerId,
  eventId,
  level,
});

const actors: Record<string, Actor> = {
  anonymous: { kind: "anonymous" },
  superadmin: { kind: "superadmin" },
  platformAdmin: user({ admin: true }),
  stranger: user(),
  owner: user({ memberships: [{ organizerId: ORG, role: "owner" }] }),
  member: user({ memberships: [{ organizerId: ORG, role: "member" }] }),
  viewer: user({ grants: [grant("view")] }),
  scanner: user({ grants: [grant("checkin", EVENT)] }),
  orderManager: user({ grants: [grant("orders", EVENT)] }),
  eventAdmin: user({ grants: [grant("full", EVENT)] }),
  // Several grants apply: the highest wins (view org-wide, full on EVENT).
  mixed: user({ grants: [grant("view"), grant("full", EVENT), grant("checkin", OTHER_EVENT)] }),
  otherOrgAdmin: user({
    grants: [grant("full", null, OTHER_ORG)],
    memberships: [{ organizerId: OTHER_ORG, role: "owner" }],
  }),
  tokenFull: { kind: "token", tokenId: 1, organizerId: ORG, level: "full" },
  tokenCheckin: { kind: "token", tokenId: 2, organizerId: ORG, level: "checkin" },
  tokenOtherOrg: { kind: "token", tokenId: 3, organizerId: OTHER_ORG, level: "full" },
};

const platform: Resource = { type: "platform" };
const organizer: Resource = { type: "organizer", organizerId: ORG };
const event: Resource = { type: "event", organizerId: ORG, eventId: EVENT };
const otherEvent: Resource = { type: "event", organizerId: ORG, eventId: OTHER_EVENT };
const allEvents: Resource = { type: "event", organizerId: ORG, eventId: null };
/** Every user actor here has id 7: theirs is the order bought by 7; someone else's by 8. */
const ownOrder: Resource = { type: "order", organizerId: ORG, eventId: EVENT, buyerId: 7 };
const othersOrder: Resource = { type: "order", organizerId: ORG, eventId: EVENT, buyerId: 8 };
const guestOrder: Resource = { type: "order", organizerId: ORG, eventId: EVENT, buyerId: null };

type Row = [actor: keyof typeof actors, action: Action, resource: Resource, allowed: boolean];

// Every actor kind against every action on the organizer's event and on someone else's order of it
// (only the event's admins, by level: view to see it, orders to change it; nobody is its buyer, not even
// a platform admin); one line each, read across.
const COLUMNS: [Action, Resource][] = [
  ["event.view", event],
  ["event.checkin", event],
  ["event.orders", event],
  ["event.manage", event],
  ["order.own", othersOrder],
  ["order.view", othersOrder],
  ["order.change", othersOrder],
];
type Allowed = [boolean, boolean, boolean, boolean, boolean, boolean, boolean];
const eventMatrix: Record<keyof typeof actors, Allowed> = {
  //             event: view  checkin orders manage | order: own  view  change
  anonymous: [false, false, false, false, false, false, false],
  superadmin: [true, true, true, true, false, true, true],
  platformAdmin: [true, true, true, true, false, true, true],
  stranger: [false, false, false, false, false, false, false],
  owner: [true, true, true, true, false, true, true],
  member: [false, false, false, false, false, false, false],
  viewer: [true, false, false, false, false, true, false],
  scanner: [true, true, false, false, false, true, false],
  orderManager: [true, true, true, false, false, true, true],
  eventAdmin: [true, true, true, true, false, true, true],
  mixed: [true, true, true, true, false, true, true],
  otherOrgAdmin: [false, false, false, false, false, false, false],
  tokenFull: [true, true, true, true, false, true, true],
  tokenCheckin: [true, true, false, false, false, true, false],
  tokenOtherOrg: [false, false, false, false, false, false, false],
};

const rows: Row[] = [
  ...Object.entries(eventMatrix).flatMap(([name, allowed]) =>
    COLUMNS.map(
      ([action, resource], i): Row => [name as keyof typeof actors, action, resource, allowed[i] as boolean],
    ),
  ),
  // The buyer may do all of it on their own order, whatever else they are; a guest order has no buyer.
  ["stranger", "order.own", ownOrder, true],
  ["stranger", "order.view", ownOrder, true],
  ["stranger", "order.change", ownOrder, true],
  ["platformAdmin", "order.own", ownOrder, true],
  ["viewer", "order.change", ownOrder, true],
  ["stranger", "order.own", guestOrder, false],
  ["stranger", "order.view", guestOrder, false],
  ["anonymous", "order.own", guestOrder, false],
  ["anonymous", "order.view", guestOrder, false],
  ["tokenFull", "order.own", guestOrder, false],
  ["viewer", "order.view", guestOrder, true],
  // An event-scoped grant reaches the orders of its event only.
  ["orderManager", "order.change", { ...othersOrder, eventId: OTHER_EVENT }, false],
  // Event actions on an order, order actions on an event: refused, even for the buyer.
  ["stranger", "event.view", ownOrder, false],
  ["superadmin", "event.manage", othersOrder, false],
  ["stranger", "order.view", event, false],
  // Event-scoped grants do not reach other events or organizer-wide event actions.
  ["scanner", "event.view", otherEvent, false],
  ["eventAdmin", "event.manage", allEvents, false],
  ["mixed", "event.manage", otherEvent, false],
  ["mixed", "event.checkin", otherEvent, true],
  ["mixed", "event.view", allEvents, true],
  ["viewer", "event.view", otherEvent, true],
  ["owner", "event.manage", allEvents, true],
  // Organizer actions.
  ["owner", "organizer.manage", organizer, true],
  ["member", "organizer.manage", organizer, false],
  ["member", "organizer.view", organizer, true],
  ["scanner", "organizer.view", organizer, true],
  ["stranger", "organizer.view", organizer, false],
  ["otherOrgAdmin", "organizer.view", organizer, false],
  ["tokenFull", "organizer.view", organizer, true],
  ["tokenFull", "organizer.manage", organizer, false],
  ["tokenOtherOrg", "organizer.view", organizer, false],
  ["anonymous", "organizer.view", organizer, false],
  ["platformAdmin", "organizer.manage", organizer, true],
  // Platform.
  ["superadmin", "platform.admin", platform, true],
  ["platformAdmin", "platform.admin", platform, true],
  ["owner", "platform.admin", platform, false],
  ["tokenFull", "platform.admin", platform, false],
  ["anonymous", "platform.admin", platform, false],
  // Own account only.
  ["stranger", "account.manage", { type: "user", userId: 7 }, true],
  ["stranger", "account.manage", { type: "user", userId: 8 }, false],
  ["tokenFull", "account.manage", { type: "user", userId: 7 }, false],
  // Actions that make no sense on a resource are refused, not guessed.
  ["owner", "event.view", organizer, false],
  ["owner", "organizer.manage", event, false],
];

describe("can(actor, action, resource)", () => {
  it.each(rows)("%s %s %o → %s", (actorName, action, resource, allowed) => {
    expect(can(actors[actorName] as Actor, action, resource)).toBe(allowed);
  });

  it("covers every actor in the event matrix", () => {
    expect(Object.keys(eventMatrix).sort()).toEqual(Object.keys(actors).sort());
  });

  it("takes the highest level that applies", () => {
    expect(effectiveLevel(actors.mixed as Actor, ORG, EVENT)).toBe("full");
    expect(effectiveLevel(actors.mixed as Actor, ORG, OTHER_EVENT)).toBe("checkin");
    expect(effectiveLevel(actors.mixed as Actor, ORG, 99)).toBe("view");
    expect(effectiveLevel(actors.stranger as Actor, ORG, EVENT)).toBeNull();
  });
});
