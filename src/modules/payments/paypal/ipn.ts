import type { Db } from "../../../platform/db/index.js";
import { isDomainError } from "../../../platform/errors.js";
import { enqueue } from "../../../platform/jobs/queue.js";
import { parseMoney } from "../../../platform/money.js";
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

/**
 * The IPN endpoint keeps the message and answers at once; verification and its consequences run in a
 * job, so a slow PayPal never holds a request and a failed verification is retried.
 */
export async function receiveIpn(db: Db, rawBody: string) {
  const id = await storeNotification(db, "paypal", rawBody);
  await enqueue(db, PAYPAL_IPN_JOB, { notificationId: id });
  return id;
}

async function paypalAccountFor(db: Db, orderId: number, eventId: number) {
  const attempt = await db.kysely
    .selectFrom("payments")
    .select(["id", "account_id", "reference", "status"])
    .where("order_id", "=", orderId)
    .where("provider", "=", "paypal")
    .orderBy("id", "desc")
    .executeTakeFirst();
  let account: PaymentAccount | undefined;
  if (attempt?.account_id) account = await findPaymentAccount(db, attempt.account_id);
  account ??= (await eventPaymentAccounts(db, eventId)).find((a) => a.provider === "paypal");
  return { attempt, account: account && isAccountOf(account, "paypal") ? account : undefined };
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
  const { attempt, account } = await paypalAccountFor(db, row.id, row.event_id);
  if (!account) return note({ orderId: row.id, outcome: "no_paypal_account" });

  const verdict = await verifyIpn(account.settings.verify_url, notification.raw);
  if (verdict === "INVALID") return note({ orderId: row.id, verification: "INVALID", outcome: "ignored" });
  await note({ orderId: row.id, verification: "VERIFIED" });

  const txn = params.get("txn_id") ?? "";
  const status = params.get("payment_status") ?? "";
  if (!(await claimNotification(db, notificationId, `paypal:${txn}:${status}`))) return "duplicate";

  const order = await loadOrder(db, row.id);
  const receiver = (params.get("receiver_email") || params.get("business") || "").trim().toLowerCase();
  const openAttempt = attempt && attempt.reference === null ? attempt.id : undefined;
  switch (status) {
    case "Completed": {
      const amount = parseMoney(params.get("mc_gross"));
      const result = await applyReceivedPayment(db, order, {
        provider: "paypal",
        accountId: account.id,
        paymentId: openAttempt,
        reference: txn,
        amountMinor: amount ?? -1,
        currency: params.get("mc_currency") ?? "",
        // The payer's PayPal id, not their e-mail: the record needs no personal data to be traceable.
        details: { payer_id: params.get("payer_id"), ipn: notificationId },
        problems: receiver === account.settings.email.toLowerCase() ? [] : ["receiver"],
      });
      return note({ outcome: result.outcome === "paid" ? "paid" : `opposed: ${result.problems.join(", ")}` });
    }
    case "Pending":
      if (openAttempt)
        await updatePayment(db.kysely, openAttempt, {
          status: "pending",
          reference: txn,
          details: { pending_reason: params.get("pending_reason") },
        });
      return note({ outcome: `pending: ${params.get("pending_reason") ?? ""}` });
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
    case "Voided":
      if (openAttempt) await updatePayment(db.kysely, openAttempt, { status: "failed", reference: txn });
      return note({ outcome: `failed: ${status}` });
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
