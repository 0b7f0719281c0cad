import type { Actor } from "../../platform/auth/actor.js";
import { authorize } from "../../platform/auth/policy.js";
import { randomToken, seal, unseal } from "../../platform/crypto.js";
import { type Db, isUniqueViolation } from "../../platform/db/index.js";
import { domainError, notFound } from "../../platform/errors.js";
import type { PlatformSecrets } from "../../platform/secrets.js";
import { isoNow } from "../../platform/time.js";
import { Checker } from "../../platform/validation.js";
import type { Organizer } from "../organizers/service.js";
import type { BbbServer } from "./bbb.js";

/** A date names its room in its metadata under this key; the value is the room's slug. */
export const ROOM_METADATA_KEY = "room";

const manage = (actor: Actor, organizer: Organizer) =>
  authorize(actor, "organizer.manage", { type: "organizer", organizerId: organizer.id });

export async function createBbbServer(
  db: Db,
  secrets: PlatformSecrets,
  actor: Actor,
  organizer: Organizer,
  input: { name?: unknown; url?: unknown; secret?: unknown },
) {
  manage(actor, organizer);
  const check = new Checker();
  const name = check.text("name", input.name, { max: 120 });
  const url = check.outboundUrl("url", input.url);
  const secret = check.text("secret", input.secret, { min: 8, max: 200 });
  check.done();
  return db.kysely
    .insertInto("bbb_servers")
    .values({
      organizer_id: organizer.id,
      name,
      url: url.endsWith("/") ? url : `${url}/`,
      sealed_secret: seal(secrets.cookieSecret, secret),
      created_at: isoNow(),
    })
    .returning(["id", "name", "url", "created_at"])
    .executeTakeFirstOrThrow();
}

export function listBbbServers(db: Db, actor: Actor, organizer: Organizer) {
  authorize(actor, "organizer.view", { type: "organizer", organizerId: organizer.id });
  return db.kysely
    .selectFrom("bbb_servers")
    .select(["id", "name", "url", "created_at"])
    .where("organizer_id", "=", organizer.id)
    .orderBy("id")
    .execute();
}

export async function createRoom(
  db: Db,
  actor: Actor,
  organizer: Organizer,
  input: {
    slug?: unknown;
    name?: unknown;
    server?: unknown;
    call_sign_field?: unknown;
    video_consent_field?: unknown;
  },
) {
  manage(actor, organizer);
  const check = new Checker();
  const slug = check.slug("slug", input.slug);
  const name = check.text("name", input.name, { max: 200 });
  const callSign = check.optionalText("call_sign_field", input.call_sign_field);
  const videoConsent = check.optionalText("video_consent_field", input.video_consent_field);
  const serverId = Number(input.server);
  check.done();
  const server = await db.kysely
    .selectFrom("bbb_servers")
    .select("id")
    .where("id", "=", Number.isInteger(serverId) ? serverId : 0)
    .where("organizer_id", "=", organizer.id)
    .executeTakeFirst();
  if (!server)
    throw domainError("unknown_server", "Choose one of the organizer's BigBlueButton servers", 400);
  try {
    return await db.kysely
      .insertInto("rooms")
      .values({
        organizer_id: organizer.id,
        server_id: server.id,
        slug,
        name,
        meeting_id: randomToken(18),
        call_sign_field: callSign,
        video_consent_field: videoConsent,
        created_at: isoNow(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (error) {
    if (isUniqueViolation(error)) throw domainError("slug_taken", "A room with this slug exists", 409);
    throw error;
  }
}

export function listRooms(db: Db, actor: Actor, organizer: Organizer) {
  authorize(actor, "organizer.view", { type: "organizer", organizerId: organizer.id });
  return db.kysely
    .selectFrom("rooms")
    .selectAll()
    .where("organizer_id", "=", organizer.id)
    .orderBy("name")
    .execute();
}

export type Room = Awaited<ReturnType<typeof listRooms>>[number];

/** A room with what it takes to call its server. */
export async function roomWithServer(db: Db, secrets: PlatformSecrets, organizerId: number, slug: string) {
  const row = await db.kysely
    .selectFrom("rooms as r")
    .innerJoin("bbb_servers as s", "s.id", "r.server_id")
    .selectAll("r")
    .select(["s.url", "s.sealed_secret"])
    .where("r.organizer_id", "=", organizerId)
    .where("r.slug", "=", slug)
    .executeTakeFirst();
  if (!row) throw notFound("Room");
  const { url, sealed_secret, ...room } = row;
  const server: BbbServer = { url, secret: unseal(secrets.cookieSecret, sealed_secret) };
  return { room, server };
}

/**
 * The room's coming dates across the organizer's events, soonest first: what an attendee sees when the
 * room is not open yet. A date counts while it has not ended.
 */
export async function nextRoomDates(db: Db, organizerId: number, slug: string, now: string, limit = 3) {
  const needle = JSON.stringify({ [ROOM_METADATA_KEY]: slug }).slice(1, -1);
  const rows = await db.kysely
    .selectFrom("event_dates as d")
    .innerJoin("events as e", "e.id", "d.event_id")
    .select([
      "d.id",
      "d.name",
      "d.starts_at",
      "d.ends_at",
      "d.metadata",
      "e.name as event_name",
      "e.time_zone",
    ])
    .where("e.organizer_id", "=", organizerId)
    .where("d.metadata", "like", `%${needle}%`)
    .where((eb) =>
      eb.or([
        eb("d.ends_at", ">=", now),
        eb.and([eb("d.ends_at", "is", null), eb("d.starts_at", ">=", now.slice(0, 10))]),
      ]),
    )
    .orderBy("d.starts_at")
    .limit(limit * 4)
    .execute();
  return rows
    .filter((d) => (JSON.parse(d.metadata) as Record<string, string>)[ROOM_METADATA_KEY] === slug)
    .slice(0, limit);
}
