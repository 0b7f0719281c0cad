import type { Config } from "../../platform/config.js";
import { type Db, type DbHandle, isUniqueViolation } from "../../platform/db/index.js";
import type { PaymentStatus, PaymentsTable } from "../../platform/db/schema.js";
import { DomainError } from "../../platform/errors.js";
import type { PlatformSecrets } from "../../platform/secrets.js";
import { isoNow } from "../../platform/time.js";
import { logOrder } from "../audit/order-log.js";
import { opposeForPayment, recordPayment, settle } from "../orders/lifecycle.js";
import { queueOrderMailIn } from "../orders/mails.js";
import { type LoadedOrder, loadOrder } from "../orders/queries.js";

export type OnlineProvider = "paypal" | "lydia" | "stripe";

/** What a provider's service needs: the database, the sealing key of its secrets, our public address. */
export interface ProviderDeps {
  db: Db;
  secrets: PlatformSecrets;
  config: Pick<Config, "publicUrl">;
}

/** A payment made through one of an organizer's accounts (online payments always name theirs). */
export type ProviderPayment = Omit<PaymentsTable, "id" | "details"> & {
  id: number;
  account_id: number;
  details: string;
};

export async function findProviderPayment(
  db: Db,
  paymentId: number,
  provider: OnlineProvider,
): Promise<ProviderPayment | undefined> {
  const row = await db.kysely
    .selectFrom("payments")
    .selectAll()
    .where("id", "=", paymentId)
    .where("provider", "=", provider)
    .executeTakeFirst();
  return row?.account_id ? { ...row, account_id: row.account_id } : undefined;
}

export const detailsOf = (p: { details: string }) => JSON.parse(p.details) as Record<string, unknown>;

// ---- Attempts -----------------------------------------------------------------------------------------

/** A payment attempt begins: the buyer chose an account; the provider has not answered yet. */
export function openPayment(
  db: Db,
  order: Pick<LoadedOrder, "id" | "total_minor" | "currency">,
  provider: OnlineProvider,
  accountId: number,
  details: Record<string, unknown> = {},
) {
  return recordPayment(db.kysely, order, { provider, status: "created", accountId, details });
}

export async function updatePayment(
  db: DbHandle,
  paymentId: number,
  change: { status?: PaymentStatus; reference?: string; details?: Record<string, unknown> },
) {
  await db
    .updateTable("payments")
    .set({
      ...(change.status ? { status: change.status } : {}),
      ...(change.reference ? { reference: change.reference } : {}),
      ...(change.details ? { details: JSON.stringify(change.details) } : {}),
      updated_at: isoNow(),
    })
    .where("id", "=", paymentId)
    .execute();
}

export function findPaymentByReference(db: Db, provider: OnlineProvider, reference: string) {
  return db.kysely
    .selectFrom("payments")
    .selectAll()
    .where("provider", "=", provider)
    .where("reference", "=", reference)
    .orderBy("id", "desc")
    .executeTakeFirst();
}

// ---- Notifications ------------------------------------------------------------------------------------

/** Every inbound message is kept as received, before anything else happens to it. */
export async function storeNotification(db: Db, provider: string, raw: string): Promise<number> {
  const row = await db.kysely
    .insertInto("payment_notifications")
    .values({
      provider,
      order_id: null,
      payment_id: null,
      raw,
      verification: "unverified",
      outcome: "received",
      dedupe_key: null,
      received_at: isoNow(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function noteNotification(
  db: DbHandle,
  id: number,
  change: { verification?: string; outcome?: string; orderId?: number; paymentId?: number },
) {
  await db
    .updateTable("payment_notifications")
    .set({
      ...(change.verification ? { verification: change.verification } : {}),
      ...(change.outcome ? { outcome: change.outcome } : {}),
      ...(change.orderId !== undefined ? { order_id: change.orderId } : {}),
      ...(change.paymentId !== undefined ? { payment_id: change.paymentId } : {}),
    })
    .where("id", "=", id)
    .execute();
}

/**
 * Claims the right to act on a verified message. The key (say provider, transaction and status) is
 * unique across all notifications: a repeated message finds it taken and changes nothing. A retry of
 * the same notification (its job failed half-way) finds its own claim and goes on.
 */
export async function claimNotification(db: Db, id: number, dedupeKey: string): Promise<boolean> {
  try {
    await db.kysely
      .updateTable("payment_notifications")
      .set({ dedupe_key: dedupeKey })
      .where("id", "=", id)
      .execute();
    return true;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const holder = await db.kysely
      .selectFrom("payment_notifications")
      .select("id")
      .where("dedupe_key", "=", dedupeKey)
      .executeTakeFirst();
    if (holder?.id === id) return true;
    await noteNotification(db.kysely, id, { outcome: "duplicate" });
    return false;
  }
}

// ---- Outcomes -----------------------------------------------------------------------------------------

export interface ReceivedPayment {
  provider: OnlineProvider;
  accountId: number;
  /** The attempt row opened at checkout, when there is one. */
  paymentId?: number;
  reference: string;
  amountMinor: number;
  currency: string;
  details: Record<string, unknown>;
  /** What the provider-specific checks found wrong (a foreign receiver, say). */
  problems: string[];
}

export type PaymentOutcome = "paid" | "mismatch";

async function writeCompleted(trx: DbHandle, order: LoadedOrder, received: ReceivedPayment) {
  const now = isoNow();
  const values = {
    status: "completed" as const,
    reference: received.reference,
    amount_minor: received.amountMinor,
    currency: received.currency,
    details: JSON.stringify({ ...received.details, problems: received.problems }),
    updated_at: now,
  };
  if (received.paymentId !== undefined) {
    await trx.updateTable("payments").set(values).where("id", "=", received.paymentId).execute();
    return;
  }
  await trx
    .insertInto("payments")
    .values({
      ...values,
      order_id: order.id,
      account_id: received.accountId,
      provider: received.provider,
      created_at: now,
    })
    .execute();
}

/**
 * Money arrived. If it is exactly what the pending order expects, the order is paid (payment record and
 * status change in one transaction). Anything else (amount, currency, receiver, an order no longer
 * pending) puts the order in opposition and warns the organizer and the platform admins (seed 003).
 */
export async function applyReceivedPayment(
  db: Db,
  order: LoadedOrder,
  received: ReceivedPayment,
): Promise<{ outcome: PaymentOutcome; problems: string[] }> {
  const problems = [...received.problems];
  if (received.amountMinor !== order.total_minor) problems.push("amount");
  if (received.currency.toUpperCase() !== order.currency.toUpperCase()) problems.push("currency");
  if (order.status !== "pending") problems.push(`order_${order.status}`);
  const record = { ...received, problems };
  if (problems.length === 0) {
    try {
      await settle(
        db,
        "system",
        order,
        { provider: received.provider, reference: received.reference },
        async (trx) => {
          await writeCompleted(trx, order, record);
          await queueOrderMailIn(trx, order.id, "payment_received");
        },
      );
      return { outcome: "paid", problems };
    } catch (error) {
      // Paid, cancelled or expired a moment ago: judged again against what the order is now.
      if (!(error instanceof DomainError) || error.code !== "invalid_order_status") throw error;
      return applyReceivedPayment(db, await loadOrder(db, order.id), received);
    }
  }
  await opposeForPayment(
    db,
    order,
    { provider: received.provider, reference: received.reference, problems },
    async (trx) => {
      await writeCompleted(trx, order, record);
      await queueOrderMailIn(trx, order.id, "opposition_notice", { problems: problems.join(", ") });
    },
  );
  return { outcome: "mismatch", problems };
}

/**
 * A refund or reversal of an earlier payment: the record changes status, and a still-paid order goes
 * into opposition (its tickets must not admit any more; the order stays as proof).
 */
export async function applyReversal(
  db: Db,
  order: LoadedOrder,
  reversal: {
    provider: OnlineProvider;
    reference: string;
    status: "refunded" | "reversed";
    details: Record<string, unknown>;
  },
) {
  const mark = async (trx: DbHandle) => {
    await trx
      .updateTable("payments")
      .set({ status: reversal.status, updated_at: isoNow() })
      .where("order_id", "=", order.id)
      .where("provider", "=", reversal.provider)
      .where("reference", "=", reversal.reference)
      .execute();
  };
  if (order.status === "paid") {
    await opposeForPayment(db, order, { ...reversal.details, [reversal.status]: reversal.reference }, mark);
    return;
  }
  await db.kysely.transaction().execute(async (trx) => {
    await mark(trx);
    await logOrder(trx, order.id, "system", `payment_${reversal.status}`, { reference: reversal.reference });
  });
}

/** For the admin's order page: every attempt with its details, and every message received about it. */
export async function paymentRecords(db: Db, orderId: number) {
  const [payments, notifications] = await Promise.all([
    db.kysely.selectFrom("payments").selectAll().where("order_id", "=", orderId).orderBy("id").execute(),
    db.kysely
      .selectFrom("payment_notifications")
      .selectAll()
      .where("order_id", "=", orderId)
      .orderBy("id")
      .execute(),
  ]);
  return { payments, notifications };
}

export type PaymentRecords = Awaited<ReturnType<typeof paymentRecords>>;
