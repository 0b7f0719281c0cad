import { recordFailure, refuseIfTooManyFailures } from "../../platform/attempts.js";
import type { Actor } from "../../platform/auth/actor.js";
import { can } from "../../platform/auth/policy.js";
import { readableCode } from "../../platform/codes.js";
import { type Db, isUniqueViolation } from "../../platform/db/index.js";
import { prepared } from "../../platform/db/prepared.js";
import type { Flag, OrderStatus } from "../../platform/db/schema.js";
import { domainError, notFound } from "../../platform/errors.js";
import { isoIn, isoNow } from "../../platform/time.js";
import { Checker } from "../../platform/validation.js";
import { actorLabel, logOrder } from "../audit/order-log.js";
import { canSeeEvent, matchesAudience } from "../catalog/audience.js";
import { type ChosenOption, chooseOptions, eventOptions } from "../catalog/options.js";
import { listTicketTypes, type TicketType } from "../catalog/service.js";
import type { TicketSigner } from "../credentials/secrets.js";
import type { EventRow } from "../events/service.js";
import { applyVoucherPrice, normalizeVoucherCode, type Voucher } from "../vouchers/service.js";
import { requirePass, spendPass, type WaitingRoomPass } from "../waiting-room/pass.js";
import { findRoom, roomIsActive } from "../waiting-room/room.js";
import { recordSettlement } from "./lifecycle.js";
import { queueOrderMailIn } from "./mails.js";
import type { LoadedOrder } from "./queries.js";
import { newTicketCode } from "./ticket-code.js";

export interface PositionInput {
  ticket_type?: unknown;
  date?: unknown;
  options?: unknown;
  attendee_name?: unknown;
}

export interface PlaceOrderInput {
  email?: unknown;
  voucher?: unknown;
  positions?: unknown;
  /** The language the buyer books in: their mails follow it. Set by the caller, not the body. */
  locale?: string;
  /** Where the request came from: wrong voucher codes are counted per client against guessing. */
  clientAddress?: string;
}

const VOUCHER_GUESSES = { scope: "voucher-client", max: 20 };

interface Position {
  type: TicketType;
  dateId: number | null;
  attendeeName: string | null;
  priceMinor: number;
  /** What it costs without the voucher: kept so the order shows the discount as the buyer saw it. */
  listPriceMinor: number;
  usesVoucher: boolean;
  options: ChosenOption[];
}

const MAX_POSITIONS = 100;

// The statements every checkout runs, compiled once (platform/db/prepared.ts).
const datesOfEvent = prepared((db, event: number) =>
  db.selectFrom("event_dates").select(["id", "requires_voucher", "starts_at"]).where("event_id", "=", event),
);
const voucherOfEvent = prepared((db, event: number, code: string) =>
  db.selectFrom("vouchers").selectAll().where("event_id", "=", event).where("code", "=", code),
);
const quotaLinksOfEvent = prepared((db, event: number) =>
  db
    .selectFrom("quota_ticket_types as l")
    .innerJoin("quotas as q", "q.id", "l.quota_id")
    .select(["q.id", "q.date_id", "q.size", "q.taken", "l.ticket_type_id"])
    .where("q.event_id", "=", event),
);
const insertOrder = prepared(
  (
    db,
    event: number,
    code: string,
    user: number | null,
    email: string,
    status: OrderStatus,
    total: number,
    currency: string,
    voucher: number | null,
    voucherUses: number,
    expiresAt: string | null,
    now: string,
    paidAt: string | null,
    locale: string | null,
    testMode: Flag,
  ) =>
    db
      .insertInto("orders")
      .values({
        event_id: event,
        code,
        user_id: user,
        email,
        status,
        total_minor: total,
        currency,
        voucher_id: voucher,
        voucher_uses: voucherUses,
        expires_at: expiresAt,
        created_at: now,
        paid_at: paidAt,
        cancelled_at: null,
        opposed_at: null,
        locale,
        test_mode: testMode,
      })
      .returningAll(),
);
const holdOrder = prepared((db, event: number, user: number, order: number) =>
  db.insertInto("order_holders").values({ event_id: event, user_id: user, order_id: order }),
);
// Conditional: `taken + n <= size` is the only judge of what may be taken, under concurrency too.
const takeFromQuota = prepared((db, quota: number, n: number) =>
  db
    .updateTable("quotas")
    .set((eb) => ({ taken: eb("taken", "+", n) }))
    .where("id", "=", quota)
    .where((eb) => eb(eb("taken", "+", n), "<=", eb.ref("size"))),
);
const useVoucher = prepared((db, voucher: number, uses: number) =>
  db
    .updateTable("vouchers")
    .set((eb) => ({ used: eb("used", "+", uses) }))
    .where("id", "=", voucher)
    .where((eb) => eb(eb("used", "+", uses), "<=", eb.ref("max_usages"))),
);

function parsePositions(check: Checker, raw: unknown): PositionInput[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    check.problems.push({ field: "positions", message: "must list at least one ticket" });
    return [];
  }
  if (raw.length > MAX_POSITIONS)
    check.problems.push({ field: "positions", message: `at most ${MAX_POSITIONS} tickets per order` });
  return raw.map((p) => (typeof p === "object" && p !== null ? (p as PositionInput) : {}));
}

/**
 * Books tickets. Everything that can be checked without writing is checked first; then one short
 * transaction takes capacity from every quota involved and usages from the voucher with conditional
 * updates (`taken + n <= size`), so concurrent checkouts can never oversell on either database.
 */
export async function placeOrder(
  db: Db,
  actor: Actor,
  event: EventRow,
  input: PlaceOrderInput,
  signer: TicketSigner,
  /** The buyer's waiting-room pass, already read (readPass): required while the event's room is on. */
  pass?: WaitingRoomPass | null,
) {
  const isAdmin = can(actor, "event.orders", {
    type: "event",
    organizerId: event.organizer_id,
    eventId: event.id,
  });
  const check = new Checker();
  const email =
    actor.kind === "user" && (input.email === undefined || input.email === "")
      ? actor.user.email
      : check.email("email", input.email);
  const rawPositions = parsePositions(check, input.positions);

  const voucherCode =
    typeof input.voucher === "string" && input.voucher.trim() !== ""
      ? normalizeVoucherCode(input.voucher)
      : null;
  // Everything the checks need, read at once: one round trip of parallel queries before the transaction.
  const guesses =
    voucherCode && input.clientAddress && !isAdmin
      ? [{ limit: VOUCHER_GUESSES, subject: input.clientAddress }]
      : [];
  const [types, dates, options, voucher, quotaLinks, , room] = await Promise.all([
    listTicketTypes(db, event),
    datesOfEvent.all(db.kysely, event.id),
    eventOptions(db, event),
    voucherCode
      ? voucherOfEvent.first(db.kysely, event.id, voucherCode)
      : Promise.resolve(undefined as Voucher | undefined),
    quotaLinksOfEvent.all(db.kysely, event.id),
    guesses.length > 0
      ? refuseIfTooManyFailures(db, guesses, "Too many wrong voucher codes; try again in 15 minutes")
      : undefined,
    findRoom(db, event.id),
  ]);
  // An audience event hidden from this buyer does not exist for them, whatever the body says (as in the shop).
  if (!canSeeEvent(actor, event, types)) throw notFound("Event");
  // Staff book past the queue (the box office); everyone else needs the pass the queue gave them.
  const gate = !isAdmin && roomIsActive(room) ? requirePass(pass, event.id) : null;
  check.done();
  const optionById = new Map(options.map((o) => [o.id, o]));
  const typeById = new Map(types.map((t) => [t.id, t]));
  const dateById = new Map(dates.map((d) => [d.id, d]));
  if (voucherCode && !voucher) {
    if (guesses.length > 0) await recordFailure(db, guesses);
    throw domainError("voucher_invalid", "This voucher code is not valid for this event", 400);
  }
  const now = isoNow();
  if (voucher?.valid_until && voucher.valid_until <= now)
    throw domainError("voucher_expired", "This voucher has expired", 409);

  const optionConflicts: { position: number; group: number }[] = [];
  const positions: Position[] = rawPositions.map((p, i) => {
    const type = typeById.get(Number(p.ticket_type));
    if (!type)
      check.problems.push({
        field: `positions.${i}.ticket_type`,
        message: "is not a ticket type of this event",
      });
    let dateId: number | null = null;
    if (p.date !== undefined && p.date !== null && p.date !== "") {
      dateId = Number(p.date);
      if (!dateById.has(dateId))
        check.problems.push({ field: `positions.${i}.date`, message: "is not a date of this event" });
    } else if (event.kind === "series") {
      check.problems.push({ field: `positions.${i}.date`, message: "is required for an event series" });
    }
    // Options: of this ticket type, none twice, at most one per group (none at all is always free).
    const choice = chooseOptions(check, `positions.${i}.options`, p.options, type?.id, optionById);
    if (choice.conflictGroup !== null) optionConflicts.push({ position: i, group: choice.conflictGroup });
    const optionsMinor = choice.chosen.reduce((sum, o) => sum + o.priceMinor, 0);
    const attendeeName = check.optionalText(`positions.${i}.attendee_name`, p.attendee_name, 200);
    const usesVoucher =
      voucher !== undefined &&
      type !== undefined &&
      (voucher.date_id === null || voucher.date_id === dateId) &&
      (voucher.ticket_type_id === null || voucher.ticket_type_id === type.id);
    const basePrice = type?.price_minor ?? 0;
    return {
      type: type as TicketType,
      dateId,
      attendeeName,
      usesVoucher,
      // A voucher changes the ticket's price; the chosen options are always paid in full.
      priceMinor: (usesVoucher && voucher ? applyVoucherPrice(basePrice, voucher) : basePrice) + optionsMinor,
      listPriceMinor: basePrice + optionsMinor,
      options: choice.chosen,
    };
  });
  check.done();
  const [conflict] = optionConflicts;
  if (conflict)
    throw domainError(
      "option_group_conflict",
      `Ticket ${conflict.position + 1}: choose at most one option of each group`,
      400,
      { field: `positions.${conflict.position}.options`, ...conflict },
    );

  for (const [i, p] of positions.entries()) {
    const needsVoucher =
      p.type.requires_voucher || (p.dateId !== null && dateById.get(p.dateId)?.requires_voucher);
    if (needsVoucher && !p.usesVoucher)
      throw domainError("voucher_required", `Ticket ${i + 1} can only be booked with a voucher`, 400);
    if (isAdmin) continue;
    if ((p.type.sales_start && p.type.sales_start > now) || (p.type.sales_end && p.type.sales_end <= now)) {
      throw domainError("not_on_sale", `${p.type.name} is not on sale now`, 409);
    }
    if (p.type.restricted && !matchesAudience(actor, p.type.audiences)) {
      if (actor.kind === "user" && actor.user.unconfirmed) throw emailUnconfirmed();
      throw domainError("restricted", `${p.type.name} is reserved for a particular audience`, 403);
    }
  }
  // One order per person needs a person: an account whose address is proven (a guest could book again
  // under every address they have).
  if (event.one_order_per_person && !isAdmin) {
    if (actor.kind !== "user")
      throw domainError("login_required", "This event allows one order per person: log in to book", 401);
    if (actor.user.unconfirmed) throw emailUnconfirmed();
  }
  if (!isAdmin) checkSponsorship(event, positions);
  const perType = new Map<number, number>();
  for (const p of positions) perType.set(p.type.id, (perType.get(p.type.id) ?? 0) + 1);
  for (const [typeId, n] of perType) {
    const max = typeById.get(typeId)?.max_per_order;
    if (max && n > max && !isAdmin)
      throw domainError("too_many_tickets", `At most ${max} of this ticket type per order`, 400);
  }
  const voucherUses = positions.filter((p) => p.usesVoucher).length;
  if (voucher && voucherUses === 0)
    throw domainError("voucher_not_applicable", "This voucher does not apply to the chosen tickets", 400);

  const needs = quotaNeeds(quotaLinks, positions);
  // Once a date is gone most of a rush is refused: say so from the read above, without a transaction.
  // (The conditional update below stays the only judge of what may be taken.)
  for (const [quotaId, n] of needs) {
    const quota = quotaLinks.find((l) => l.id === quotaId);
    if (quota && quota.taken + n > quota.size)
      throw domainError("sold_out", "Sold out: not enough tickets left", 409, { quota: quotaId });
  }
  const total = positions.reduce((sum, p) => sum + p.priceMinor, 0);
  const userId = actor.kind === "user" ? actor.user.id : null;

  // Signed before the transaction: CPU work holds no connection (nor, on PostgreSQL, a lock).
  const secrets = positions.map(() => signer.issue(event.id));
  for (let attempt = 0; ; attempt++) {
    try {
      const placedOrder = await db.kysely.transaction().execute(async (trx) => {
        const paid = total === 0;
        const [order] = await insertOrder.all(
          trx,
          event.id,
          readableCode(8),
          userId,
          email,
          paid ? "paid" : "pending",
          total,
          event.currency,
          voucher?.id ?? null,
          voucherUses,
          paid ? null : isoIn(event.pending_minutes * 60_000),
          now,
          paid ? now : null,
          input.locale ?? null,
          // From the event row already read: test mode costs the checkout no query.
          event.test_mode,
        );
        if (!order) throw new Error("the new order was not returned");
        if (gate) await spendPass(trx, gate, order.id);
        const payments = paid ? [await recordSettlement(trx, order, "free", {})] : [];
        if (event.one_order_per_person && userId !== null) {
          await holdOrder.execute(trx, event.id, userId, order.id);
        }
        const rows = positions.map((p, index) => ({
          position: p,
          row: {
            order_id: order.id,
            ticket_type_id: p.type.id,
            date_id: p.dateId,
            price_minor: p.priceMinor,
            list_price_minor: p.listPriceMinor,
            attendee_name: p.attendeeName,
            secret: secrets[index] as string,
            // Drawn per attempt: a clash on the unique index retries the whole order below.
            ticket_code: newTicketCode(),
            created_at: now,
          },
        }));
        // RETURNING order is not guaranteed on SQLite: match the new ids by their unique secrets.
        const inserted = await trx
          .insertInto("order_positions")
          .values(rows.map((r) => r.row))
          .returning(["id", "secret"])
          .execute();
        const idBySecret = new Map(inserted.map((r) => [r.secret, r.id]));
        // The chosen options are copied (name and price today): the order never changes with the catalog.
        const chosen = rows.flatMap(({ position, row }) => {
          const positionId = idBySecret.get(row.secret);
          if (positionId === undefined) throw new Error("an inserted position was not returned");
          return position.options.map((o) => ({
            position_id: positionId,
            option_id: o.id,
            name: o.name,
            price_minor: o.priceMinor,
          }));
        });
        if (chosen.length > 0) await trx.insertInto("order_position_options").values(chosen).execute();
        if (needs.size > 0) {
          await trx
            .insertInto("order_quota_takes")
            .values([...needs].map(([quota_id, count]) => ({ order_id: order.id, quota_id, count })))
            .execute();
        }
        await queueOrderMailIn(trx, order.id, "confirmation");
        await logOrder(trx, order.id, actorLabel(actor), paid ? "placed_paid" : "placed", {
          positions: positions.length,
          total,
        });
        // Capacity and voucher uses are taken last: on PostgreSQL the conditional update locks the
        // quota row until commit, and every buyer of the date queues behind that lock. Ascending ids:
        // two checkouts touching the same quotas lock them in the same order (no deadlock).
        for (const [quotaId, n] of [...needs].sort((a, b) => a[0] - b[0])) {
          const taken = await takeFromQuota.execute(trx, quotaId, n);
          if (Number(taken.numAffectedRows) !== 1)
            throw domainError("sold_out", "Sold out: not enough tickets left", 409, { quota: quotaId });
        }
        if (voucher) {
          const used = await useVoucher.execute(trx, voucher.id, voucherUses);
          if (Number(used.numAffectedRows) !== 1)
            throw domainError("voucher_exhausted", "This voucher has been used up", 409);
        }
        // The answer is built from what was just written: no second read on the hot path.
        const placed: LoadedOrder = {
          ...order,
          payments,
          positions: rows.map(({ position, row }) => {
            const id = idBySecret.get(row.secret) ?? 0;
            return {
              id,
              ticket_type_id: row.ticket_type_id,
              ticket_type_name: position.type.name,
              date_id: row.date_id,
              price_minor: row.price_minor,
              list_price_minor: row.list_price_minor,
              attendee_name: row.attendee_name,
              anonymized_at: null,
              secret: row.secret,
              ticket_code: row.ticket_code,
              options: position.options.map((o) => ({
                position_id: id,
                option_id: o.id,
                name: o.name,
                price_minor: o.priceMinor,
              })),
            };
          }),
        };
        return placed;
      });
      return placedOrder;
    } catch (error) {
      // A second live order of the same person, or (once in a blue moon) a booking- or ticket-code collision.
      if (isUniqueViolation(error) && String((error as Error).message).includes("order_holders")) {
        throw domainError("already_ordered", "You already have an order for this event", 409);
      }
      if (isUniqueViolation(error) && attempt < 3) continue;
      throw error;
    }
  }
}

const emailUnconfirmed = () =>
  domainError("email_unconfirmed", "Confirm your e-mail address first (the link in our mail)", 403);

/**
 * Sponsorship (seed 003): beyond their own ticket, a buyer may book restricted tickets for others with
 * their advantages, only on types that allow it and up to the event's limit. Unrestricted tickets can be
 * booked for anyone without limit (a limit there would only push people to create more accounts).
 */
function checkSponsorship(event: EventRow, positions: Position[]) {
  const sponsored = positions.filter((p) => p.type.restricted).slice(1);
  if (sponsored.length === 0) return;
  const refused = sponsored.find((p) => !p.type.allow_sponsorship);
  if (refused)
    throw domainError("sponsorship_not_allowed", `${refused.type.name} can only be booked for yourself`, 400);
  if (sponsored.length > event.sponsorship_limit) {
    throw domainError(
      "sponsorship_limit",
      `At most ${event.sponsorship_limit} sponsored ticket(s) per person for this event`,
      400,
      { limit: event.sponsorship_limit },
    );
  }
}

/** How many places each quota must give: every quota covering a position's ticket type (and date). */
function quotaNeeds(
  links: { id: number; date_id: number | null; ticket_type_id: number }[],
  positions: Position[],
): Map<number, number> {
  const needs = new Map<number, number>();
  for (const p of positions) {
    for (const l of links) {
      if (l.ticket_type_id === p.type.id && (l.date_id === null || l.date_id === p.dateId))
        needs.set(l.id, (needs.get(l.id) ?? 0) + 1);
    }
  }
  return needs;
}
