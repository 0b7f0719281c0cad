import type { Actor } from "../../platform/auth/actor.js";
import { authorize, can, orderResource } from "../../platform/auth/policy.js";
import type { Db, DbHandle } from "../../platform/db/index.js";
import type { OrderStatus, PaymentProvider } from "../../platform/db/schema.js";
import { domainError, notFound } from "../../platform/errors.js";
import { isoNow } from "../../platform/time.js";
import { actorLabel, logOrder } from "../audit/order-log.js";
import type { EventRow } from "../events/service.js";
import { missingBlockingInformation } from "../information/answers.js";
import { queueOrderMailIn } from "./mails.js";
import { type LoadedOrder, loadOrder } from "./queries.js";

function notInStatus(order: LoadedOrder, wanted: string) {
  return domainError(
    "invalid_order_status",
    `The order is ${order.status}; this needs a ${wanted} order`,
    409,
    { status: order.status },
  );
}

/** Gives back what the order took: quota places, voucher usages, the one-order-per-person slot. */
export async function release(trx: DbHandle, orderId: number, options: { voucher: boolean }) {
  const takes = await trx
    .selectFrom("order_quota_takes")
    .selectAll()
    .where("order_id", "=", orderId)
    .execute();
  for (const take of takes.sort((a, b) => a.quota_id - b.quota_id)) {
    await trx
      .updateTable("quotas")
      .set((eb) => ({ taken: eb("taken", "-", take.count) }))
      .where("id", "=", take.quota_id)
      .execute();
  }
  await trx.deleteFrom("order_quota_takes").where("order_id", "=", orderId).execute();
  await trx.deleteFrom("order_holders").where("order_id", "=", orderId).execute();
  if (options.voucher) {
    const order = await trx
      .selectFrom("orders")
      .select(["voucher_id", "voucher_uses"])
      .where("id", "=", orderId)
      .executeTakeFirstOrThrow();
    if (order.voucher_id !== null && order.voucher_uses > 0) {
      await trx
        .updateTable("vouchers")
        .set((eb) => ({ used: eb("used", "-", order.voucher_uses) }))
        .where("id", "=", order.voucher_id)
        .execute();
    }
  }
}

/**
 * Moves an order from one status to another with a conditional update, so two admins (or an admin and
 * the expiry sweep) acting at once cannot both succeed.
 */
async function transition(
  db: Db,
  order: LoadedOrder,
  from: OrderStatus,
  to: OrderStatus,
  actor: string,
  options: {
    releaseCapacity: boolean;
    releaseVoucher: boolean;
    details?: Record<string, unknown>;
    /** Written in the same transaction, only if the status changed (a payment record, say). */
    alongside?: (trx: DbHandle) => Promise<unknown>;
  },
) {
  const now = isoNow();
  const changed = await db.kysely.transaction().execute(async (trx) => {
    const stamp =
      to === "paid" ? { paid_at: now } : to === "opposed" ? { opposed_at: now } : { cancelled_at: now };
    const updated = await trx
      .updateTable("orders")
      .set({ status: to, ...stamp })
      .where("id", "=", order.id)
      .where("status", "=", from)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return false;
    if (options.releaseCapacity) await release(trx, order.id, { voucher: options.releaseVoucher });
    await options.alongside?.(trx);
    await logOrder(trx, order.id, actor, to, options.details ?? {});
    return true;
  });
  if (!changed) throw notInStatus(await loadOrder(db, order.id), from);
  return loadOrder(db, order.id);
}

export async function markPaid(db: Db, actor: Actor, event: EventRow, order: LoadedOrder) {
  authorize(actor, "event.orders", { type: "event", organizerId: event.organizer_id, eventId: event.id });
  if (order.status !== "pending") throw notInStatus(order, "pending");
  const missing = await missingBlockingInformation(db, order.id, "payment");
  if (missing.length > 0)
    throw domainError("information_missing", "Required information must be filled before payment", 409, {
      positions: missing,
    });
  return settle(db, actor, order, { manual: true }, async (trx) => {
    await recordSettlement(trx, order, "manual", { marked_by: actorLabel(actor) });
    await queueOrderMailIn(trx, order.id, "payment_received");
  });
}

/** A row in `payments` for this order's amount: an attempt (`created`) or a settlement (`completed`). */
export async function recordPayment(
  trx: DbHandle,
  order: Pick<LoadedOrder, "id" | "total_minor" | "currency">,
  payment: {
    provider: PaymentProvider;
    status: "created" | "completed";
    accountId: number | null;
    details: Record<string, unknown>;
  },
) {
  const now = isoNow();
  return trx
    .insertInto("payments")
    .values({
      order_id: order.id,
      account_id: payment.accountId,
      provider: payment.provider,
      status: payment.status,
      amount_minor: order.total_minor,
      currency: order.currency,
      reference: null,
      details: JSON.stringify(payment.details),
      created_at: now,
      updated_at: now,
    })
    .returning([
      "id",
      "provider",
      "status",
      "amount_minor",
      "currency",
      "reference",
      "created_at",
      "updated_at",
    ])
    .executeTakeFirstOrThrow();
}

/** The payment row that goes with every paid order: its provider, amount and who or what settled it. */
export function recordSettlement(
  trx: DbHandle,
  order: Pick<LoadedOrder, "id" | "total_minor" | "currency">,
  provider: "free" | "manual",
  details: Record<string, unknown>,
) {
  return recordPayment(trx, order, { provider, status: "completed", accountId: null, details });
}

/**
 * Paid without asking for payment-blocking information: for tickets an admin gives away (the holder
 * fills it in later; admission still waits for every required field).
 */
export async function settle(
  db: Db,
  actor: Actor | "system",
  order: LoadedOrder,
  details: Record<string, unknown>,
  alongside: (trx: DbHandle) => Promise<unknown>,
) {
  return transition(db, order, "pending", "paid", actorLabel(actor), {
    releaseCapacity: false,
    releaseVoucher: false,
    details,
    alongside,
  });
}

/**
 * A payment that does not match what was expected (seed 003): the order goes into opposition whatever
 * its status, so the money stays traceable and the organizer decides. Places still held are released.
 */
export async function opposeForPayment(
  db: Db,
  order: LoadedOrder,
  details: Record<string, unknown>,
  alongside: (trx: DbHandle) => Promise<unknown>,
) {
  if (order.status === "opposed") {
    await db.kysely.transaction().execute(async (trx) => {
      await alongside(trx);
      await logOrder(trx, order.id, "system", "payment_mismatch", details);
    });
    return loadOrder(db, order.id);
  }
  return transition(db, order, order.status, "opposed", "system", {
    releaseCapacity: order.status === "pending" || order.status === "paid",
    releaseVoucher: false,
    details: { ...details, from: order.status },
    alongside,
  });
}

/** Cancelling is for pending orders only (by their owner or an admin); paid ones go into opposition. */
export async function cancelOrder(db: Db, actor: Actor, event: EventRow, order: LoadedOrder) {
  authorize(actor, "order.change", orderResource(event, order));
  if (order.status === "paid")
    throw domainError(
      "order_paid",
      "A paid order cannot be cancelled; an admin can put it in opposition",
      409,
    );
  if (order.status !== "pending") throw notInStatus(order, "pending");
  return transition(db, order, "pending", "cancelled", actorLabel(actor), {
    releaseCapacity: true,
    releaseVoucher: true,
  });
}

/**
 * Opposition (seed 003): the tickets become invalid, the order stays as proof. The places go back on
 * sale; the voucher usage stays spent.
 */
export async function opposeOrder(
  db: Db,
  actor: Actor | "system",
  event: EventRow,
  order: LoadedOrder,
  reason?: string,
) {
  if (actor !== "system")
    authorize(actor, "event.orders", { type: "event", organizerId: event.organizer_id, eventId: event.id });
  if (order.status !== "paid") throw notInStatus(order, "paid");
  return transition(db, order, "paid", "opposed", actorLabel(actor), {
    releaseCapacity: true,
    releaseVoucher: false,
    details: reason ? { reason } : {},
  });
}

/** The sweep run by the job worker: pending orders past their time give their places back. */
export async function expireOverdueOrders(db: Db, now = isoNow()): Promise<number> {
  const overdue = await db.kysely
    .selectFrom("orders")
    .select("id")
    .where("status", "=", "pending")
    .where("expires_at", "<", now)
    .limit(500)
    .execute();
  let expired = 0;
  for (const { id } of overdue) {
    try {
      await transition(db, await loadOrder(db, id), "pending", "expired", "system", {
        releaseCapacity: true,
        releaseVoucher: true,
      });
      expired++;
    } catch {
      // Paid or cancelled in the meantime: nothing to expire.
    }
  }
  return expired;
}

/** The buyer and the event's admins see an order; to everyone else it does not exist. */
export function assertCanView(actor: Actor, event: EventRow, order: LoadedOrder) {
  if (!can(actor, "order.view", orderResource(event, order))) throw notFound("Order");
}
