import type { Actor } from "../../platform/auth/actor.js";
import { authorize } from "../../platform/auth/policy.js";
import { type Db, toCount } from "../../platform/db/index.js";
import type { OrderStatus } from "../../platform/db/schema.js";
import type { EventRow } from "../events/service.js";
import { release } from "./lifecycle.js";

/*
 * Test mode (as in pretix): while an event is in it, orders are placed as usual but flagged
 * (orders.test_mode, copied from the event in checkout.ts). They are labelled TEST wherever they are
 * shown, left out of sales figures, exports and wallets, and can be deleted in one go. Switching test
 * mode off deletes nothing: test orders stay test, real ones stay real.
 */

/** Statuses whose voucher usages are still spent: cancelled and expired orders gave theirs back already. */
const VOUCHER_SPENT: OrderStatus[] = ["pending", "paid", "opposed"];

export async function countTestOrders(db: Db, event: EventRow): Promise<number> {
  const row = await db.kysely
    .selectFrom("orders")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("event_id", "=", event.id)
    .where("test_mode", "=", 1)
    .executeTakeFirstOrThrow();
  return toCount(row.n);
}

/**
 * Deletes every test order of the event with what hangs on it (positions, payments, log: by cascade),
 * giving back the quota places and voucher usages they still held. One transaction: all or nothing.
 */
export async function deleteTestOrders(db: Db, actor: Actor, event: EventRow): Promise<number> {
  authorize(actor, "event.orders", { type: "event", organizerId: event.organizer_id, eventId: event.id });
  return db.kysely.transaction().execute(async (trx) => {
    // A no-op update locks the rows first, so an expiry or a cancellation running at the same time
    // either finishes before (and has released already) or finds the order gone: never both release.
    const orders = await trx
      .updateTable("orders")
      .set({ test_mode: 1 })
      .where("event_id", "=", event.id)
      .where("test_mode", "=", 1)
      .returning(["id", "status"])
      .execute();
    for (const order of orders.sort((a, b) => a.id - b.id))
      await release(trx, order.id, { voucher: VOUCHER_SPENT.includes(order.status) });
    if (orders.length > 0)
      await trx
        .deleteFrom("orders")
        .where(
          "id",
          "in",
          orders.map((o) => o.id),
        )
        .execute();
    return orders.length;
  });
}
