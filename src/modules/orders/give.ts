import type { Actor } from "../../platform/auth/actor.js";
import { authorize } from "../../platform/auth/policy.js";
import type { Db } from "../../platform/db/index.js";
import { domainError } from "../../platform/errors.js";
import { Checker } from "../../platform/validation.js";
import { actorLabel, logOrder } from "../audit/order-log.js";
import type { TicketSigner } from "../credentials/secrets.js";
import type { EventRow } from "../events/service.js";
import { type PositionInput, placeOrder } from "./checkout.js";
import { recordSettlement, settle } from "./lifecycle.js";
import { loadOrder } from "./queries.js";

/**
 * An admin gives tickets to an existing account: booked like any order (quotas and vouchers apply,
 * audience rules do not), attached to the account so it shows in "my account", and settled at once.
 */
export interface GiveInput {
  email?: unknown;
  voucher?: unknown;
  positions?: PositionInput[];
}

export async function giveTickets(
  db: Db,
  actor: Actor,
  event: EventRow,
  input: GiveInput,
  signer: TicketSigner,
) {
  authorize(actor, "event.orders", { type: "event", organizerId: event.organizer_id, eventId: event.id });
  const check = new Checker();
  const email = check.email("email", input.email);
  check.done();
  const user = await db.kysely
    .selectFrom("users")
    .select(["id", "email"])
    .where("email", "=", email)
    .executeTakeFirst();
  if (!user) throw domainError("unknown_user", "No account has this e-mail", 404);
  const placed = await placeOrder(
    db,
    actor,
    event,
    { email, voucher: input.voucher, positions: input.positions },
    signer,
  );
  await db.kysely.transaction().execute(async (trx) => {
    await trx.updateTable("orders").set({ user_id: user.id }).where("id", "=", placed.id).execute();
    await logOrder(trx, placed.id, actorLabel(actor), "given", { user: user.id });
  });
  const order = await loadOrder(db, placed.id);
  return order.status === "pending"
    ? settle(db, actor, order, { given: true }, (trx) =>
        recordSettlement(trx, order, "manual", { given_by: actorLabel(actor) }),
      )
    : order;
}
