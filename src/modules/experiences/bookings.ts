import { type Db, isUniqueViolation } from "../../platform/db/index.js";
import { domainError, notFound } from "../../platform/errors.js";
import { isoNow } from "../../platform/time.js";
import { Checker } from "../../platform/validation.js";
import { loadProgramme, type ProgrammeScope, requireAdmin } from "./programme.js";
import { codeHash, type VerifiedTicket, verifyTicket } from "./sources.js";

// Booking a slot with a verified ticket. Two counters decide, both in the booking's transaction and
// both by a conditional UPDATE that changes exactly one row or none:
//   experience_tickets.booked < allowance  (the ticket number's allowance, row created on first use)
//   experience_slots.booked   < capacity   (the slot's places)
// so parallel bookings never exceed either, on SQLite (one writer) and PostgreSQL (the row lock makes
// the second UPDATE re-check its condition after the first commits). The ticket row is always locked
// first, then the slot, then the booking is inserted: one lock order, no deadlocks. An active
// booking is unique per (slot, ticket number).

export interface Guest {
  name?: unknown;
  email?: unknown;
}

export interface RecognisedTicket extends VerifiedTicket {
  codeHash: string;
}

/** Verifies against the ticket sources (the shop is asked every time). */
export async function checkTicket(
  db: Db,
  secret: string,
  eventId: number,
  ticketNumber: string,
  securityCode: string,
): Promise<RecognisedTicket> {
  const verified = await verifyTicket(db, secret, eventId, ticketNumber, securityCode);
  return { ...verified, codeHash: codeHash(secret, eventId, ticketNumber.trim(), securityCode.trim()) };
}

/**
 * For listing and cancelling: a number and code that booked before are recognised by their stored
 * HMAC without asking the shop again (cancelling must work even when the shop is down).
 */
export async function recogniseTicket(
  db: Db,
  secret: string,
  eventId: number,
  ticketNumber: string,
  securityCode: string,
): Promise<RecognisedTicket> {
  return (
    (await knownTicket(db, secret, eventId, ticketNumber, securityCode)) ??
    checkTicket(db, secret, eventId, ticketNumber, securityCode)
  );
}

/** A number and code seen before, from the stored HMAC alone: never asks the shop. */
export async function knownTicket(
  db: Db,
  secret: string,
  eventId: number,
  ticketNumber: string,
  securityCode: string,
): Promise<RecognisedTicket | undefined> {
  const hash = codeHash(secret, eventId, ticketNumber.trim(), securityCode.trim());
  const known = await db.kysely
    .selectFrom("experience_tickets")
    .select(["ticket_number", "source_id", "kind", "allowance"])
    .where("event_id", "=", eventId)
    .where("code_hash", "=", hash)
    .executeTakeFirst();
  if (!known) return undefined;
  return {
    ticketNumber: known.ticket_number,
    sourceId: known.source_id ?? 0,
    kind: known.kind,
    allowance: known.allowance,
    codeHash: hash,
  };
}

/** How many of its allowance a ticket number has used on an event. */
export async function bookedCount(db: Db, eventId: number, ticketNumber: string) {
  const row = await db.kysely
    .selectFrom("experience_tickets")
    .select("booked")
    .where("event_id", "=", eventId)
    .where("ticket_number", "=", ticketNumber)
    .executeTakeFirst();
  return row?.booked ?? 0;
}

/**
 * The guest's input and the slot are checked first; only then is the ticket verified (`ticket` may be
 * a function that asks the shop), so a malformed request never reaches the shop.
 */
export async function bookSlot(
  db: Db,
  eventId: number,
  ticketOrVerify: RecognisedTicket | (() => Promise<RecognisedTicket>),
  slotValue: unknown,
  guest: Guest,
) {
  const programme = await loadProgramme(db, eventId);
  const check = new Checker();
  const slotId = check.optionalInt("slot", slotValue, 1, 2_147_483_647);
  if (slotId === null) check.problem("slot", "required", "is required");
  const name =
    programme.guest_name === "required"
      ? check.text("name", guest.name, { max: 200 })
      : check.optionalText("name", guest.name, 200);
  const email =
    programme.guest_email === "required" || (typeof guest.email === "string" && guest.email.trim() !== "")
      ? check.email("email", guest.email)
      : null;
  check.done();
  const slot = await db.kysely
    .selectFrom("experience_slots as s")
    .innerJoin("experiences as x", "x.id", "s.experience_id")
    .select(["s.id", "s.starts_at"])
    .where("s.id", "=", slotId!)
    .where("x.event_id", "=", eventId)
    .executeTakeFirst();
  if (!slot) throw notFound("Slot");
  const now = isoNow();
  if (slot.starts_at <= now) throw domainError("slot_closed", "This slot has already started", 409);
  const ticket = typeof ticketOrVerify === "function" ? await ticketOrVerify() : ticketOrVerify;

  try {
    return await db.kysely.transaction().execute(async (trx) => {
      await trx
        .insertInto("experience_tickets")
        .values({
          event_id: eventId,
          ticket_number: ticket.ticketNumber,
          source_id: ticket.sourceId || null,
          kind: ticket.kind,
          allowance: ticket.allowance,
          booked: 0,
          code_hash: ticket.codeHash,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.columns(["event_id", "ticket_number"]).doNothing())
        .execute();
      const counted = await trx
        .updateTable("experience_tickets")
        .set((eb) => ({
          booked: eb("booked", "+", 1),
          kind: ticket.kind,
          allowance: ticket.allowance,
          code_hash: ticket.codeHash,
          updated_at: now,
        }))
        .where("event_id", "=", eventId)
        .where("ticket_number", "=", ticket.ticketNumber)
        .where("booked", "<", ticket.allowance)
        .returning(["booked"])
        .executeTakeFirst();
      if (!counted)
        throw domainError(
          "allowance_exhausted",
          `A ${ticket.kind} ticket books at most ${ticket.allowance} experiences`,
          409,
          { kind: ticket.kind, allowance: ticket.allowance },
        );
      const taken = await trx
        .updateTable("experience_slots")
        .set((eb) => ({ booked: eb("booked", "+", 1) }))
        .where("id", "=", slot.id)
        .whereRef("booked", "<", "capacity")
        .returning(["id"])
        .executeTakeFirst();
      if (!taken) throw domainError("slot_full", "This slot is fully booked", 409);
      const booking = await trx
        .insertInto("experience_bookings")
        .values({
          event_id: eventId,
          slot_id: slot.id,
          ticket_number: ticket.ticketNumber,
          kind: ticket.kind,
          name,
          email: email || null,
          created_at: now,
          cancelled_at: null,
        })
        .returning(["id", "slot_id", "ticket_number", "kind", "created_at"])
        .executeTakeFirstOrThrow();
      return { ...booking, allowance: ticket.allowance, booked: counted.booked };
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw domainError("already_booked", "This ticket has already booked this slot", 409);
    throw error;
  }
}

/** A guest's active bookings on an event, with what they booked. */
export function ticketBookings(db: Db, eventId: number, ticketNumber: string) {
  return db.kysely
    .selectFrom("experience_bookings as b")
    .innerJoin("experience_slots as s", "s.id", "b.slot_id")
    .innerJoin("experiences as x", "x.id", "s.experience_id")
    .select([
      "b.id",
      "b.slot_id",
      "b.created_at",
      "s.starts_at",
      "s.ends_at",
      "x.id as experience_id",
      "x.title",
      "x.location",
    ])
    .where("b.event_id", "=", eventId)
    .where("b.ticket_number", "=", ticketNumber)
    .where("b.cancelled_at", "is", null)
    .orderBy("s.starts_at")
    .execute();
}

/** Cancels one of the ticket's bookings (before its slot starts) and gives the place and the allowance back. */
export async function cancelBooking(db: Db, eventId: number, ticketNumber: string, bookingId: number) {
  const now = isoNow();
  await db.kysely.transaction().execute(async (trx) => {
    // The ticket row first, as in bookSlot: one lock order.
    await trx
      .updateTable("experience_tickets")
      .set({ updated_at: now })
      .where("event_id", "=", eventId)
      .where("ticket_number", "=", ticketNumber)
      .execute();
    const booking = await trx
      .updateTable("experience_bookings")
      .set({ cancelled_at: now })
      .where("id", "=", bookingId)
      .where("event_id", "=", eventId)
      .where("ticket_number", "=", ticketNumber)
      .where("cancelled_at", "is", null)
      // A slot that has started is history: cancelling it would give an allowance back for free.
      .where("slot_id", "in", (eb) =>
        eb.selectFrom("experience_slots").select("id").where("starts_at", ">", now),
      )
      .returning(["slot_id"])
      .executeTakeFirst();
    if (!booking) {
      const exists = await trx
        .selectFrom("experience_bookings")
        .select("id")
        .where("id", "=", bookingId)
        .where("event_id", "=", eventId)
        .where("ticket_number", "=", ticketNumber)
        .where("cancelled_at", "is", null)
        .executeTakeFirst();
      throw exists ? domainError("slot_closed", "This slot has already started", 409) : notFound("Booking");
    }
    await trx
      .updateTable("experience_tickets")
      .set((eb) => ({ booked: eb("booked", "-", 1) }))
      .where("event_id", "=", eventId)
      .where("ticket_number", "=", ticketNumber)
      .where("booked", ">", 0)
      .execute();
    await trx
      .updateTable("experience_slots")
      .set((eb) => ({ booked: eb("booked", "-", 1) }))
      .where("id", "=", booking.slot_id)
      .where("booked", ">", 0)
      .execute();
  });
}

export interface BookingFilter {
  exhibitor?: number;
  experience?: number;
  slot?: number;
}

/** Who booked what and when, for admins (all) and exhibitors (their own experiences only). */
export function listBookings(db: Db, scope: ProgrammeScope, filter: BookingFilter = {}, limit = 1000) {
  let query = db.kysely
    .selectFrom("experience_bookings as b")
    .innerJoin("experience_slots as s", "s.id", "b.slot_id")
    .innerJoin("experiences as x", "x.id", "s.experience_id")
    .leftJoin("exhibitors as h", "h.id", "x.exhibitor_id")
    .select([
      "b.id",
      "b.ticket_number",
      "b.kind",
      "b.name",
      "b.email",
      "b.created_at",
      "b.slot_id",
      "s.starts_at",
      "s.ends_at",
      "x.id as experience_id",
      "x.title as experience_title",
      "x.exhibitor_id",
      "h.name as exhibitor_name",
    ])
    .where("b.event_id", "=", scope.event.id)
    .where("b.cancelled_at", "is", null);
  if (!scope.admin) query = query.where("x.exhibitor_id", "in", scope.exhibitorIds);
  if (filter.exhibitor !== undefined) query = query.where("x.exhibitor_id", "=", filter.exhibitor);
  if (filter.experience !== undefined) query = query.where("x.id", "=", filter.experience);
  if (filter.slot !== undefined) query = query.where("s.id", "=", filter.slot);
  return query.orderBy("s.starts_at").orderBy("b.id").limit(limit).execute();
}

/** Per ticket number: kind, allowance and how many experiences it holds now (for the shop's records). */
export async function bookingsPerTicket(db: Db, scope: ProgrammeScope) {
  requireAdmin(scope);
  return db.kysely
    .selectFrom("experience_tickets")
    .select(["ticket_number", "kind", "allowance", "booked"])
    .where("event_id", "=", scope.event.id)
    .orderBy("ticket_number")
    .execute();
}
