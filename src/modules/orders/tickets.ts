import type { DbHandle } from "../../platform/db/index.js";

/**
 * A ticket is an order position read together with its order: the order says whose it is, for which
 * event, and whether it is paid. Every module that reads tickets (the door, rooms, wallets, exports,
 * experiences, privacy, ticket documents) starts from this one join instead of writing it again, so
 * the aliases stay `p` (the position) and `o` (its order) everywhere and the orders module, which owns
 * both tables, owns how they fit together. Callers add their own joins, columns and conditions.
 * Pass `db.kysely` or a transaction.
 */
export function ticketsWithOrders(db: DbHandle) {
  return db.selectFrom("order_positions as p").innerJoin("orders as o", "o.id", "p.order_id");
}

/** What names a Tessera ticket to the outside (experience bookings): its order's code and its id. */
export const ticketNumberColumns = ["p.id", "o.code"] as const;

/** The ticket number partners book with (experience source "tessera"): `CODE-positionId`. */
export const tesseraTicketNumber = (ticket: { id: number; code: string }) => `${ticket.code}-${ticket.id}`;
