import type { Actor } from "../../platform/auth/actor.js";
import { superadmin } from "../../platform/auth/actor.js";
import { authorize } from "../../platform/auth/policy.js";
import type { Db } from "../../platform/db/index.js";
import { domainError } from "../../platform/errors.js";
import { dayIn } from "../../platform/http/dates.js";
import type { PlatformSecrets } from "../../platform/secrets.js";
import { isoNow } from "../../platform/time.js";
import { createCheckinList, findCheckinList } from "../checkin/lists.js";
import { type RedeemReason, redeem } from "../checkin/redeem.js";
import type { EventRow } from "../events/service.js";
import { eventTimeZone } from "../events/time-zone.js";
import { ticketsWithOrders } from "../orders/tickets.js";
import { BbbError, bbb } from "./bbb.js";
import type { RoomTicket } from "./links.js";
import { nextRoomDates, ROOM_METADATA_KEY, roomWithServer } from "./service.js";

export interface RoomDeps {
  db: Db;
  secrets: PlatformSecrets;
  timeZone: string;
}

/** What the ticket page shows: the ticket, its date and its room. */
export async function roomTicket(db: Db, ticket: RoomTicket) {
  const row = await ticketsWithOrders(db.kysely)
    .innerJoin("events as e", "e.id", "o.event_id")
    .leftJoin("event_dates as d", "d.id", "p.date_id")
    .selectAll("e")
    .select([
      "p.id as ticket_id",
      "p.secret",
      "p.date_id",
      "p.attendee_name",
      "o.status as order_status",
      "d.starts_at",
      "d.ends_at",
      "d.name as date_name",
      "d.metadata",
    ])
    .where("p.id", "=", ticket.ticketId)
    .where("o.code", "=", ticket.code)
    .executeTakeFirst();
  if (!row) throw domainError("invalid_link", "This room link is not valid", 400);
  const {
    ticket_id,
    secret,
    date_id,
    attendee_name,
    order_status,
    starts_at,
    ends_at,
    date_name,
    metadata,
    ...event
  } = row;
  const slug = metadata ? (JSON.parse(metadata) as Record<string, string>)[ROOM_METADATA_KEY] : undefined;
  if (!slug) throw domainError("no_room", "This ticket's date has no online room", 404);
  return {
    event: event as EventRow,
    ticket: {
      id: ticket_id,
      secret,
      dateId: date_id,
      attendeeName: attendee_name,
      orderStatus: order_status,
    },
    date: { starts_at: starts_at ?? "", ends_at, name: date_name },
    roomSlug: slug,
  };
}

export type EnterOutcome =
  | { kind: "join"; url: string }
  | { kind: "not_running"; nextDates: Awaited<ReturnType<typeof nextRoomDates>> }
  | { kind: "already_present" }
  | { kind: "used_another_day" }
  | { kind: "refused"; reason: RedeemReason };

/** BBB's userID for a ticket: its id, the same on every entry, and nothing personal. */
export const attendeeUserId = (ticketId: number) => `ticket-${ticketId}`;

/**
 * Seed 000's entry, step by step: the room must be running; the ticket must not be in it already
 * (BBB lists a participant for about two minutes after a dropped connection); the ticket is checked in
 * on its date's list with the day as part of the nonce, so the same day lets it in again and another
 * day is refused; then the join request carries name, call sign and video consent.
 */
export async function enterRoom(deps: RoomDeps, link: RoomTicket): Promise<EnterOutcome> {
  const { db, secrets } = deps;
  const found = await roomTicket(db, link);
  // "The same day" is the event's day, where it takes place.
  const timeZone = eventTimeZone(found.event, null, deps.timeZone);
  const { room, server } = await roomWithServer(db, secrets, found.event.organizer_id, found.roomSlug);
  const now = isoNow();
  if (!(await bbb.isMeetingRunning(server, room.meeting_id)))
    return {
      kind: "not_running",
      nextDates: await nextRoomDates(db, found.event.organizer_id, room.slug, now),
    };
  const userID = attendeeUserId(found.ticket.id);
  if ((await bbb.attendees(server, room.meeting_id)).some((a) => a.userID === userID))
    return { kind: "already_present" };

  const list = await roomCheckinList(db, found.event, found.ticket.dateId);
  const answer = await redeem(
    db,
    superadmin,
    found.event,
    list,
    { secret: found.ticket.secret, nonce: `room:${found.ticket.id}:${dayIn(now, timeZone)}` },
    timeZone,
    { device: "room" },
  );
  if (answer.status === "error") {
    return answer.reason === "already_redeemed"
      ? { kind: "used_another_day" }
      : { kind: "refused", reason: answer.reason ?? "unknown" };
  }
  const extra = await bookingDetails(db, found.ticket.id, room.call_sign_field, room.video_consent_field);
  const name = found.ticket.attendeeName?.trim() || "Guest";
  return {
    kind: "join",
    url: bbb.joinUrl(server, {
      meetingID: room.meeting_id,
      fullName: extra.callSign ? `${name} (${extra.callSign})` : name,
      userID,
      role: "VIEWER",
      userdata: {
        ...(extra.callSign ? { tessera_call_sign: extra.callSign } : {}),
        tessera_video_consent: String(extra.videoConsent),
        // Without consent the camera is not switched on by itself and the preview is not offered.
        ...(extra.videoConsent ? {} : { bbb_auto_share_webcam: "false", bbb_skip_video_preview: "true" }),
      },
    }),
  };
}

/** The date's own check-in list if it has one, else the event-wide one, else a new "Online room" list. */
async function roomCheckinList(db: Db, event: EventRow, dateId: number | null) {
  const lists = await db.kysely
    .selectFrom("checkin_lists")
    .select(["id", "date_id"])
    .where("event_id", "=", event.id)
    .where((eb) =>
      dateId === null
        ? eb("date_id", "is", null)
        : eb.or([eb("date_id", "=", dateId), eb("date_id", "is", null)]),
    )
    .orderBy("id")
    .execute();
  const chosen = lists.find((l) => l.date_id === dateId) ?? lists[0];
  if (chosen) return findCheckinList(db, event, chosen.id);
  const created = await createCheckinList(db, superadmin, event, {
    name: "Online room",
    date: dateId,
    entry_policy: "once",
  });
  return findCheckinList(db, event, created.id);
}

const YES = new Set(["1", "true", "yes", "ja", "oui", "on"]);

/** The call sign and video consent the attendee gave at booking, read from the room's chosen fields. */
async function bookingDetails(
  db: Db,
  ticketId: number,
  callSignField: string | null,
  consentField: string | null,
) {
  const labels = [callSignField, consentField].filter((l): l is string => Boolean(l));
  if (labels.length === 0) return { callSign: null, videoConsent: false };
  const values = await db.kysely
    .selectFrom("information_values as v")
    .innerJoin("information_fields as f", "f.id", "v.field_id")
    .select(["f.label", "v.value"])
    .where("v.position_id", "=", ticketId)
    .where("f.label", "in", labels)
    .execute();
  const answer = (label: string | null) => values.find((v) => v.label === label)?.value?.trim() || null;
  return {
    callSign: answer(callSignField),
    videoConsent: YES.has((answer(consentField) ?? "").toLowerCase()),
  };
}

/** Members of the organizer open the room as moderators; the meeting is created first if need be. */
export async function joinAsModerator(deps: RoomDeps, actor: Actor, organizerId: number, slug: string) {
  authorize(actor, "organizer.view", { type: "organizer", organizerId });
  if (actor.kind !== "user") throw domainError("user_required", "Sign in to moderate a room", 403);
  const { room, server } = await roomWithServer(deps.db, deps.secrets, organizerId, slug);
  try {
    await bbb.create(server, room.meeting_id, room.name);
  } catch (error) {
    if (error instanceof BbbError)
      throw domainError(
        "room_unavailable",
        // The key, not the server's words: a remote body is never shown back.
        `The room's server refused or did not answer (${error.messageKey})`,
        502,
      );
    throw error;
  }
  return bbb.joinUrl(server, {
    meetingID: room.meeting_id,
    fullName: actor.user.name,
    userID: `organizer-user-${actor.user.id}`,
    role: "MODERATOR",
  });
}
