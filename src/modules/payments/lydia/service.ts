import type { Db } from "../../../platform/db/index.js";
import { domainError, isDomainError, notFound } from "../../../platform/errors.js";
import { isoIn, isoNow } from "../../../platform/time.js";
import { Checker } from "../../../platform/validation.js";
import { missingBlockingInformation } from "../../information/answers.js";
import { type LoadedOrder, loadOrder } from "../../orders/queries.js";
import { findPaymentAccount, isAccountOf, lydiaTokens } from "../accounts.js";
import {
  applyReceivedPayment,
  claimNotification,
  detailsOf,
  findProviderPayment,
  noteNotification,
  openPayment,
  type ProviderDeps,
  type ProviderPayment,
  storeNotification,
  updatePayment,
} from "../ledger.js";
import { cancelRequest, type LydiaState, requestPayment, requestState } from "./client.js";

export type LydiaDeps = ProviderDeps;
export type LydiaPayment = ProviderPayment;

// A buyer may send a handful of requests (a typo in the number, a refusal); more is someone's phone being spammed.
const MAX_REQUESTS = 5;
const REQUEST_WINDOW_MS = 15 * 60_000;

export async function lydiaAccount(deps: LydiaDeps, accountId: number) {
  const account = await findPaymentAccount(deps.db, accountId);
  if (!isAccountOf(account, "lydia")) throw notFound("Payment account");
  const tokens = await lydiaTokens(deps.db, deps.secrets, account.id);
  return { tokens, client: { apiUrl: account.settings.api_url, vendorToken: tokens.vendor_token } };
}

export const findLydiaPayment = (db: Db, paymentId: number) => findProviderPayment(db, paymentId, "lydia");

export { detailsOf };

/** A mobile number as Lydia takes it: digits with an optional leading +, spaces, dots and dashes dropped. */
export function phoneNumber(raw: unknown): string {
  const check = new Checker();
  const text = check.text("phone", raw, { min: 6, max: 25 }).replace(/[\s.()-]/g, "");
  if (check.problems.length === 0 && !/^\+?\d{8,15}$/.test(text))
    check.problems.push({ field: "phone", message: "must be a mobile phone number" });
  check.done();
  return text;
}

/** The number the buyer used last time, to fill the form in again. */
export async function lastLydiaPhone(db: Db, userId: number): Promise<string> {
  const row = await db.kysely
    .selectFrom("payments as p")
    .innerJoin("orders as o", "o.id", "p.order_id")
    .select("p.details")
    .where("o.user_id", "=", userId)
    .where("p.provider", "=", "lydia")
    .orderBy("p.id", "desc")
    .executeTakeFirst();
  const recipient = row ? detailsOf(row).recipient : undefined;
  return typeof recipient === "string" ? recipient : "";
}

/** Closes an attempt nobody paid, unless it completed meanwhile (a confirmation won the race). */
export async function closeAttempt(db: Db, paymentId: number, status: "cancelled" | "failed") {
  const result = await db.kysely
    .updateTable("payments")
    .set({ status, updated_at: isoNow() })
    .where("id", "=", paymentId)
    .where("status", "in", ["created", "pending"])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Lydia says the request is paid (confirm callback or request/state). The claim on `lydia:<uuid>:paid` is
 * shared by every path, so a callback, its replays, the buyer's "check" and the sweep apply it once.
 */
export async function settlePaid(
  deps: LydiaDeps,
  payment: LydiaPayment,
  evidence: {
    notificationId: number;
    amountMinor: number;
    currency: string;
    details?: Record<string, unknown>;
  },
) {
  const uuid = payment.reference ?? String(payment.id);
  if (!(await claimNotification(deps.db, evidence.notificationId, `lydia:${uuid}:paid`))) return "duplicate";
  const order = await loadOrder(deps.db, payment.order_id);
  const { outcome, problems } = await applyReceivedPayment(deps.db, order, {
    provider: "lydia",
    accountId: payment.account_id,
    paymentId: payment.id,
    reference: uuid,
    amountMinor: evidence.amountMinor,
    currency: evidence.currency,
    details: { ...detailsOf(payment), ...evidence.details },
    problems: [],
  });
  const result = outcome === "paid" ? "paid" : `mismatch: ${problems.join(", ")}`;
  await noteNotification(deps.db.kysely, evidence.notificationId, { outcome: result });
  return result;
}

/** Acts on what request/state says: paid settles, a refusal or cancellation closes the attempt. */
async function applyState(deps: LydiaDeps, payment: LydiaPayment, state: LydiaState) {
  if (state === "paid") {
    // What Lydia answered is kept like any message received, so the admin sees why the order was paid.
    const id = await storeNotification(
      deps.db,
      "lydia",
      `request/state.json request_uuid=${payment.reference ?? ""}&state=1`,
    );
    await noteNotification(deps.db.kysely, id, {
      orderId: payment.order_id,
      paymentId: payment.id,
      verification: "state_checked",
    });
    await settlePaid(deps, payment, {
      notificationId: id,
      amountMinor: payment.amount_minor,
      currency: payment.currency,
    });
  } else if (state === "refused" || state === "cancelled") {
    await closeAttempt(deps.db, payment.id, state === "refused" ? "failed" : "cancelled");
  } else {
    // Still waiting: touched, so the sweep asks again in a minute rather than on every tick.
    await updatePayment(deps.db.kysely, payment.id, {});
  }
}

/** Asks Lydia where a pending request stands and acts on it; returns the attempt's status afterwards. */
export async function refreshLydiaPayment(deps: LydiaDeps, payment: LydiaPayment) {
  if (payment.status !== "pending" || !payment.reference) return payment.status;
  const { client } = await lydiaAccount(deps, payment.account_id);
  await applyState(deps, payment, await requestState(client, payment.reference));
  return (await findLydiaPayment(deps.db, payment.id))?.status ?? payment.status;
}

/** "I have paid — check": the buyer's own attempt only. */
export async function checkLydiaPayment(deps: LydiaDeps, orderId: number, paymentId: number) {
  const payment = await findLydiaPayment(deps.db, paymentId);
  if (!payment || payment.order_id !== orderId) throw notFound("Payment");
  return refreshLydiaPayment(deps, payment);
}

/**
 * Earlier requests still open for this order are settled first: one the buyer already paid pays the
 * order (and no new request goes out), the others are withdrawn so the buyer cannot pay twice.
 */
async function closeEarlierRequests(deps: LydiaDeps, order: LoadedOrder) {
  const open = await deps.db.kysely
    .selectFrom("payments")
    .selectAll()
    .where("order_id", "=", order.id)
    .where("provider", "=", "lydia")
    .where("status", "=", "pending")
    .execute();
  for (const row of open) {
    const payment = await findLydiaPayment(deps.db, row.id);
    if (!payment?.reference) continue;
    const { client } = await lydiaAccount(deps, payment.account_id);
    const state = await requestState(client, payment.reference);
    if (state !== "waiting") {
      await applyState(deps, payment, state);
      continue;
    }
    const requestId = detailsOf(payment).request_id;
    if (typeof requestId === "string" && (await cancelRequest(client, requestId)))
      await closeAttempt(deps.db, payment.id, "cancelled");
  }
  const { status } = await loadOrder(deps.db, order.id);
  if (status !== "pending")
    throw domainError("invalid_order_status", `The order is ${status} now`, 409, { status });
}

async function refuseIfTooManyRequests(db: Db, orderId: number) {
  const recent = await db.kysely
    .selectFrom("payments")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("order_id", "=", orderId)
    .where("provider", "=", "lydia")
    .where("created_at", ">", isoIn(-REQUEST_WINDOW_MS))
    .executeTakeFirst();
  if (Number(recent?.n ?? 0) >= MAX_REQUESTS)
    throw domainError("too_many_attempts", "Too many Lydia requests for this order; try again later", 429);
}

/** Sends the request to the buyer's phone; the attempt is recorded before Lydia is called. */
export async function startLydiaPayment(
  deps: LydiaDeps,
  order: LoadedOrder,
  accountId: number,
  phone: unknown,
  /** The order page's address Lydia sends the buyer back to: the account's, or a guest's signed link. */
  orderPath = `/account/orders/${order.code}`,
) {
  if (order.status !== "pending")
    throw domainError("invalid_order_status", "Only a pending order can be paid", 409, {
      status: order.status,
    });
  const missing = await missingBlockingInformation(deps.db, order.id, "payment");
  if (missing.length > 0)
    throw domainError("information_missing", "Required information must be filled before payment", 409, {
      positions: missing,
    });
  const recipient = phoneNumber(phone);
  await refuseIfTooManyRequests(deps.db, order.id);
  const { client } = await lydiaAccount(deps, accountId);
  await closeEarlierRequests(deps, order);
  const attempt = await openPayment(deps.db, order, "lydia", accountId, { recipient });
  const callbacks = `${deps.config.publicUrl}/api/v1/payments/lydia`;
  try {
    const request = await requestPayment(client, {
      recipient,
      amountMinor: order.total_minor,
      currency: order.currency,
      orderRef: `${order.code}-${attempt.id}`,
      message: `Tessera ${order.code}`,
      confirmUrl: `${callbacks}/confirm`,
      cancelUrl: `${callbacks}/cancel`,
      expireUrl: `${callbacks}/expire`,
      returnUrl: `${deps.config.publicUrl}${orderPath}/pay/lydia/${attempt.id}`,
    });
    await updatePayment(deps.db.kysely, attempt.id, {
      status: "pending",
      reference: request.requestUuid,
      details: { recipient, request_id: request.requestId },
    });
  } catch (error) {
    const code = isDomainError(error) ? error.code : "error";
    await updatePayment(deps.db.kysely, attempt.id, {
      status: "failed",
      details: { recipient, error: code },
    });
    throw error;
  }
  return attempt.id;
}

/**
 * The safety net for a lost callback: a pending Lydia request is asked about once it has gone a minute
 * without news, in its first hour; after that every quarter of an hour, for a week.
 */
export async function pollPendingLydiaPayments(deps: LydiaDeps) {
  const pending = await deps.db.kysely
    .selectFrom("payments")
    .select("id")
    .where("provider", "=", "lydia")
    .where("status", "=", "pending")
    .where((eb) =>
      eb.or([
        eb.and([eb("created_at", ">", isoIn(-3_600_000)), eb("updated_at", "<", isoIn(-60_000))]),
        eb("updated_at", "<", isoIn(-15 * 60_000)),
      ]),
    )
    .where("created_at", ">", isoIn(-7 * 86_400_000))
    .orderBy("updated_at")
    .limit(50)
    .execute();
  for (const { id } of pending) {
    const payment = await findLydiaPayment(deps.db, id);
    if (!payment) continue;
    try {
      await refreshLydiaPayment(deps, payment);
    } catch {
      // Lydia unreachable: touched, so the other requests get their turn and this one comes back later.
      await updatePayment(deps.db.kysely, id, {});
    }
  }
  return pending.length;
}
