import type { DbHandle } from "../db/index.js";
import type { UsersTable } from "../db/schema.js";
import type { Actor, UserPrincipal } from "./actor.js";

type UserRow = Omit<UsersTable, "id" | "anonymized_at" | "email_confirmed_at"> & {
  id: number;
  email_confirmed_at?: string | null;
};

export function toPrincipal(row: UserRow, associations: string[]): UserPrincipal {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    kind: row.kind,
    isPlatformAdmin: Boolean(row.is_platform_admin),
    locale: row.locale,
    school: row.school,
    classYear: row.class_year,
    associations,
    ...(row.email_confirmed_at === null ? { unconfirmed: true } : {}),
  };
}

/** The user with what `can` needs: memberships and every grant that applies (direct, as member, by audience). */
export async function loadUserActor(db: DbHandle, user: UserRow): Promise<Actor> {
  const [associations, memberships, grants] = await Promise.all([
    db.selectFrom("user_memberships").select("association").where("user_id", "=", user.id).execute(),
    db
      .selectFrom("organizer_members")
      .select(["organizer_id", "role"])
      .where("user_id", "=", user.id)
      .execute(),
    db
      .selectFrom("event_admin_grants as g")
      .select(["g.organizer_id", "g.event_id", "g.level", "g.grantee"])
      .where((eb) =>
        eb.or([
          eb.and([eb("g.grantee", "=", "user"), eb("g.user_id", "=", user.id)]),
          eb.and([
            eb("g.grantee", "=", "members"),
            eb(
              "g.organizer_id",
              "in",
              eb.selectFrom("organizer_members").select("organizer_id").where("user_id", "=", user.id),
            ),
          ]),
          eb.and([
            eb("g.grantee", "=", "audience"),
            eb.or([eb("g.audience_school", "is", null), eb("g.audience_school", "=", user.school)]),
            eb.or([
              eb("g.audience_class_year", "is", null),
              eb("g.audience_class_year", "=", user.class_year),
            ]),
            eb.or([
              eb("g.audience_membership", "is", null),
              eb(
                "g.audience_membership",
                "in",
                eb.selectFrom("user_memberships").select("association").where("user_id", "=", user.id),
              ),
            ]),
          ]),
        ]),
      )
      .execute(),
  ]);
  return {
    kind: "user",
    user: toPrincipal(
      user,
      associations.map((a) => a.association),
    ),
    memberships: memberships.map((m) => ({ organizerId: m.organizer_id, role: m.role })),
    // Audience grants match attributes, which count only once the address is confirmed (as in matchesAudience).
    grants: grants
      .filter((g) => g.grantee !== "audience" || user.email_confirmed_at !== null)
      .map((g) => ({ organizerId: g.organizer_id, eventId: g.event_id, level: g.level })),
  };
}
