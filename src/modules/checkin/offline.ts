import type { Actor } from "../../platform/auth/actor.js";
import { authorize } from "../../platform/auth/policy.js";
import { hashToken } from "../../platform/crypto.js";
import type { Db, DbHandle } from "../../platform/db/index.js";
import { dayIn } from "../../platform/http/dates.js";
import { isoNow } from "../../platform/time.js";
import type { TicketSigner } from "../credentials/secrets.js";
import type { EventRow } from "../events/service.js";
import { positionsMissingAdmissionInformation } from "../information/answers.js";
import { ticketsWithOrders } from "../orders/tickets.js";
import { scopeOf, slotKind } from "./decision.js";
import { type CheckinList, presentCheckinList } from "./lists.js";

/** Tickets as the door sees them: the position, its order's state and its ticket type's name. */
export function admissionTickets(db: Db) {
  return admissionTicketsOf(db.kysely);
}

/** The same, on a handle: what a prepared query (platform/db/prepared.ts) builds on. */
export function admissionTicketsOf(db: DbHandle) {
  return ticketsWithOrders(db)
    .innerJoin("ticket_types as t", "t.id", "p.ticket_type_id")
    .select([
      "p.id",
      "p.secret",
      "p.ticket_type_id",
      "p.date_id",
      "p.attendee_name",
      "p.anonymized_at",
      "p.order_id",
      "o.code",
      "o.status",
      "o.event_id",
      "t.name as ticket_type",
    ]);
}

/** The slot an entry takes on this list now: what `checkin_claims` holds while a ticket may not re-enter. */
export function entrySlot(list: CheckinList, now: string, timeZone: string): string | null {
  const kind = slotKind({ entry_policy: list.entry_policy, exit_required: Boolean(list.exit_required) });
  return kind === "daily" ? dayIn(now, timeZone) : kind;
}

export interface OfflineTicket {
  /** SHA-256 (hex) of the secret: the scanner hashes what it reads; the download holds no usable secret. */
  hash: string;
  id: number;
  code: string;
  status: string;
  ticket_type: string;
  ticket_type_id: number;
  date: number | null;
  attendee_name: string | null;
  /** Holds this list's current entry slot already (admitted once, today, or inside). */
  admitted: boolean;
  /** Required information of its type is still missing (the door refuses it: `incomplete`). */
  incomplete: boolean;
}

/**
 * The event's tickets this list refuses whatever happens (another date or ticket type, or void since
 * the holder's data was deleted): without them, the scanner would take such a ticket for one issued
 * after the download and admit it on its signature. No name and no booking code.
 */
export interface OfflineOtherTicket {
  hash: string;
  id: number;
  status: string;
  ticket_type_id: number;
  date: number | null;
  anonymized: boolean;
}

/**
 * What a scanner needs to decide alone (with decision.ts, as the server does): the list's rules, the
 * event's public key (for tickets issued after the download), the revoked secrets (as hashes), the
 * list's tickets (with whether required information is missing) and the event's other tickets.
 * Four queries besides the revocations, whatever the size of the event.
 */
export async function offlineSnapshot(
  db: Db,
  signer: TicketSigner,
  actor: Actor,
  event: EventRow,
  list: CheckinList,
  timeZone: string,
) {
  authorize(actor, "event.checkin", { type: "event", organizerId: event.organizer_id, eventId: event.id });
  const now = isoNow();
  const slot = entrySlot(list, now, timeZone);
  const rules = presentCheckinList(list);
  const tickets = admissionTickets(db).where("o.event_id", "=", event.id);
  const [all, claims, revoked] = await Promise.all([
    tickets.orderBy("p.id").execute(),
    slot === null
      ? []
      : db.kysely
          .selectFrom("checkin_claims")
          .select("position_id")
          .where("list_id", "=", list.id)
          .where("slot", "=", slot)
          .execute(),
    db.kysely
      .selectFrom("revoked_secrets as r")
      .innerJoin("order_positions as p", "p.id", "r.position_id")
      .innerJoin("orders as o", "o.id", "p.order_id")
      .select("r.secret")
      .where("o.event_id", "=", event.id)
      .execute(),
  ]);
  const admitted = new Set(claims.map((c) => c.position_id));
  // A deleted person's own tickets admit no one: they go with the tickets of other dates and types.
  const rows = all.filter((r) => r.anonymized_at === null && scopeOf(presentTicket(r), rules) === null);
  const incomplete = await positionsMissingAdmissionInformation(db, event.id, rows);
  const listed = new Set(rows.map((r) => r.id));
  return {
    generated_at: now,
    event_id: event.id,
    list: { ...rules, slot },
    algorithm: "Ed25519" as const,
    public_key: signer.publicKey(event.id),
    revoked: revoked.map((r) => hashToken(r.secret)),
    others: all
      .filter((r) => !listed.has(r.id))
      .map(
        (r): OfflineOtherTicket => ({
          hash: hashToken(r.secret),
          id: r.id,
          status: r.status,
          ticket_type_id: r.ticket_type_id,
          date: r.date_id,
          anonymized: r.anonymized_at !== null,
        }),
      ),
    tickets: rows.map(
      (r): OfflineTicket => ({
        hash: hashToken(r.secret),
        id: r.id,
        code: r.code,
        status: r.status,
        ticket_type: r.ticket_type,
        ticket_type_id: r.ticket_type_id,
        date: r.date_id,
        attendee_name: r.attendee_name,
        admitted: admitted.has(r.id),
        incomplete: incomplete.has(r.id),
      }),
    ),
  };
}

const presentTicket = (r: { date_id: number | null; ticket_type_id: number }) => ({
  date: r.date_id,
  ticket_type_id: r.ticket_type_id,
});

/** Counts for the scanner's header and the admin page: tickets on the list, inside/admitted, scans. */
export async function listCounts(db: Db, list: CheckinList, event: EventRow, timeZone: string) {
  const slot = entrySlot(list, isoNow(), timeZone);
  let tickets = ticketsWithOrders(db.kysely)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("o.event_id", "=", event.id)
    .where("o.status", "=", "paid")
    .where("p.anonymized_at", "is", null);
  if (list.date_id !== null) tickets = tickets.where("p.date_id", "=", list.date_id);
  if (list.ticket_types.length > 0) tickets = tickets.where("p.ticket_type_id", "in", list.ticket_types);
  const [valid, admitted, scans] = await Promise.all([
    tickets.executeTakeFirstOrThrow(),
    slot === null
      ? { n: 0 }
      : db.kysely
          .selectFrom("checkin_claims")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("list_id", "=", list.id)
          .where("slot", "=", slot)
          .executeTakeFirstOrThrow(),
    db.kysely
      .selectFrom("checkin_scans")
      .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
      .where("list_id", "=", list.id)
      .groupBy("status")
      .execute(),
  ]);
  const scansOf = (status: string) => Number(scans.find((s) => s.status === status)?.n ?? 0);
  return {
    tickets: Number(valid.n),
    admitted: Number(admitted.n),
    scans_ok: scansOf("ok"),
    scans_refused: scansOf("error"),
  };
}
