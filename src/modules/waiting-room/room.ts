import type { Selectable } from "kysely";
import type { Actor } from "../../platform/auth/actor.js";
import { authorize, can } from "../../platform/auth/policy.js";
import { hashToken, hmac, randomToken } from "../../platform/crypto.js";
import { type Db, isUniqueViolation, toCount } from "../../platform/db/index.js";
import { prepared } from "../../platform/db/prepared.js";
import type { WaitingRoomsTable } from "../../platform/db/schema.js";
import { domainError } from "../../platform/errors.js";
import { Checker } from "../../platform/validation.js";
import type { EventRow } from "../events/service.js";
import { readPass, roomKey, signPass } from "./pass.js";

export type WaitingRoom = Selectable<WaitingRoomsTable>;

/** Places one client (address) may hold per event: a bot opening many tabs gets no more. */
export const PLACES_PER_CLIENT = 3;
// Admissions not taken while nobody waits are not banked beyond this: a crowd arriving after a quiet
// hour is admitted at the rate, not all at once.
const BURST_MS = 10_000;

// Read by every checkout and shop page: compiled once (platform/db/prepared.ts).
const roomOfEvent = prepared((db, event: number) =>
  db.selectFrom("waiting_rooms").selectAll().where("event_id", "=", event),
);

export async function findRoom(db: Db, eventId: number): Promise<WaitingRoom | undefined> {
  return roomOfEvent.first(db.kysely, eventId);
}

export interface RoomSettingsInput {
  enabled?: unknown;
  opens_at?: unknown;
  admit_per_minute?: unknown;
  pass_minutes?: unknown;
}

export async function saveRoom(db: Db, actor: Actor, event: EventRow, input: RoomSettingsInput) {
  authorize(actor, "event.manage", { type: "event", organizerId: event.organizer_id, eventId: event.id });
  const check = new Checker();
  const enabled = input.enabled === true || input.enabled === "on" || input.enabled === "true";
  const opensAt = typeof input.opens_at === "string" ? Date.parse(input.opens_at) : Number.NaN;
  if (Number.isNaN(opensAt)) check.problems.push({ field: "opens_at", message: "must be a date and time" });
  const rate = Number(input.admit_per_minute);
  if (!Number.isInteger(rate) || rate < 1 || rate > 1_000_000)
    check.problems.push({ field: "admit_per_minute", message: "must be a whole number from 1 to 1000000" });
  const passMinutes = Number(input.pass_minutes ?? 15);
  if (!Number.isInteger(passMinutes) || passMinutes < 1 || passMinutes > 1440)
    check.problems.push({ field: "pass_minutes", message: "must be a whole number from 1 to 1440" });
  check.done();
  const now = new Date().toISOString();
  const values = {
    enabled: enabled ? 1 : 0,
    opens_at: new Date(opensAt).toISOString(),
    admit_per_minute: rate,
    pass_minutes: passMinutes,
    updated_at: now,
  };
  // Moving the opening restarts the clock; the places and those already admitted stay.
  await db.kysely
    .insertInto("waiting_rooms")
    .values({ event_id: event.id, ...values, clock: values.opens_at })
    .onConflict((oc) => oc.column("event_id").doUpdateSet({ ...values, clock: values.opens_at }))
    .execute();
  return (await findRoom(db, event.id)) as WaitingRoom;
}

/**
 * Brings the admission counter up to now and returns it. Any process may do it, on any poll: the
 * update is conditional on the counter it read, so of two processes advancing at once one wins and
 * the other reads the result. Admissions accrue at the rate from the opening, never beyond the queue.
 */
export async function advance(db: Db, room: WaitingRoom, total: number, now = Date.now()): Promise<number> {
  let current = room;
  for (let attempt = 0; attempt < 5; attempt++) {
    const opens = Date.parse(current.opens_at);
    const waiting = total - current.admitted;
    if (now < opens || waiting <= 0) return current.admitted;
    const perMs = current.admit_per_minute / 60_000;
    const clock = Math.max(Date.parse(current.clock), opens, now - BURST_MS);
    const earned = Math.floor((now - clock) * perMs);
    if (earned <= 0) return current.admitted;
    const k = Math.min(earned, waiting);
    const nextClock = k === earned ? clock + k / perMs : now;
    const done = await db.kysely
      .updateTable("waiting_rooms")
      .set({ admitted: current.admitted + k, clock: new Date(nextClock).toISOString() })
      .where("event_id", "=", current.event_id)
      .where("admitted", "=", current.admitted)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) === 1) return current.admitted + k;
    const reread = await findRoom(db, current.event_id);
    if (!reread) return 0;
    current = reread;
  }
  return current.admitted;
}

async function counts(db: Db, eventId: number, placeId: number) {
  const row = await db.kysely
    .selectFrom("waiting_room_places")
    .select((eb) => [
      eb.fn.countAll().as("total"),
      eb.fn.sum(eb.case().when("id", "<=", placeId).then(1).else(0).end()).as("rank"),
    ])
    .where("event_id", "=", eventId)
    .executeTakeFirstOrThrow();
  return { total: toCount(row.total), rank: toCount(row.rank) };
}

export interface PlaceStatus {
  state: "waiting" | "admitted" | "used";
  /** 1 = next in; 0 once admitted. */
  position: number;
  eta_seconds: number;
  queue_length: number;
  admit_per_minute: number;
  opens_at: string;
  pass: string | null;
  pass_expires_at: string | null;
}

/** Where a place stands now; an admitted place gets its pass (its expiry fixed at first admission). */
export async function placeStatus(db: Db, cookieSecret: string, room: WaitingRoom, token: string) {
  const place = await db.kysely
    .selectFrom("waiting_room_places")
    .select(["id", "admitted_at", "used_at"])
    .where("token_hash", "=", hashToken(token))
    .where("event_id", "=", room.event_id)
    .executeTakeFirst();
  if (!place) return null;
  const { total, rank } = await counts(db, room.event_id, place.id);
  const admitted = await advance(db, room, total);
  const now = Date.now();
  const base = { queue_length: Math.max(0, total - admitted), admit_per_minute: room.admit_per_minute };
  if (rank > admitted) {
    const position = rank - admitted;
    const untilOpen = Math.max(0, Date.parse(room.opens_at) - now);
    const eta = Math.ceil(untilOpen / 1000 + (position * 60) / room.admit_per_minute);
    return {
      state: "waiting",
      position,
      eta_seconds: eta,
      ...base,
      opens_at: room.opens_at,
      pass: null,
      pass_expires_at: null,
    } satisfies PlaceStatus;
  }
  let admittedAt = place.admitted_at;
  if (!admittedAt) {
    const at = new Date(now).toISOString();
    await db.kysely
      .updateTable("waiting_room_places")
      .set({ admitted_at: at })
      .where("id", "=", place.id)
      .where("admitted_at", "is", null)
      .execute();
    admittedAt = at;
  }
  const expiresAt = Date.parse(admittedAt) + room.pass_minutes * 60_000;
  const live = !place.used_at && expiresAt > now;
  return {
    state: place.used_at ? "used" : "admitted",
    position: 0,
    eta_seconds: 0,
    ...base,
    opens_at: room.opens_at,
    pass: live ? signPass(cookieSecret, { eventId: room.event_id, placeId: place.id, expiresAt }) : null,
    pass_expires_at: new Date(expiresAt).toISOString(),
  } satisfies PlaceStatus;
}

/**
 * Takes a place at the end of the queue: its id is its arrival. The client's address is kept only as
 * an HMAC, and the slot number (unique per client and event) holds the limit under concurrent joins.
 */
export async function joinRoom(db: Db, cookieSecret: string, room: WaitingRoom, clientAddress: string) {
  const clientHash = hmac(roomKey(cookieSecret, "client"), clientAddress);
  for (let attempt = 0; attempt < PLACES_PER_CLIENT; attempt++) {
    const held = await db.kysely
      .selectFrom("waiting_room_places")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("event_id", "=", room.event_id)
      .where("client_hash", "=", clientHash)
      .executeTakeFirstOrThrow();
    const slot = toCount(held.n) + 1;
    if (slot > PLACES_PER_CLIENT) break;
    const token = randomToken();
    try {
      await db.kysely
        .insertInto("waiting_room_places")
        .values({
          event_id: room.event_id,
          client_hash: clientHash,
          client_slot: slot,
          token_hash: hashToken(token),
          joined_at: new Date().toISOString(),
          admitted_at: null,
          used_at: null,
          order_id: null,
        })
        .execute();
      return token;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw domainError(
    "waiting_room_client_limit",
    `At most ${PLACES_PER_CLIENT} places in this queue per client`,
    429,
  );
}

/** What the organizer watches: queue length, admitted, the rate, orders placed with passes. */
export async function roomFigures(db: Db, room: WaitingRoom) {
  const row = await db.kysely
    .selectFrom("waiting_room_places")
    .select((eb) => [eb.fn.countAll().as("total"), eb.fn.count("used_at").as("orders")])
    .where("event_id", "=", room.event_id)
    .executeTakeFirstOrThrow();
  const total = toCount(row.total);
  const admitted = room.enabled ? await advance(db, room, total) : room.admitted;
  return {
    enabled: room.enabled === 1,
    opens_at: room.opens_at,
    admit_per_minute: room.admit_per_minute,
    pass_minutes: room.pass_minutes,
    joined: total,
    admitted: Math.min(admitted, total),
    queue_length: Math.max(0, total - admitted),
    orders: toCount(row.orders),
  };
}

/** Whether checkout needs a pass for this event: an enabled room. */
export const roomIsActive = (room: WaitingRoom | undefined): room is WaitingRoom => room?.enabled === 1;

/** The room a buyer may queue in: an enabled one, else the event has none (404). */
export async function openRoom(db: Db, eventId: number): Promise<WaitingRoom> {
  const room = await findRoom(db, eventId);
  if (!roomIsActive(room)) throw domainError("not_found", "Waiting room not found", 404);
  return room;
}

/** The buyer's place if their token still names one, else a new place (within the client's limit). */
export async function enterRoom(
  db: Db,
  cookieSecret: string,
  room: WaitingRoom,
  token: string | undefined,
  clientAddress: string,
): Promise<{ token: string; status: PlaceStatus }> {
  const known = token ? await placeStatus(db, cookieSecret, room, token) : null;
  if (token && known) return { token, status: known };
  const fresh = await joinRoom(db, cookieSecret, room, clientAddress);
  const status = await placeStatus(db, cookieSecret, room, fresh);
  if (!status) throw new Error("a place just taken was not found");
  return { token: fresh, status };
}

/** The admin's view: the settings and live figures, or the defaults of a room never set up. */
export async function roomOverview(db: Db, actor: Actor, event: EventRow) {
  authorize(actor, "event.view", { type: "event", organizerId: event.organizer_id, eventId: event.id });
  const room = await findRoom(db, event.id);
  if (room) return roomFigures(db, room);
  return {
    enabled: false,
    opens_at: null,
    admit_per_minute: 60,
    pass_minutes: 15,
    joined: 0,
    admitted: 0,
    queue_length: 0,
    orders: 0,
  };
}

/**
 * Whether the shop should send this buyer to the queue page first: the room is on, they are not the
 * event's staff, and they hold no valid pass for it (`passCookieValue`: the cookie passCookie names).
 */
export async function mustQueue(
  db: Db,
  cookieSecret: string,
  actor: Actor,
  event: EventRow,
  passCookieValue: string | undefined,
): Promise<boolean> {
  if (can(actor, "event.orders", { type: "event", organizerId: event.organizer_id, eventId: event.id }))
    return false;
  if (!roomIsActive(await findRoom(db, event.id))) return false;
  return readPass(cookieSecret, passCookieValue)?.eventId !== event.id;
}
