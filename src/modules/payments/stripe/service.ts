import type { Db } from "../../../platform/db/index.js";
import { domainError, isDomainError, notFound } from "../../../platform/errors.js";
import { isoNow } from "../../../platform/time.js";
import { missingBlockingInformation } from "../../information/answers.js";
import { type LoadedOrder, loadOrder } from "../../orders/queries.js";
import { findPaymentAccount, isAccountOf, stripeSecrets } from "../accounts.js";
import {
  applyReceivedPayment,
  applyReversal,
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
import {
  createCheckoutSession,
  createRefund,
  retrieveCheckoutSession,
  type StripeSession,
} from "./client.js";

export type StripeDeps = ProviderDeps;
export type StripePayment = ProviderPayment;

// The success page asks Stripe while the buyer looks at it: a slow answer must not hold the page long.
const CONFIRM_TIMEOUT_MS = 5_000;
// Stripe's hosted page takes a language of its own; ours are among them.
const STRIPE_LOCALES = new Set(["en", "de", "fr"]);

export { detailsOf };

export async function stripeAccount(deps: StripeDeps, accountId: number) {
  const account = await findPaymentAccount(deps.db, accountId);
  if (!isAccountOf(account, "stripe")) throw notFound("Payment account");
  const keys = await stripeSecrets(deps.db, deps.secrets, account.id);
  return {
    account,
    webhookSecret: keys.webhook_secret,
    client: { apiUrl: account.settings.api_url, secretKey: keys.secret_key },
  };
}

export const findStripePayment = (db: Db, paymentId: number) => findProviderPayment(db, paymentId, "stripe");

/**
 * "Pay by card": an attempt is recorded, then a Checkout Session opened for the order's total; the
 * buyer is sent to its hosted page. Only the e-mail goes to Stripe (for the receipt), nothing else.
 */
export async function startStripeCheckout(
  deps: StripeDeps,
  order: LoadedOrder,
  accountId: number,
  /** orderPath: the order page's address the buyer came from (a guest's signed link, or the account's). */
  input: { eventName: string; locale: string; orderPath?: string },
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
  const { account, client } = await stripeAccount(deps, accountId);
  const testMode = account.settings.test_mode;
  const orderPath = input.orderPath ?? `/account/orders/${order.code}`;
  const earlier = await openSession(deps, order, accountId, orderPath);
  if (earlier) return earlier;
  const attempt = await openPayment(deps.db, order, "stripe", accountId, { test_mode: testMode });
  const base = `${deps.config.publicUrl}${orderPath}/pay`;
  try {
    const session = await createCheckoutSession(client, {
      amountMinor: order.total_minor,
      currency: order.currency,
      name: `${input.eventName} · ${order.code}`,
      orderCode: order.code,
      attemptId: attempt.id,
      successUrl: `${base}/stripe/${attempt.id}`,
      cancelUrl: base,
      email: order.email ?? undefined,
      locale: STRIPE_LOCALES.has(input.locale) ? input.locale : undefined,
    });
    await updatePayment(deps.db.kysely, attempt.id, {
      status: "pending",
      reference: session.id,
      details: { session_id: session.id, test_mode: testMode },
    });
    return { paymentId: attempt.id, url: session.url ?? "" };
  } catch (error) {
    await updatePayment(deps.db.kysely, attempt.id, {
      status: "failed",
      details: { test_mode: testMode, error: isDomainError(error) ? error.code : "error" },
    });
    throw error;
  }
}

/**
 * A session the buyer opened a moment ago and left (back button, a second tab) is offered again rather
 * than a second one, so one order cannot be paid twice; one Stripe shows paid settles the order instead.
 */
async function openSession(deps: StripeDeps, order: LoadedOrder, accountId: number, orderPath: string) {
  const pending = await deps.db.kysely
    .selectFrom("payments")
    .select("id")
    .where("order_id", "=", order.id)
    .where("provider", "=", "stripe")
    .where("account_id", "=", accountId)
    .where("status", "=", "pending")
    .orderBy("id", "desc")
    .executeTakeFirst();
  const payment = pending ? await findStripePayment(deps.db, pending.id) : undefined;
  if (!payment?.reference) return undefined;
  const { client } = await stripeAccount(deps, accountId);
  const session = await retrieveCheckoutSession(client, payment.reference);
  const successPage = `${deps.config.publicUrl}${orderPath}/pay/stripe/${payment.id}`;
  if (session.payment_status === "paid") {
    await confirmStripePayment(deps, order.id, payment.id);
    return { paymentId: payment.id, url: successPage };
  }
  // Complete but unpaid: a bank debit on its way; its async_payment event settles it.
  if (session.status === "complete") return { paymentId: payment.id, url: successPage };
  if (session.status === "open" && session.url) return { paymentId: payment.id, url: session.url };
  await closeAttempt(deps.db, payment.id, "cancelled");
  return undefined;
}

/**
 * Stripe says the session is paid (a signed event, or the session as fetched). Every path claims
 * `stripe:<session>:paid`, so an event, its replays and the success page's check apply it once.
 * Amount and currency are those Stripe charged; the ledger compares them with the order.
 */
async function settleSession(
  deps: StripeDeps,
  payment: StripePayment,
  session: StripeSession,
  notificationId: number,
) {
  if (!(await claimNotification(deps.db, notificationId, `stripe:${session.id}:paid`))) return "duplicate";
  let applied: Awaited<ReturnType<typeof applyReceivedPayment>>;
  try {
    const order = await loadOrder(deps.db, payment.order_id);
    applied = await applyReceivedPayment(deps.db, order, {
      provider: "stripe",
      accountId: payment.account_id,
      paymentId: payment.id,
      reference: session.id,
      amountMinor: session.amount_total ?? -1,
      currency: session.currency,
      details: { ...detailsOf(payment), payment_intent: session.payment_intent },
      problems: [],
    });
  } catch (error) {
    // Nothing was written (one transaction): the claim goes, so Stripe's retry of the event can apply it.
    await releaseClaim(deps.db, notificationId);
    throw error;
  }
  const { outcome, problems } = applied;
  const result = outcome === "paid" ? "paid" : `mismatch: ${problems.join(", ")}`;
  await noteNotification(deps.db.kysely, notificationId, { outcome: result });
  return result;
}

async function releaseClaim(db: Db, notificationId: number) {
  await db.kysely
    .updateTable("payment_notifications")
    .set({ dedupe_key: null, outcome: "failed" })
    .where("id", "=", notificationId)
    .execute()
    .catch(() => undefined);
}

async function closeAttempt(db: Db, paymentId: number, status: "cancelled" | "failed") {
  const result = await db.kysely
    .updateTable("payments")
    .set({ status, updated_at: isoNow() })
    .where("id", "=", paymentId)
    .where("status", "in", ["created", "pending"])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The attempt a session belongs to: ours (by its id and account), never one the event merely names. */
async function paymentForSession(deps: StripeDeps, accountId: number, sessionId: string) {
  const row = await deps.db.kysely
    .selectFrom("payments")
    .select("id")
    .where("provider", "=", "stripe")
    .where("account_id", "=", accountId)
    .where("reference", "=", sessionId)
    .executeTakeFirst();
  return row ? findStripePayment(deps.db, row.id) : undefined;
}

async function paymentForIntent(deps: StripeDeps, accountId: number, intent: string) {
  if (!/^pi_[A-Za-z0-9]{1,200}$/.test(intent)) return undefined;
  const row = await deps.db.kysely
    .selectFrom("payments")
    .select("id")
    .where("provider", "=", "stripe")
    .where("account_id", "=", accountId)
    .where("details", "like", `%"payment_intent":"${intent}"%`)
    .executeTakeFirst();
  return row ? findStripePayment(deps.db, row.id) : undefined;
}

const str = (value: unknown) => (typeof value === "string" ? value : "");

function sessionOf(object: Record<string, unknown>): StripeSession {
  return {
    id: str(object.id),
    url: null,
    status: str(object.status),
    payment_status: str(object.payment_status),
    amount_total: typeof object.amount_total === "number" ? object.amount_total : null,
    currency: str(object.currency),
    payment_intent: str(object.payment_intent) || null,
    client_reference_id: str(object.client_reference_id) || null,
  };
}

export type WebhookResult =
  | "paid"
  | "duplicate"
  | "mismatch"
  | "awaiting_payment"
  | "closed"
  | "refunded"
  | "ignored"
  | "unknown_payment";

/**
 * A webhook event whose signature has been checked (see routes): acted on at once, since everything it
 * needs is in the signed event. Each event id is claimed, so a replay of it changes nothing.
 */
export async function applyStripeEvent(
  deps: StripeDeps,
  accountId: number,
  notificationId: number,
  event: { id: string; type: string; object: Record<string, unknown> },
): Promise<WebhookResult> {
  const { db } = deps;
  if (event.type.startsWith("checkout.session.")) {
    const session = sessionOf(event.object);
    const payment = await paymentForSession(deps, accountId, session.id);
    if (!payment) {
      await noteNotification(db.kysely, notificationId, { outcome: "unknown_payment" });
      return "unknown_payment";
    }
    await noteNotification(db.kysely, notificationId, { orderId: payment.order_id, paymentId: payment.id });
    const paid =
      (event.type === "checkout.session.completed" ||
        event.type === "checkout.session.async_payment_succeeded") &&
      session.payment_status === "paid";
    if (paid) {
      const result = await settleSession(deps, payment, session, notificationId);
      return result === "paid" || result === "duplicate" ? result : "mismatch";
    }
    if (!(await claimNotification(db, notificationId, `stripe:event:${event.id}`))) return "duplicate";
    if (event.type === "checkout.session.completed") {
      // A bank debit or similar: the money comes later, with async_payment_succeeded.
      await noteNotification(db.kysely, notificationId, { outcome: "awaiting_payment" });
      return "awaiting_payment";
    }
    if (event.type === "checkout.session.async_payment_failed" || event.type === "checkout.session.expired") {
      const closed = await closeAttempt(
        db,
        payment.id,
        event.type === "checkout.session.expired" ? "cancelled" : "failed",
      );
      await noteNotification(db.kysely, notificationId, {
        outcome: closed ? event.type.slice("checkout.session.".length) : `ignored: payment ${payment.status}`,
      });
      return "closed";
    }
  }
  if (event.type === "charge.refunded") {
    const payment = await paymentForIntent(deps, accountId, str(event.object.payment_intent));
    if (!payment) {
      await noteNotification(db.kysely, notificationId, { outcome: "unknown_payment" });
      return "unknown_payment";
    }
    await noteNotification(db.kysely, notificationId, { orderId: payment.order_id, paymentId: payment.id });
    // Only a full refund undoes the payment; a partial one is the organizer's business, kept as received.
    const full = event.object.refunded === true;
    return full ? reverse(deps, payment, notificationId, "charge.refunded") : ignored(deps, notificationId);
  }
  return ignored(deps, notificationId);
}

async function ignored(deps: StripeDeps, notificationId: number): Promise<WebhookResult> {
  await noteNotification(deps.db.kysely, notificationId, { outcome: "ignored" });
  return "ignored";
}

/** A full refund, whichever told us first (our refund call or the charge.refunded event): applied once. */
async function reverse(
  deps: StripeDeps,
  payment: StripePayment,
  notificationId: number,
  source: string,
): Promise<WebhookResult> {
  const reference = payment.reference ?? String(payment.id);
  if (!(await claimNotification(deps.db, notificationId, `stripe:${reference}:refunded`))) return "duplicate";
  const order = await loadOrder(deps.db, payment.order_id);
  await applyReversal(deps.db, order, {
    provider: "stripe",
    reference,
    status: "refunded",
    details: { source },
  });
  await noteNotification(deps.db.kysely, notificationId, { outcome: "refunded" });
  return "refunded";
}

/**
 * The success page: Stripe is asked about the attempt's session (never the redirect's query), so the
 * buyer sees "paid" as soon as Stripe knows, even before the webhook. A slow or failing Stripe leaves
 * the attempt as it is; the webhook still comes.
 */
export async function confirmStripePayment(deps: StripeDeps, orderId: number, paymentId: number) {
  const payment = await findStripePayment(deps.db, paymentId);
  if (!payment || payment.order_id !== orderId) throw notFound("Payment");
  if (payment.status !== "pending" || !payment.reference) return payment.status;
  try {
    const { client } = await stripeAccount(deps, payment.account_id);
    const session = await retrieveCheckoutSession(client, payment.reference, CONFIRM_TIMEOUT_MS);
    if (session.id !== payment.reference || session.payment_status !== "paid") return payment.status;
    const id = await storeNotification(
      deps.db,
      "stripe",
      JSON.stringify({ checked: "GET /v1/checkout/sessions", session }),
    );
    await noteNotification(deps.db.kysely, id, {
      orderId: payment.order_id,
      paymentId: payment.id,
      verification: "session_checked",
    });
    await settleSession(deps, payment, session, id);
  } catch (error) {
    if (!isDomainError(error) || error.code !== "provider_unavailable") throw error;
  }
  return (await findStripePayment(deps.db, payment.id))?.status ?? payment.status;
}

/** The completed card payment of an order, the one a refund goes back to. */
export async function refundableStripePayment(db: Db, orderId: number) {
  const row = await db.kysely
    .selectFrom("payments")
    .select("id")
    .where("order_id", "=", orderId)
    .where("provider", "=", "stripe")
    .where("status", "=", "completed")
    .orderBy("id", "desc")
    .executeTakeFirst();
  return row ? findStripePayment(db, row.id) : undefined;
}

/**
 * An organizer gives the money back: Stripe refunds the payment intent in full, and the ledger records
 * the reversal (a paid order goes into opposition: its tickets no longer admit). Stripe's answer is kept
 * like a message received; the charge.refunded event that follows then finds the refund applied.
 */
export async function refundStripePayment(deps: StripeDeps, order: LoadedOrder) {
  const payment = await refundableStripePayment(deps.db, order.id);
  const intent = payment ? str(detailsOf(payment).payment_intent) : "";
  if (!payment || intent === "")
    throw domainError("not_refundable", "This order has no card payment to refund", 409);
  const { client } = await stripeAccount(deps, payment.account_id);
  const refund = await createRefund(client, intent, payment.id);
  const id = await storeNotification(
    deps.db,
    "stripe",
    JSON.stringify({ sent: "POST /v1/refunds", payment_intent: intent, refund }),
  );
  await noteNotification(deps.db.kysely, id, {
    orderId: order.id,
    paymentId: payment.id,
    verification: "refund_answer",
  });
  if (refund.status === "failed" || refund.status === "canceled") {
    await noteNotification(deps.db.kysely, id, { outcome: `refund_${refund.status}` });
    throw domainError("stripe_refused", "Stripe did not make the refund", 400, {
      stripe_status: refund.status,
    });
  }
  await reverse(deps, payment, id, "refund");
  return refund;
}
