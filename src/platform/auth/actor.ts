import type { AdminLevel } from "../db/schema.js";

export interface UserPrincipal {
  id: number;
  email: string;
  name: string;
  kind: "internal" | "external";
  isPlatformAdmin: boolean;
  locale: string | null;
  school: string | null;
  classYear: number | null;
  associations: string[];
  /** True while nobody proved to own the address (registered, the confirmation link not yet opened). */
  unconfirmed?: boolean;
}

export interface MembershipPrincipal {
  organizerId: number;
  role: "owner" | "member";
}

/** A grant that already matched this user (directly, as member, or through an audience). */
export interface GrantPrincipal {
  organizerId: number;
  eventId: number | null;
  level: AdminLevel;
}

export type Actor =
  | { kind: "anonymous" }
  | { kind: "superadmin" }
  | { kind: "user"; user: UserPrincipal; memberships: MembershipPrincipal[]; grants: GrantPrincipal[] }
  | { kind: "token"; tokenId: number; organizerId: number; level: AdminLevel }
  /** Whoever opened a guest order's signed link: that one order, as its buyer, and nothing else. */
  | { kind: "orderLink"; orderCode: string };

export const anonymous: Actor = { kind: "anonymous" };
export const superadmin: Actor = { kind: "superadmin" };
