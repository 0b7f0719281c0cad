import { enqueue, type Job } from "../../../platform/jobs/queue.js";
import { parseMoney } from "../../../platform/money.js";
import { claimNotification, noteNotification, storeNotification } from "../ledger.js";
import { requestState, verifyLydiaSignature } from "./client.js";
import {
  closeAttempt,
  detailsOf,
  findLydiaPayment,
  type LydiaDeps,
  type LydiaPayment,
  lydiaAccount,
  settlePaid,
} from "./service.js";

export type LydiaCallback = "confirm" | "cancel" | "expire";
export const LYDIA_CALLBACK_JOB = "payments.lydia.callback";
// A confirmation Lydia's request/state does not show as paid yet is asked about again a few times.
const CALLBACK_JOB_ATTEMPTS = 8;
const WAITING_RETRIES = 4;

/**
 * The attempt a callback is about. order_ref ("<booking code>-<attempt id>") points at it; the signed
 * request_id and vendor_token must then be the ones that attempt's request got, so a valid signature
 * from one request can never be pinned on another.
 */
async function attemptFor(deps: LydiaDeps, params: Record<string, string>) {
  const match = /^([A-Z0-9]+)-(\d+)$/.exec(params.order_ref ?? "");
  if (!match) return undefined;
  const payment = await findLydiaPayment(deps.db, Number(match[2]));
  if (!payment) return undefined;
  const order = await deps.db.kysely
    .selectFrom("orders")
    .select("code")
    .where("id", "=", payment.order_id)
    .executeTakeFirst();
  if (order?.code !== match[1]) return undefined;
  const requestId = detailsOf(payment).request_id;
  if (typeof requestId === "string" && requestId !== "" && requestId !== params.request_id) return undefined;
  return payment;
}

/**
 * Lydia's server calls: kept as received, the signature checked with the account's private token, then
 * acted on in a job (a request/state double-check may be slow; a failure is retried). Answered at once.
 */
export async function receiveLydiaCallback(deps: LydiaDeps, kind: LydiaCallback, raw: string) {
  const id = await storeNotification(deps.db, "lydia", raw);
  const params = Object.fromEntries(new URLSearchParams(raw));
  const payment = await attemptFor(deps, params);
  if (!payment) {
    await noteNotification(deps.db.kysely, id, { outcome: "unknown_payment" });
    return "unknown_payment";
  }
  const { tokens } = await lydiaAccount(deps, payment.account_id);
  const target = { orderId: payment.order_id, paymentId: payment.id };
  if (!verifyLydiaSignature(params, tokens.private_token) || params.vendor_token !== tokens.vendor_token) {
    await noteNotification(deps.db.kysely, id, {
      ...target,
      verification: "bad_signature",
      outcome: "ignored",
    });
    return "ignored";
  }
  await noteNotification(deps.db.kysely, id, { ...target, verification: "signature_ok" });
  await enqueue(
    deps.db,
    LYDIA_CALLBACK_JOB,
    { notificationId: id, paymentId: payment.id, kind },
    { maxAttempts: CALLBACK_JOB_ATTEMPTS },
  );
  return "queued";
}

async function confirm(
  deps: LydiaDeps,
  job: Job,
  payment: LydiaPayment,
  id: number,
  params: Record<string, string>,
) {
  const { client } = await lydiaAccount(deps, payment.account_id);
  const state = await requestState(client, payment.reference ?? "");
  if (state === "waiting" && job.attempts < WAITING_RETRIES)
    throw new Error("Lydia does not show the request as paid yet");
  if (state !== "paid") {
    await noteNotification(deps.db.kysely, id, { outcome: `not_paid: ${state}` });
    return;
  }
  // Checked against the order by applyReceivedPayment: another amount or currency means opposition.
  await settlePaid(deps, payment, {
    notificationId: id,
    amountMinor: parseMoney(params.amount) ?? -1,
    currency: params.currency ?? "",
    details: { transaction_identifier: params.transaction_identifier ?? "" },
  });
}

async function close(deps: LydiaDeps, payment: LydiaPayment, id: number, kind: "cancel" | "expire") {
  if (!(await claimNotification(deps.db, id, `lydia:${payment.reference ?? payment.id}:closed`))) return;
  const closed = await closeAttempt(deps.db, payment.id, "cancelled");
  await noteNotification(deps.db.kysely, id, {
    outcome: closed ? (kind === "cancel" ? "cancelled" : "expired") : `ignored: payment ${payment.status}`,
  });
}

export function lydiaCallbackHandler(deps: LydiaDeps) {
  return async (payload: unknown, job: Job) => {
    const { notificationId, paymentId, kind } = payload as {
      notificationId: number;
      paymentId: number;
      kind: LydiaCallback;
    };
    const [notification, payment] = await Promise.all([
      deps.db.kysely
        .selectFrom("payment_notifications")
        .select("raw")
        .where("id", "=", notificationId)
        .executeTakeFirst(),
      findLydiaPayment(deps.db, paymentId),
    ]);
    if (!notification || !payment) return;
    const params = Object.fromEntries(new URLSearchParams(notification.raw));
    if (kind === "confirm") await confirm(deps, job, payment, notificationId, params);
    else await close(deps, payment, notificationId, kind);
  };
}
