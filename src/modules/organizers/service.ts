import type { Actor } from "../../platform/auth/actor.js";
import { authorize, can } from "../../platform/auth/policy.js";
import { hashToken, randomToken } from "../../platform/crypto.js";
import { type Db, unlessDuplicate } from "../../platform/db/index.js";
import { domainError, notFound } from "../../platform/errors.js";
import { type Locale, translator } from "../../platform/i18n/index.js";
import { composeSimpleMail } from "../../platform/mail/compose.js";
import { queueMail } from "../../platform/mail/jobs.js";
import { isoIn, isoNow } from "../../platform/time.js";
import { Checker, fieldError } from "../../platform/validation.js";
import { newOrganizerSlug } from "./slugs.js";

const INVITATION_TTL_MS = 14 * 24 * 3600_000;

export interface Organizer {
  id: number;
  slug: string;
  name: string;
  created_at: string;
  /** IANA zone its events' times are shown in; null: the platform's TIME_ZONE. */
  time_zone?: string | null;
}

export const slugTaken = (slug: string) =>
  fieldError("slug_taken", `The slug "${slug}" is already used`, 409, {
    field: "slug",
    code: "taken",
    message: "is already used",
  });

/**
 * A platform admin who creates an organizer (a signed-in person, not the admin token) becomes its first
 * owner, as in pretix and Hi.Events: the organizer never sits there with nobody in charge, the admin can
 * invite the real owner from its page and then leave. Through the admin token nobody is added, and the
 * page says so and offers the invitation.
 */
export async function createOrganizer(
  db: Db,
  actor: Actor,
  input: { slug?: unknown; name?: unknown; time_zone?: unknown },
): Promise<Organizer> {
  authorize(actor, "platform.admin", { type: "platform" });
  const check = new Checker();
  const slug = await newOrganizerSlug(db, check, input);
  const name = check.text("name", input.name, { max: 120 });
  const timeZone = input.time_zone === undefined ? null : check.timeZone("time_zone", input.time_zone);
  check.done();
  return unlessDuplicate(
    () =>
      db.kysely.transaction().execute(async (trx) => {
        const now = isoNow();
        const organizer = await trx
          .insertInto("organizers")
          .values({ slug, name, time_zone: timeZone, created_at: now })
          .returningAll()
          .executeTakeFirstOrThrow();
        if (actor.kind === "user")
          await trx
            .insertInto("organizer_members")
            .values({ organizer_id: organizer.id, user_id: actor.user.id, role: "owner", created_at: now })
            .execute();
        return organizer;
      }),
    () => slugTaken(slug),
  );
}

/**
 * Name and time zone. The organizer's events that are in its old zone (copied when they were created)
 * or in none move with it; an event given another zone of its own keeps it. So an event row alone tells
 * every page, mail and door scan its zone, without asking for the organizer on the hot paths.
 */
export async function updateOrganizer(
  db: Db,
  actor: Actor,
  organizer: Organizer,
  input: { name?: unknown; time_zone?: unknown },
): Promise<Organizer> {
  authorize(actor, "organizer.manage", { type: "organizer", organizerId: organizer.id });
  const check = new Checker();
  const name = input.name === undefined ? organizer.name : check.text("name", input.name, { max: 120 });
  const timeZone =
    input.time_zone === undefined
      ? (organizer.time_zone ?? null)
      : check.timeZone("time_zone", input.time_zone);
  check.done();
  return db.kysely.transaction().execute(async (trx) => {
    const previous = organizer.time_zone ?? null;
    if (timeZone !== null && timeZone !== previous)
      await trx
        .updateTable("events")
        .set({ time_zone: timeZone })
        .where("organizer_id", "=", organizer.id)
        .where((eb) =>
          previous === null
            ? eb("time_zone", "is", null)
            : eb.or([eb("time_zone", "is", null), eb("time_zone", "=", previous)]),
        )
        .execute();
    return trx
      .updateTable("organizers")
      .set({ name, time_zone: timeZone })
      .where("id", "=", organizer.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/** Looks up by slug and checks the actor may at least see it; unknown and hidden both read as 404. */
export async function findOrganizer(db: Db, actor: Actor, slug: string): Promise<Organizer> {
  const organizer = await db.kysely
    .selectFrom("organizers")
    .selectAll()
    .where("slug", "=", slug)
    .executeTakeFirst();
  if (!organizer || !can(actor, "organizer.view", { type: "organizer", organizerId: organizer.id })) {
    throw notFound("Organizer");
  }
  return organizer;
}

export async function listOrganizers(db: Db, actor: Actor): Promise<Organizer[]> {
  const all = await db.kysely.selectFrom("organizers").selectAll().orderBy("name").execute();
  return all.filter((o) => can(actor, "organizer.view", { type: "organizer", organizerId: o.id }));
}

export async function listMembers(db: Db, actor: Actor, organizer: Organizer) {
  authorize(actor, "organizer.view", { type: "organizer", organizerId: organizer.id });
  return db.kysely
    .selectFrom("organizer_members as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["u.id", "u.name", "u.email", "m.role", "m.created_at"])
    .where("m.organizer_id", "=", organizer.id)
    .orderBy("u.name")
    .execute();
}

export async function removeMember(db: Db, actor: Actor, organizer: Organizer, userId: number) {
  authorize(actor, "organizer.manage", { type: "organizer", organizerId: organizer.id });
  const removed = await db.kysely
    .deleteFrom("organizer_members")
    .where("organizer_id", "=", organizer.id)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  if (Number(removed.numDeletedRows) === 0) throw notFound("Member");
}

/** Invites by e-mail; the link in the mail (and returned once to the inviter) adds whoever accepts it. */
export async function inviteMember(
  db: Db,
  actor: Actor,
  organizer: Organizer,
  input: { email?: unknown; role?: unknown; publicUrl: string; locale: Locale },
) {
  authorize(actor, "organizer.manage", { type: "organizer", organizerId: organizer.id });
  const check = new Checker();
  const email = check.email("email", input.email);
  const role = check.oneOf("role", input.role ?? "member", ["member", "owner"] as const);
  check.done();
  const token = randomToken();
  const invitation = await db.kysely
    .insertInto("invitations")
    .values({
      organizer_id: organizer.id,
      email,
      role,
      token_hash: hashToken(token),
      invited_by: actor.kind === "user" ? actor.user.id : null,
      created_at: isoNow(),
      expires_at: isoIn(INVITATION_TTL_MS),
      accepted_at: null,
    })
    .returning(["id", "email", "role", "expires_at"])
    .executeTakeFirstOrThrow();
  const link = `${input.publicUrl}/invitations/${token}`;
  const t = translator(input.locale);
  await queueMail(db, {
    to: email,
    ...composeSimpleMail(
      t("mail.invite.subject", { organizer: organizer.name }),
      t("mail.invite.body", { organizer: organizer.name, link }),
      { label: t("mail.invite.action"), url: link },
    ),
  });
  return { ...invitation, link };
}

export async function listInvitations(db: Db, actor: Actor, organizer: Organizer) {
  authorize(actor, "organizer.manage", { type: "organizer", organizerId: organizer.id });
  return db.kysely
    .selectFrom("invitations")
    .select(["id", "email", "role", "created_at", "expires_at"])
    .where("organizer_id", "=", organizer.id)
    .where("accepted_at", "is", null)
    .where("expires_at", ">", isoNow())
    .orderBy("id", "desc")
    .execute();
}

export async function findInvitation(db: Db, token: string) {
  const row = await db.kysely
    .selectFrom("invitations as i")
    .innerJoin("organizers as o", "o.id", "i.organizer_id")
    .select(["i.id", "i.role", "i.organizer_id", "o.name as organizer_name", "o.slug as organizer_slug"])
    .where("i.token_hash", "=", hashToken(token))
    .where("i.accepted_at", "is", null)
    .where("i.expires_at", ">", isoNow())
    .executeTakeFirst();
  if (!row)
    throw domainError("invalid_token", "This invitation is invalid, expired or already accepted", 400);
  return row;
}

/** Any logged-in account may accept: invitations often go to a work address the person logs in with later. */
export async function acceptInvitation(db: Db, actor: Actor, token: string) {
  if (actor.kind !== "user") throw domainError("unauthenticated", "Log in to accept the invitation", 401);
  return db.kysely.transaction().execute(async (trx) => {
    const now = isoNow();
    const invitation = await trx
      .updateTable("invitations")
      .set({ accepted_at: now })
      .where("token_hash", "=", hashToken(token))
      .where("accepted_at", "is", null)
      .where("expires_at", ">", now)
      .returning(["organizer_id", "role"])
      .executeTakeFirst();
    if (!invitation)
      throw domainError("invalid_token", "This invitation is invalid, expired or already accepted", 400);
    await trx
      .insertInto("organizer_members")
      .values({
        organizer_id: invitation.organizer_id,
        user_id: actor.user.id,
        role: invitation.role,
        created_at: now,
      })
      .onConflict((oc) => oc.columns(["organizer_id", "user_id"]).doUpdateSet({ role: invitation.role }))
      .execute();
    return trx
      .selectFrom("organizers")
      .selectAll()
      .where("id", "=", invitation.organizer_id)
      .executeTakeFirstOrThrow();
  });
}

/** Direct membership (CLI, demo and platform admins). */
export async function addMember(
  db: Db,
  actor: Actor,
  organizer: Organizer,
  userId: number,
  role: "owner" | "member",
) {
  authorize(actor, "organizer.manage", { type: "organizer", organizerId: organizer.id });
  await db.kysely
    .insertInto("organizer_members")
    .values({ organizer_id: organizer.id, user_id: userId, role, created_at: isoNow() })
    .onConflict((oc) => oc.columns(["organizer_id", "user_id"]).doUpdateSet({ role }))
    .execute();
}
