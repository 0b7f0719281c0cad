import type { Actor } from "../../platform/auth/actor.js";
import { authorize, can } from "../../platform/auth/policy.js";
import { hashToken, randomToken } from "../../platform/crypto.js";
import { type Db, unlessDuplicate } from "../../platform/db/index.js";
import { domainError, notFound } from "../../platform/errors.js";
import { type Locale, translator } from "../../platform/i18n/index.js";
import { composeSimpleMail } from "../../platform/mail/compose.js";
import { queueMail } from "../../platform/mail/jobs.js";
import { isoIn, isoNow } from "../../platform/time.js";
import { Checker } from "../../platform/validation.js";

const INVITATION_TTL_MS = 14 * 24 * 3600_000;

export interface Organizer {
  id: number;
  slug: string;
  name: string;
  created_at: string;
}

export const slugTaken = (slug: string) =>
  domainError("slug_taken", `The slug "${slug}" is already used`, 409);

export async function createOrganizer(
  db: Db,
  actor: Actor,
  input: { slug?: unknown; name?: unknown },
): Promise<Organizer> {
  authorize(actor, "platform.admin", { type: "platform" });
  const check = new Checker();
  const slug = check.slug("slug", input.slug);
  const name = check.text("name", input.name, { max: 120 });
  check.done();
  return unlessDuplicate(
    () =>
      db.kysely
        .insertInto("organizers")
        .values({ slug, name, created_at: isoNow() })
        .returningAll()
        .executeTakeFirstOrThrow(),
    () => slugTaken(slug),
  );
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
