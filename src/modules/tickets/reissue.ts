import type { Actor } from "../../platform/auth/actor.js";
import { authorize } from "../../platform/auth/policy.js";
import { type Db, isUniqueViolation } from "../../platform/db/index.js";
import { notFound } from "../../platform/errors.js";
import { isoNow } from "../../platform/time.js";
import { actorLabel, logOrder } from "../audit/order-log.js";
import type { TicketSigner } from "../credentials/secrets.js";
import type { EventRow } from "../events/service.js";
import type { LoadedOrder } from "../orders/queries.js";
import { newTicketCode } from "../orders/ticket-code.js";

/**
 * A new secret for a ticket (a lost or shared QR code): the old one goes on the revocation list, so
 * scanners, online or offline, answer "revoked" instead of letting it in. The printed ticket code is
 * replaced too: typed at the door, the old paper would otherwise still get in.
 */
export async function reissueTicket(
  db: Db,
  signer: TicketSigner,
  actor: Actor,
  event: EventRow,
  order: LoadedOrder,
  positionId: number,
) {
  authorize(actor, "event.orders", { type: "event", organizerId: event.organizer_id, eventId: event.id });
  const position = order.positions.find((p) => p.id === positionId);
  if (!position) throw notFound("Ticket");
  const secret = signer.issue(event.id);
  for (let attempt = 0; ; attempt++) {
    try {
      await db.kysely.transaction().execute(async (trx) => {
        await trx
          .insertInto("revoked_secrets")
          .values({ secret: position.secret, position_id: position.id, revoked_at: isoNow() })
          .execute();
        await trx
          .updateTable("order_positions")
          .set({ secret, ticket_code: newTicketCode() })
          .where("id", "=", position.id)
          .execute();
        await logOrder(trx, order.id, actorLabel(actor), "ticket_reissued", { position: position.id });
      });
      return secret;
    } catch (error) {
      // Once in a blue moon the new ticket code is taken: draw another.
      if (isUniqueViolation(error) && attempt < 3) continue;
      throw error;
    }
  }
}

/** What an offline scanner needs besides the public key: every revoked secret of the event. */
export async function revokedSecrets(db: Db, eventId: number) {
  const rows = await db.kysely
    .selectFrom("revoked_secrets as r")
    .innerJoin("order_positions as p", "p.id", "r.position_id")
    .innerJoin("orders as o", "o.id", "p.order_id")
    .select(["r.secret", "r.revoked_at"])
    .where("o.event_id", "=", eventId)
    .execute();
  return rows;
}
