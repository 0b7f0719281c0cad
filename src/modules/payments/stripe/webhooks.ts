import { domainError, notFound } from "../../../platform/errors.js";
import { noteNotification, storeNotification } from "../ledger.js";
import { type SignatureCheck, verifyStripeSignature } from "./client.js";
import { applyStripeEvent, type StripeDeps, stripeAccount, type WebhookResult } from "./service.js";

/**
 * A Stripe webhook for one organizer: the raw body is kept as received, its Stripe-Signature checked with
 * the endpoint secret of the organizer's Stripe accounts (forged or stale → 400, nothing done), then the event is applied.
 * Stripe retries anything but a 2xx, so only what must not be retried is refused.
 */
export async function receiveStripeWebhook(
  deps: StripeDeps,
  organizer: string,
  raw: string,
  signature: string | undefined,
): Promise<WebhookResult> {
  // One endpoint per organizer, known before any account exists (Stripe's endpoint secret comes from
  // that endpoint): the account is the one whose secret signed the event. Retired ones still count,
  // since payments under way on them complete.
  const accounts = await deps.db.kysely
    .selectFrom("payment_accounts as a")
    .innerJoin("organizers as o", "o.id", "a.organizer_id")
    .select("a.id")
    .where("o.slug", "=", organizer)
    .where("a.provider", "=", "stripe")
    .orderBy("a.id")
    .execute();
  if (accounts.length === 0) throw notFound("Payment account");
  const id = await storeNotification(deps.db, "stripe", raw);
  let check: SignatureCheck = "bad_signature";
  let accountId = 0;
  for (const account of accounts) {
    const { webhookSecret } = await stripeAccount(deps, account.id);
    const result = verifyStripeSignature(raw, signature, webhookSecret);
    if (result === "ok" || result === "stale" || (result === "missing" && check === "bad_signature")) {
      check = result;
      accountId = account.id;
    }
    if (result === "ok") break;
  }
  if (check !== "ok") {
    await noteNotification(deps.db.kysely, id, { verification: check, outcome: "refused" });
    throw domainError(
      check === "stale" ? "signature_expired" : "signature_invalid",
      check === "stale" ? "The event was signed too long ago" : "The Stripe-Signature does not match",
      400,
    );
  }
  await noteNotification(deps.db.kysely, id, { verification: "signature_ok" });
  const event = parseEvent(raw);
  if (!event) {
    await noteNotification(deps.db.kysely, id, { outcome: "unreadable" });
    throw domainError("invalid_event", "The body is not a Stripe event", 400);
  }
  const result = await applyStripeEvent(deps, accountId, id, event);
  if (result === "mismatch")
    throw domainError("payment_mismatch", "The amount or currency paid is not the order's", 422);
  return result;
}

function parseEvent(raw: string) {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof body !== "object" || body === null) return undefined;
  const { id, type, data } = body as Record<string, unknown>;
  const object = (data as Record<string, unknown> | undefined)?.object;
  if (typeof id !== "string" || typeof type !== "string" || typeof object !== "object" || object === null)
    return undefined;
  return { id, type, object: object as Record<string, unknown> };
}
