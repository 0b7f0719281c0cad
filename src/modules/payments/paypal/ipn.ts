import type { Db } from "../../../platform/db/index.js";
import { isDomainError } from "../../../platform/errors.js";
import { enqueue } from "../../../platform/jobs/queue.js";
import { parseMoney } from "../../../platform/money.js";
import { isoNow } from "../../../platform/time.js";
import { loadOrder } from "../../orders/queries.js";
import { eventPaymentAccounts, findPaymentAccount, isAccountOf, type PaymentAccount } from "../accounts.js";
import {
  applyReceivedPayment,
  applyReversal,
  claimNotification,
  noteNotification,
  storeNotification,
  updatePayment,
} from "../ledger.js";
import { verifyIpn } from "./client.js";

export const PAYPAL_IPN_JOB = "payments.paypal.ipn";
// PayPal does not resend a message we answered 200 to: retries (backoff capped at an hour) must outlast
// a verification outage of several hours before the notification is left to the admins.
const IPN_JOB_ATTEMPTS = 20;

/**
 * The IPN endpoint keeps the message and answers at once; verification and its consequences run in a
 * job, so a slow PayPal never holds a request and a failed verification is retried.
 */
export async function receiveIpn(db: Db, rawBody: string) {
  const id = await storeNotification(db, "paypal", rawBody);
  await enqueue(db, PAYPAL_IPN_JOB, { notificationId: id }, { maxAttempts: IPN_JOB_ATTEMPTS });
  return id;
}

async function paypalAccountFor(db: Db, orderId: number, eventId: number) {
  const attempt = await db.kysely
    .selectFrom("payments")
    .select("account_id")
    .where("order_id", "=", orderId)
    .where("provider", "=", "paypal")
    .orderBy("id", "desc")
    .executeTakeFirst();
  let account: PaymentAccount | undefined;
  if (attempt?.account_id) account = await findPaymentAccount(db, attempt.account_id);
  account ??= (await eventPaymentAccounts(db, eventId)).find((a) => a.provider === "paypal");
  return account && isAccountOf(account, "paypal") ? account : undefined;
}

/**
 * The payment row a message is about: the one already carrying its transaction (a Completed after a
 * Pending), else the attempt opened at checkout that PayPal has not answered yet.
 */
async function paymentRowFor(db: Db, orderId: number, txn: string) {
  const rows = db.kysely
    .selectFrom("payments")
    .select("id")
    .where("order_id", "=", orderId)
    .where("provider", "=", "paypal")
    .orderBy("id", "desc");
  const known = txn ? await rows.where("reference", "=", txn).executeTakeFirst() : undefined;
  const open =
    known ?? (await rows.where("reference", "is", null).where("status", "=", "created").executeTakeFirst());
  return open?.id;
}

/** A pending or failed payment is recorded too, so the buyer's and the admin's view say what happened. */
async function recordStatus(
  db: Db,
  target: { orderId: number; accountId: number; paymentId: number | undefined },
  change: {
    status: "pending" | "failed";
    reference: string;
    amountMinor: number;
    currency: string;
    details: Record<string, unknown>;
  },
) {
  if (target.paymentId !== undefined) {
    await updatePayment(db.kysely, target.paymentId, change);
    return target.paymentId;
  }
  const now = isoNow();
  const row = await db.kysely
    .insertInto("payments")
    .values({
      order_id: target.orderId,
      account_id: target.accountId,
      provider: "paypal",
      status: change.status,
      amount_minor: change.amountMinor,
      currency: change.currency,
      reference: change.reference || null,
      details: JSON.stringify(change.details),
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** What the job does with one stored IPN message. Returns the outcome noted on it. */
export async function processIpn(db: Db, notificationId: number): Promise<string> {
  const notification = await db.kysely
    .selectFrom("payment_notifications")
    .selectAll()
    .where("id", "=", notificationId)
    .executeTakeFirstOrThrow();
  const params = new URLSearchParams(notification.raw);
  const code = (params.get("custom") || params.get("invoice") || "").trim().toUpperCase();
  const row = code
    ? await db.kysely
        .selectFrom("orders")
        .select(["id", "event_id"])
        .where("code", "=", code)
        .executeTakeFirst()
    : undefined;
  const note = async (change: Parameters<typeof noteNotification>[2]) => {
    await noteNotification(db.kysely, notificationId, change);
    return change.outcome ?? "";
  };
  if (!row) return note({ outcome: "unknown_order" });
  const account = await paypalAccountFor(db, row.id, row.event_id);
  if (!account) return note({ orderId: row.id, outcome: "no_paypal_account" });

  let verdict: Awaited<ReturnType<typeof verifyIpn>>;
  try {
    verdict = await verifyIpn(account.settings.verify_url, notification.raw);
  } catch (error) {
    // Shown on the order's page while PayPal cannot be asked (the job notes why and retries).
    await note({ orderId: row.id });
    throw error;
  }
  if (verdict === "INVALID") return note({ orderId: row.id, verification: "INVALID", outcome: "ignored" });
  await note({ orderId: row.id, verification: "VERIFIED" });

  const txn = params.get("txn_id") ?? "";
  const status = params.get("payment_status") ?? "";
  if (!(await claimNotification(db, notificationId, `paypal:${txn}:${status}`))) return "duplicate";

  const order = await loadOrder(db, row.id);
  // receiver_email is the account's primary address, business the one the form named (maybe a
  // secondary one): either proves the money went to this account.
  const ours = account.settings.email.toLowerCase();
  const toUs = ["receiver_email", "business"].some(
    (k) => (params.get(k) ?? "").trim().toLowerCase() === ours,
  );
  const paymentId = await paymentRowFor(db, row.id, txn);
  const amountMinor = parseMoney(params.get("mc_gross"));
  const currency = params.get("mc_currency") ?? "";
  const target = { orderId: row.id, accountId: account.id, paymentId };
  const seen = { amountMinor: amountMinor ?? 0, currency: currency || order.currency };
  switch (status) {
    case "Completed": {
      const result = await applyReceivedPayment(db, order, {
        provider: "paypal",
        accountId: account.id,
        paymentId,
        reference: txn,
        // Unreadable amounts never match the order: the payment goes to opposition for a human to judge.
        amountMinor: amountMinor ?? -1,
        currency,
        // The payer's PayPal id, not their e-mail: the record needs no personal data to be traceable.
        details: { payer_id: params.get("payer_id"), ipn: notificationId },
        problems: toUs ? [] : ["receiver"],
      });
      const recorded = await paymentRowFor(db, row.id, txn);
      return note({
        paymentId: recorded,
        outcome: result.outcome === "paid" ? "paid" : `opposed: ${result.problems.join(", ")}`,
      });
    }
    case "Pending": {
      const reason = params.get("pending_reason") ?? "";
      const id = await recordStatus(db, target, {
        status: "pending",
        reference: txn,
        ...seen,
        details: { pending_reason: reason, ipn: notificationId },
      });
      return note({ paymentId: id, outcome: `pending: ${reason}` });
    }
    case "Refunded":
    case "Reversed":
      await applyReversal(db, order, {
        provider: "paypal",
        reference: params.get("parent_txn_id") ?? "",
        status: status === "Refunded" ? "refunded" : "reversed",
        details: { reason_code: params.get("reason_code") },
      });
      return note({ outcome: status.toLowerCase() });
    case "Denied":
    case "Failed":
    case "Expired":
    case "Voided": {
      const id = await recordStatus(db, target, {
        status: "failed",
        reference: txn,
        ...seen,
        details: { payment_status: status, ipn: notificationId },
      });
      return note({ paymentId: id, outcome: `failed: ${status}` });
    }
    default:
      return note({ outcome: `ignored: ${status || "no status"}` });
  }
}

/** The job: a provider outage throws so the queue retries with backoff; other errors are noted. */
export function paypalIpnHandler(db: Db) {
  return async (payload: unknown) => {
    const { notificationId } = payload as { notificationId: number };
    try {
      await processIpn(db, notificationId);
    } catch (error) {
      await noteNotification(db.kysely, notificationId, {
        verification: "error",
        outcome: isDomainError(error) ? error.code : "verification_failed",
      });
      throw error;
    }
  };
}
