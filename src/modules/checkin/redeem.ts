import type { Actor } from "../../platform/auth/actor.js";
import { authorize } from "../../platform/auth/policy.js";
import { type Db, type DbHandle, isUniqueViolation } from "../../platform/db/index.js";
import { prepared } from "../../platform/db/prepared.js";
import { isoNow } from "../../platform/time.js";
import { actorLabel } from "../audit/order-log.js";
import { isRotatingCode, type RotatingCodes } from "../credentials/rotating.js";
import type { EventRow } from "../events/service.js";
import { missingBlockingInformation } from "../information/answers.js";
import { type DoorReason, type DoorScan, doorDecision, type ScanType } from "./decision.js";
import { type CheckinList, presentCheckinList } from "./lists.js";
import { admissionTicketsOf, entrySlot } from "./offline.js";

export type { ScanType } from "./decision.js";
export type RedeemReason = DoorReason;

export interface RedeemAnswer {
  status: "ok" | "error";
  reason?: RedeemReason;
  type: ScanType;
  ticket?: {
    id: number;
    code: string;
    ticket_type: string;
    attendee_name: string | null;
    date: number | null;
  };
}

export interface RedeemInput {
  secret: string;
  nonce?: string;
  type?: ScanType;
}

// Every scan runs these; compiled once (prepared.ts) instead of on each scan.
const ticketBySecret = prepared((db, secret: string) =>
  admissionTicketsOf(db)
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom("information_fields as f")
            .select("f.id")
            .whereRef("f.ticket_type_id", "=", "p.ticket_type_id")
            .where("f.required", "=", 1),
        )
        .as("asks_information"),
    )
    .where("p.secret", "=", secret),
);
const takeClaim = prepared((db, list: number, position: number, slot: string, now: string) =>
  db.insertInto("checkin_claims").values({ list_id: list, position_id: position, slot, created_at: now }),
);
const scanLog = prepared(
  (
    db,
    list: number,
    position: number | null,
    type: ScanType,
    status: RedeemAnswer["status"],
    reason: string | null,
    nonce: string | null,
    device: string,
    answer: string,
    now: string,
  ) =>
    db.insertInto("checkin_scans").values({
      list_id: list,
      position_id: position,
      type,
      status,
      reason,
      nonce,
      device,
      answer,
      scanned_at: now,
    }),
);

/**
 * One scan at the door: one read (the ticket, its order, whether its type asks for information),
 * then the decision to admit is one INSERT whose primary key lets exactly one of several
 * simultaneous scans through, written with the scan log in one transaction.
 */
export async function redeem(
  db: Db,
  actor: Actor,
  event: EventRow,
  list: CheckinList,
  input: RedeemInput,
  timeZone: string,
  options: {
    /** Who scans, for the log; by default the actor ("token:7", "user:3"). */
    device?: string;
    /** Accepts the rotating codes of live tickets. */
    rotation?: RotatingCodes;
  } = {},
): Promise<RedeemAnswer> {
  const device = options.device ?? actorLabel(actor);
  authorize(actor, "event.checkin", { type: "event", organizerId: event.organizer_id, eventId: event.id });
  const type: ScanType = input.type ?? "entry";
  const nonce = input.nonce?.slice(0, 100) || null;
  // A rotating code stands for its ticket's secret; an old one is a screenshot.
  const rotated =
    options.rotation && isRotatingCode(input.secret)
      ? await options.rotation.resolve(db.kysely, input.secret)
      : null;
  const secret = rotated?.secret ?? input.secret;
  // One read decides the usual scan. A retried nonce is not looked up first: its scan row already
  // exists, so recording this one fails on the (list, nonce) key and the first answer is returned.
  const ticket = await ticketBySecret.first(db.kysely, secret);
  // A re-issued ticket's old secret matches no ticket any more: only then is the revocation list read.
  const revoked = ticket
    ? undefined
    : await db.kysely
        .selectFrom("revoked_secrets")
        .select("position_id")
        .where("secret", "=", secret)
        .executeTakeFirst();

  const refuse = (reason: RedeemReason, positionId: number | null = null) =>
    record(
      db,
      list,
      positionId,
      { status: "error", reason, type, ...(ticketView ? { ticket: ticketView } : {}) },
      nonce,
      device,
    );
  const ticketView =
    ticket && ticket.event_id === event.id
      ? {
          id: ticket.id,
          code: ticket.code,
          ticket_type: ticket.ticket_type,
          attendee_name: ticket.attendee_name,
          date: ticket.date_id,
        }
      : undefined;

  // The rules are the offline scanner's too (decision.ts); only whether the information is complete
  // costs a read, and only for a ticket that every other rule admits.
  const rules = presentCheckinList(list);
  const scan: DoorScan = {
    type,
    revoked: revoked !== undefined,
    ticket:
      ticket && ticketView
        ? {
            status: ticket.status,
            date: ticket.date_id,
            ticket_type_id: ticket.ticket_type_id,
            anonymized: ticket.anonymized_at !== null,
            asks_information: Boolean(ticket.asks_information),
          }
        : null,
    code: rotated ? (rotated.expired ? "expired" : "current") : "static",
    admitted: false,
  };
  let decision = doorDecision(scan, rules);
  if (decision.status === "lookup" && ticket && scan.ticket) {
    const missing = await missingBlockingInformation(db, ticket.order_id, "admission");
    const incomplete = missing.some((m) => m.position_id === ticket.id);
    decision = doorDecision({ ...scan, ticket: { ...scan.ticket, incomplete } }, rules);
  }
  if (decision.status !== "ok" || !ticket || !ticketView)
    return refuse(
      decision.status === "error" ? decision.reason : "unknown",
      revoked?.position_id ?? (ticketView ? ticket?.id : null) ?? null,
    );

  const now = isoNow();
  const slot = decision.claim === null ? null : entrySlot(list, now, timeZone);
  const answer: RedeemAnswer = { status: "ok", type, ticket: ticketView };
  try {
    return await db.kysely.transaction().execute(async (trx) => {
      if (decision.claim === "take" && slot !== null)
        await takeClaim.execute(trx, list.id, ticket.id, slot, now);
      if (decision.claim === "release")
        await trx
          .deleteFrom("checkin_claims")
          .where("list_id", "=", list.id)
          .where("position_id", "=", ticket.id)
          .where("slot", "=", "inside")
          .execute();
      return insertScan(trx, list, ticket.id, answer, nonce, device, now);
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Either the ticket was admitted already, or a retry of this very scan won the race: then its
    // answer stands.
    const same = nonce ? await earlierAnswer(db, list, nonce) : undefined;
    return same ?? refuse("already_redeemed", ticket.id);
  }
}

async function insertScan(
  db: DbHandle,
  list: CheckinList,
  positionId: number | null,
  answer: RedeemAnswer,
  nonce: string | null,
  device: string,
  now = isoNow(),
) {
  await scanLog.execute(
    db,
    list.id,
    positionId,
    answer.type,
    answer.status,
    answer.reason ?? null,
    nonce,
    device,
    JSON.stringify(answer),
    now,
  );
  return answer;
}

/** A refusal is logged too; if the same nonce was answered meanwhile, that answer wins. */
async function record(
  db: Db,
  list: CheckinList,
  positionId: number | null,
  answer: RedeemAnswer,
  nonce: string | null,
  device: string,
): Promise<RedeemAnswer> {
  try {
    return await insertScan(db.kysely, list, positionId, answer, nonce, device);
  } catch (error) {
    if (!isUniqueViolation(error) || !nonce) throw error;
    const same = await earlierAnswer(db, list, nonce);
    if (!same) throw error;
    return same;
  }
}

/** The answer given before to this nonce on this list, if any. */
async function earlierAnswer(db: Db, list: CheckinList, nonce: string): Promise<RedeemAnswer | undefined> {
  const row = await db.kysely
    .selectFrom("checkin_scans")
    .select("answer")
    .where("list_id", "=", list.id)
    .where("nonce", "=", nonce)
    .executeTakeFirst();
  return row ? (JSON.parse(row.answer) as RedeemAnswer) : undefined;
}

/** The scan log of a list, newest first, for admins. */
export function listScans(db: Db, list: CheckinList, limit = 200) {
  return db.kysely
    .selectFrom("checkin_scans")
    .select(["id", "position_id", "type", "status", "reason", "device", "scanned_at"])
    .where("list_id", "=", list.id)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}
