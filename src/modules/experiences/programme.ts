import type { Actor } from "../../platform/auth/actor.js";
import { can } from "../../platform/auth/policy.js";
import { hashToken, randomToken } from "../../platform/crypto.js";
import type { Db } from "../../platform/db/index.js";
import { domainError, forbidden, notFound, unauthenticated } from "../../platform/errors.js";
import { type Locale, translator } from "../../platform/i18n/index.js";
import { composeSimpleMail } from "../../platform/mail/compose.js";
import { queueMail } from "../../platform/mail/jobs.js";
import { isoIn, isoNow } from "../../platform/time.js";
import { Checker } from "../../platform/validation.js";
import { type EventRow, findBookableEvent } from "../events/service.js";

const INVITATION_TTL_MS = 14 * 24 * 3600_000;

/**
 * Who is asking about an event's experiences: its admins see everything (and change it with the
 * full level); an exhibitor sees and changes only what belongs to their own exhibitor rows. Anybody
 * else gets a 404, so another organizer's programme is not even confirmed to exist.
 */
export interface ProgrammeScope {
  event: EventRow;
  organizerSlug: string;
  admin: boolean;
  manage: boolean;
  /** The actor's own exhibitor rows on this event (empty for admins who are not exhibitors). */
  exhibitorIds: number[];
}

export async function programmeScope(
  db: Db,
  actor: Actor,
  params: { organizer: string; event: string },
): Promise<ProgrammeScope> {
  if (actor.kind === "anonymous") throw unauthenticated();
  const event = await findBookableEvent(db, params.organizer, params.event);
  const resource = { type: "event" as const, organizerId: event.organizer_id, eventId: event.id };
  const admin = can(actor, "event.view", resource);
  const exhibitorIds =
    actor.kind === "user"
      ? (
          await db.kysely
            .selectFrom("exhibitors")
            .select("id")
            .where("event_id", "=", event.id)
            .where("user_id", "=", actor.user.id)
            .execute()
        ).map((e) => e.id)
      : [];
  if (!admin && exhibitorIds.length === 0) throw notFound("Event");
  return {
    event,
    organizerSlug: params.organizer,
    admin,
    manage: can(actor, "event.manage", resource),
    exhibitorIds,
  };
}

export function requireManage(scope: ProgrammeScope) {
  if (!scope.manage) throw scope.admin ? forbidden() : notFound("Event");
}

export function requireAdmin(scope: ProgrammeScope) {
  if (!scope.admin) throw notFound("Event");
}

export type GuestField = "optional" | "required";
export interface Programme {
  event_id: number;
  embed_origins: string[];
  guest_name: GuestField;
  guest_email: GuestField;
}

/** Every event has a programme as soon as anything about experiences is asked; defaults until set. */
export async function loadProgramme(db: Db, eventId: number): Promise<Programme> {
  const row = await db.kysely
    .selectFrom("experience_programmes")
    .selectAll()
    .where("event_id", "=", eventId)
    .executeTakeFirst();
  return {
    event_id: eventId,
    embed_origins: row?.embed_origins ? row.embed_origins.split(" ").filter(Boolean) : [],
    guest_name: row?.guest_name ?? "optional",
    guest_email: row?.guest_email ?? "optional",
  };
}

/** An origin a browser sends: scheme, host, optional port, nothing else. */
export function normaliseOrigin(value: string): string | null {
  try {
    const url = new URL(value.trim());
    if (url.protocol !== "https:" && url.protocol !== "http:") return null;
    if (url.pathname !== "/" || url.search || url.hash || url.username) return null;
    return url.origin;
  } catch {
    return null;
  }
}

export interface ProgrammeInput {
  embed_origins?: unknown;
  guest_name?: unknown;
  guest_email?: unknown;
}

export async function updateProgramme(db: Db, scope: ProgrammeScope, input: ProgrammeInput) {
  requireManage(scope);
  const current = await loadProgramme(db, scope.event.id);
  const check = new Checker();
  let origins = current.embed_origins;
  if (input.embed_origins !== undefined) {
    const list = Array.isArray(input.embed_origins)
      ? input.embed_origins
      : typeof input.embed_origins === "string"
        ? input.embed_origins.split(/[\s,]+/).filter(Boolean)
        : null;
    origins = [];
    if (!list || list.length > 20)
      check.problems.push({ field: "embed_origins", message: "must be a list of up to 20 origins" });
    for (const entry of list ?? []) {
      const origin = typeof entry === "string" ? normaliseOrigin(entry) : null;
      if (origin) origins.push(origin);
      else
        check.problems.push({
          field: "embed_origins",
          message: `${String(entry).slice(0, 80)} is not an origin like https://www.example.org`,
        });
    }
  }
  const fields = ["optional", "required"] as const;
  const guestName =
    input.guest_name === undefined ? current.guest_name : check.oneOf("guest_name", input.guest_name, fields);
  const guestEmail =
    input.guest_email === undefined
      ? current.guest_email
      : check.oneOf("guest_email", input.guest_email, fields);
  check.done();
  const values = {
    embed_origins: [...new Set(origins)].join(" "),
    guest_name: guestName,
    guest_email: guestEmail,
  };
  await db.kysely
    .insertInto("experience_programmes")
    .values({ event_id: scope.event.id, ...values, created_at: isoNow() })
    .onConflict((oc) => oc.column("event_id").doUpdateSet(values))
    .execute();
  return loadProgramme(db, scope.event.id);
}

export interface Exhibitor {
  id: number;
  name: string;
  email: string;
  user_id: number | null;
  accepted_at: string | null;
}

export async function listExhibitors(db: Db, scope: ProgrammeScope): Promise<Exhibitor[]> {
  let query = db.kysely
    .selectFrom("exhibitors")
    .select(["id", "name", "email", "user_id", "accepted_at"])
    .where("event_id", "=", scope.event.id);
  if (!scope.admin) query = query.where("id", "in", scope.exhibitorIds);
  return query.orderBy("name").execute();
}

/** Invites an exhibitor by e-mail; the link (mailed and returned once) attaches whoever accepts it. */
export async function inviteExhibitor(
  db: Db,
  scope: ProgrammeScope,
  input: { name?: unknown; email?: unknown; publicUrl: string; locale: Locale; organizerName: string },
) {
  requireManage(scope);
  const check = new Checker();
  const name = check.text("name", input.name, { max: 200 });
  const email = check.email("email", input.email);
  check.done();
  const token = randomToken();
  const exhibitor = await db.kysely
    .insertInto("exhibitors")
    .values({
      event_id: scope.event.id,
      name,
      email,
      user_id: null,
      invite_token_hash: hashToken(token),
      invite_expires_at: isoIn(INVITATION_TTL_MS),
      created_at: isoNow(),
      accepted_at: null,
    })
    .returning(["id", "name", "email", "user_id", "accepted_at"])
    .executeTakeFirstOrThrow();
  const link = `${input.publicUrl}/exhibitor-invitations/${token}`;
  const t = translator(input.locale);
  const vars = { organizer: input.organizerName, event: scope.event.name, link };
  await queueMail(db, {
    to: email,
    ...composeSimpleMail(t("experiences.mail.inviteSubject", vars), t("experiences.mail.inviteBody", vars), {
      label: t("experiences.mail.inviteAction"),
      url: link,
    }),
  });
  return { ...exhibitor, link };
}

export async function removeExhibitor(db: Db, scope: ProgrammeScope, exhibitorId: number) {
  requireManage(scope);
  const removed = await db.kysely
    .deleteFrom("exhibitors")
    .where("id", "=", exhibitorId)
    .where("event_id", "=", scope.event.id)
    .executeTakeFirst();
  if (Number(removed.numDeletedRows) === 0) throw notFound("Exhibitor");
}

const invalidInvitation = () =>
  domainError("invalid_token", "This invitation is invalid, expired or already accepted", 400);

export async function findExhibitorInvitation(db: Db, token: string) {
  const row = await db.kysely
    .selectFrom("exhibitors as x")
    .innerJoin("events as e", "e.id", "x.event_id")
    .select(["x.id", "x.name", "e.name as event_name"])
    .where("x.invite_token_hash", "=", hashToken(token))
    .where("x.accepted_at", "is", null)
    .where("x.invite_expires_at", ">", isoNow())
    .executeTakeFirst();
  if (!row) throw invalidInvitation();
  return row;
}

/** Whoever opens the link logged in becomes this exhibitor (one conditional UPDATE: accepted once). */
export async function acceptExhibitorInvitation(db: Db, actor: Actor, token: string) {
  if (actor.kind !== "user") throw domainError("unauthenticated", "Log in to accept the invitation", 401);
  const now = isoNow();
  const row = await db.kysely
    .updateTable("exhibitors")
    .set({ user_id: actor.user.id, accepted_at: now, invite_token_hash: null })
    .where("invite_token_hash", "=", hashToken(token))
    .where("accepted_at", "is", null)
    .where("invite_expires_at", ">", now)
    .returning(["id", "event_id"])
    .executeTakeFirst();
  if (!row) throw invalidInvitation();
  return row;
}

/** Everything a logged-in exhibitor belongs to, for their start page. */
export function exhibitorMemberships(db: Db, userId: number) {
  return db.kysely
    .selectFrom("exhibitors as x")
    .innerJoin("events as e", "e.id", "x.event_id")
    .innerJoin("organizers as o", "o.id", "e.organizer_id")
    .select(["x.id", "x.name", "e.name as event_name", "e.slug as event_slug", "o.slug as organizer_slug"])
    .where("x.user_id", "=", userId)
    .orderBy("e.name")
    .execute();
}

/** Where a partner embeds an event's programme. */
export const embedPath = (organizer: string, event: string) => `/embed/${organizer}/${event}/experiences`;
