import type { Config } from "../../../platform/config.js";
import type { Db } from "../../../platform/db/index.js";
import { domainError, notFound } from "../../../platform/errors.js";
import type { PlatformSecrets } from "../../../platform/secrets.js";
import { isoIn } from "../../../platform/time.js";
import { Checker } from "../../../platform/validation.js";
import { type LoadedOrder, loadOrder } from "../../orders/queries.js";
import { findPaymentAccount, isAccountOf, lydiaTokens, type PaymentAccount } from "../accounts.js";
import {
  applyReceivedPayment,
  claimNotification,
  noteNotification,
  openPayment,
  storeNotification,
  updatePayment,
} from "../ledger.js";
import { type LydiaState, requestPayment, requestState, verifyLydiaSignature } from "./client.js";

export interface LydiaDeps {
  db: Db;
  secrets: PlatformSecrets;
  config: Pick<Config, "publicUrl">;
}

async function lydiaAccount(deps: LydiaDeps, accountId: number) {
  const account: PaymentAccount = await findPaymentAccount(deps.db, accountId);
  if (!isAccountOf(account, "lydia")) throw notFound("Payment account");
  const tokens = await lydiaTokens(deps.db, deps.secrets, account.id);
  return { account, tokens, client: { apiUrl: account.settings.api_url, vendorToken: tokens.vendor_token } };
}

/** A French or international mobile number, as Lydia takes it: digits and an optional leading +. */
function phoneNumber(raw: unknown): string {
  const check = new Checker();
  const text = check.text("phone", raw, { min: 6, max: 20 }).replace(/[\s.-]/g, "");
  if (!/^\+?\d{8,15}$/.test(text))
    check.problems.push({ field: "phone", message: "must be a mobile phone number" });
  check.done();
  return text;
}

/** Sends the request to the buyer's phone; the attempt is recorded before Lydia is called. */
export async function startLydiaPayment(
  deps: LydiaDeps,
  order: LoadedOrder,
  accountId: number,
  phone: unknown,
) {
  if (order.status !== "pending")
    throw domainError("invalid_order_status", "Only a pending order can be paid", 409, {
      status: order.status,
    });
  const recipient = phoneNumber(phone);
  const { client } = await lydiaAccount(deps, accountId);
  const attempt = await openPayment(deps.db, order, "lydia", accountId);
  const callbacks = `${deps.config.publicUrl}/api/v1/payments/lydia`;
  const waiting = `${deps.config.publicUrl}/account/orders/${order.code}/pay/lydia/${attempt.id}`;
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
      browserSuccessUrl: waiting,
      browserFailUrl: waiting,
    });
    await updatePayment(deps.db.kysely, attempt.id, {
      status: "pending",
      reference: request.requestUuid,
      details: { request_id: request.requestId },
    });
  } catch (error) {
    await updatePayment(deps.db.kysely, attempt.id, { status: "failed", details: { error: String(error) } });
    throw error;
  }
  return attempt.id;
}

async function lydiaAttempt(db: Db, paymentId: number) {
  const payment = await db.kysely
    .selectFrom("payments")
    .selectAll()
    .where("id", "=", paymentId)
    .where("provider", "=", "lydia")
    .executeTakeFirst();
  if (!payment?.account_id) throw notFound("Payment");
  return { ...payment, account_id: payment.account_id };
}

/** Settles an attempt from Lydia's own word on the request (state 1 pays, refusals close it). */
async function settleFromState(
  deps: LydiaDeps,
  paymentId: number,
  state: LydiaState,
  amountMinor?: number,
  currency?: string,
) {
  const payment = await lydiaAttempt(deps.db, paymentId);
  if (payment.status === "completed" || !payment.reference) return payment.status;
  if (state === "paid") {
    const order = await loadOrder(deps.db, payment.order_id);
    await applyReceivedPayment(deps.db, order, {
      provider: "lydia",
      accountId: payment.account_id,
      paymentId: payment.id,
      reference: payment.reference,
      amountMinor: amountMinor ?? payment.amount_minor,
      currency: currency ?? payment.currency,
      details: JSON.parse(payment.details) as Record<string, unknown>,
      problems: [],
    });
    return "completed";
  }
  if (state === "refused" || state === "cancelled" || state === "expired") {
    await updatePayment(deps.db.kysely, payment.id, { status: state === "refused" ? "failed" : "cancelled" });
    return state;
  }
  return payment.status;
}

/** "I have paid": asks Lydia where the request stands, for the buyer's own attempt. */
export async function checkLydiaPayment(deps: LydiaDeps, orderId: number, paymentId: number) {
  const payment = await lydiaAttempt(deps.db, paymentId);
  if (payment.order_id !== orderId) throw notFound("Payment");
  if (payment.status !== "pending" || !payment.reference) return payment.status;
  const { client } = await lydiaAccount(deps, payment.account_id);
  const state = await requestState(client, payment.reference);
  // Still waiting: noted, so the sweep asks again in a minute rather than on every tick.
  if (state === "waiting" || state === "unknown") await updatePayment(deps.db.kysely, paymentId, {});
  return settleFromState(deps, paymentId, state);
}

export type LydiaCallback = "confirm" | "cancel" | "expire";

/**
 * Lydia's server calls: kept raw, then the signature is checked with the account's private token.
 * A confirmation is double-checked with request/state before anything is paid; a replay changes nothing.
 */
export async function receiveLydiaCallback(
  deps: LydiaDeps,
  kind: LydiaCallback,
  raw: string,
): Promise<string> {
  const id = await storeNotification(deps.db, "lydia", raw);
  const params = Object.fromEntries(new URLSearchParams(raw));
  const note = async (change: Parameters<typeof noteNotification>[2]) => {
    await noteNotification(deps.db.kysely, id, change);
    return change.outcome ?? "";
  };
  const paymentId = Number(/-(\d+)$/.exec(params.order_ref ?? "")?.[1]);
  const payment = Number.isInteger(paymentId)
    ? await deps.db.kysely
        .selectFrom("payments")
        .selectAll()
        .where("id", "=", paymentId)
        .where("provider", "=", "lydia")
        .executeTakeFirst()
    : undefined;
  if (!payment?.account_id) return note({ outcome: "unknown_payment" });
  const { tokens, client } = await lydiaAccount(deps, payment.account_id);
  if (!verifyLydiaSignature(params, tokens.private_token) || params.vendor_token !== tokens.vendor_token)
    return note({
      orderId: payment.order_id,
      paymentId: payment.id,
      verification: "bad_signature",
      outcome: "ignored",
    });
  await note({ orderId: payment.order_id, paymentId: payment.id, verification: "signature_ok" });
  const key = `lydia:${payment.reference ?? payment.id}:${kind}`;
  if (!(await claimNotification(deps.db, id, key))) return "duplicate";
  if (kind === "confirm") {
    const state = await requestState(client, payment.reference ?? "");
    if (state !== "paid") return note({ outcome: `not_paid: ${state}` });
    const amount = Math.round(Number(params.amount) * 100);
    const outcome = await settleFromState(
      deps,
      payment.id,
      "paid",
      Number.isFinite(amount) ? amount : -1,
      params.currency,
    );
    const order = await loadOrder(deps.db, payment.order_id);
    return note({
      outcome: outcome === "completed" && order.status === "paid" ? "paid" : `opposed (${order.status})`,
    });
  }
  await settleFromState(deps, payment.id, kind === "cancel" ? "cancelled" : "expired");
  return note({ outcome: kind === "cancel" ? "cancelled" : "expired" });
}

/** The safety net for a lost callback: pending Lydia requests older than a minute are asked about. */
export async function pollPendingLydiaPayments(deps: LydiaDeps) {
  const pending = await deps.db.kysely
    .selectFrom("payments")
    .select(["id", "order_id"])
    .where("provider", "=", "lydia")
    .where("status", "=", "pending")
    .where("updated_at", "<", isoIn(-60_000))
    .where("created_at", ">", isoIn(-86_400_000))
    .limit(50)
    .execute();
  for (const p of pending) {
    try {
      await checkLydiaPayment(deps, p.order_id, p.id);
    } catch {
      // Lydia unreachable: the next sweep asks again.
    }
  }
  return pending.length;
}
