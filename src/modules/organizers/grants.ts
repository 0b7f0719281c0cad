import type { Actor } from "../../platform/auth/actor.js";
import { ADMIN_LEVELS, authorize } from "../../platform/auth/policy.js";
import type { Db } from "../../platform/db/index.js";
import { domainError, notFound } from "../../platform/errors.js";
import { isoNow } from "../../platform/time.js";
import { Checker } from "../../platform/validation.js";
import type { Organizer } from "./service.js";

export interface GrantInput {
  level?: unknown;
  grantee?: unknown;
  /** For grantee "user": the account's e-mail. */
  email?: unknown;
  /** null or absent: every event of the organizer. */
  event_id?: unknown;
  audience_school?: unknown;
  audience_class_year?: unknown;
  audience_membership?: unknown;
}

/** Granting event-admin rights is itself a "full" right over the events concerned. */
export async function createGrant(db: Db, actor: Actor, organizer: Organizer, input: GrantInput) {
  const check = new Checker();
  const eventId = check.optionalInt("event_id", input.event_id, 1, Number.MAX_SAFE_INTEGER);
  // Who may grant depends only on the event named (none: organizer-wide, the stricter check): refuse
  // before telling somebody without the right what else is wrong with the form.
  authorize(actor, "event.manage", { type: "event", organizerId: organizer.id, eventId });
  const level = check.oneOf("level", input.level, ADMIN_LEVELS);
  const grantee = check.oneOf("grantee", input.grantee, ["user", "members", "audience"] as const);
  const school = check.optionalText("audience_school", input.audience_school, 120);
  const classYear = check.optionalInt("audience_class_year", input.audience_class_year, 1900, 2200);
  const membership = check.optionalText("audience_membership", input.audience_membership, 120);
  const email = grantee === "user" ? check.email("email", input.email) : null;
  if (grantee === "audience" && school === null && classYear === null && membership === null) {
    check.problems.push({
      field: "audience_school",
      message: "an audience needs a school, a class year or a membership",
    });
  }
  check.done();
  if (eventId !== null) {
    const event = await db.kysely
      .selectFrom("events")
      .select("id")
      .where("id", "=", eventId)
      .where("organizer_id", "=", organizer.id)
      .executeTakeFirst();
    if (!event) throw notFound("Event");
  }
  let userId: number | null = null;
  if (email !== null) {
    const user = await db.kysely
      .selectFrom("users")
      .select("id")
      .where("email", "=", email)
      .executeTakeFirst();
    if (!user) throw domainError("unknown_user", "No account has this e-mail; invite the person first", 404);
    userId = user.id;
  }
  return db.kysely
    .insertInto("event_admin_grants")
    .values({
      organizer_id: organizer.id,
      event_id: eventId,
      level,
      grantee,
      user_id: userId,
      audience_school: grantee === "audience" ? school : null,
      audience_class_year: grantee === "audience" ? classYear : null,
      audience_membership: grantee === "audience" ? membership : null,
      created_at: isoNow(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listGrants(db: Db, actor: Actor, organizer: Organizer) {
  authorize(actor, "organizer.view", { type: "organizer", organizerId: organizer.id });
  return db.kysely
    .selectFrom("event_admin_grants as g")
    .leftJoin("users as u", "u.id", "g.user_id")
    .leftJoin("events as e", "e.id", "g.event_id")
    .select([
      "g.id",
      "g.level",
      "g.grantee",
      "g.event_id",
      "e.name as event_name",
      "u.email as user_email",
      "g.audience_school",
      "g.audience_class_year",
      "g.audience_membership",
      "g.created_at",
    ])
    .where("g.organizer_id", "=", organizer.id)
    .orderBy("g.id")
    .execute();
}

export async function deleteGrant(db: Db, actor: Actor, organizer: Organizer, grantId: number) {
  const grant = await db.kysely
    .selectFrom("event_admin_grants")
    .select(["id", "event_id"])
    .where("id", "=", grantId)
    .where("organizer_id", "=", organizer.id)
    .executeTakeFirst();
  if (!grant) throw notFound("Grant");
  authorize(actor, "event.manage", { type: "event", organizerId: organizer.id, eventId: grant.event_id });
  await db.kysely.deleteFrom("event_admin_grants").where("id", "=", grantId).execute();
}
