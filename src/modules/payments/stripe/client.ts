import { createHmac, timingSafeEqual } from "node:crypto";
import { domainError } from "../../../platform/errors.js";
import { outboundFetch } from "../../../platform/outbound.js";
import { PROVIDER_TIMEOUT_MS } from "../http-client.js";

/**
 * Stripe's API as Tessera uses it: form-encoded requests under the account's API base, authenticated
 * with the secret key as a Bearer token, answering JSON (errors as {error:{type, code, message}}).
 * - POST /v1/checkout/sessions (mode=payment, line_items, success_url, cancel_url, client_reference_id,
 *   metadata, customer_email) → a session {id, url, status, payment_status, amount_total, currency,
 *   payment_intent, client_reference_id};
 * - GET /v1/checkout/sessions/:id → the same session, as Stripe sees it now;
 * - POST /v1/refunds (payment_intent) → a refund {id, status, amount, currency}.
 * Webhook events are signed: see verifyStripeSignature.
 */
export interface StripeClient {
  apiUrl: string;
  secretKey: string;
}

export const STRIPE_LIVE_API = "https://api.stripe.com";
/** Stripe's own libraries refuse events signed more than five minutes ago: a captured one cannot be replayed later. */
export const SIGNATURE_TOLERANCE_S = 300;

export interface StripeSession {
  id: string;
  url: string | null;
  status: string;
  payment_status: string;
  amount_total: number | null;
  currency: string;
  payment_intent: string | null;
  client_reference_id: string | null;
}

const text = (value: unknown) => (typeof value === "string" ? value : "");

async function call(
  client: StripeClient,
  method: "GET" | "POST",
  path: string,
  fields?: [string, string][],
  options: { timeoutMs?: number; idempotencyKey?: string } = {},
): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await outboundFetch(`${client.apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${client.secretKey}`,
        accept: "application/json",
        ...(fields ? { "content-type": "application/x-www-form-urlencoded" } : {}),
        ...(options.idempotencyKey ? { "idempotency-key": options.idempotencyKey } : {}),
      },
      body: fields ? new URLSearchParams(fields).toString() : undefined,
      timeoutMs: options.timeoutMs ?? PROVIDER_TIMEOUT_MS,
      maxBytes: 256 * 1024,
    });
  } catch (error) {
    throw domainError("provider_unavailable", "Stripe could not be reached", 503, {
      cause: error instanceof Error ? error.name : "unknown",
    });
  }
  let body: unknown;
  try {
    body = JSON.parse(await response.text());
  } catch {
    body = undefined;
  }
  if (response.status >= 500 || response.status === 429 || typeof body !== "object" || body === null)
    throw domainError("provider_unavailable", "Stripe answered with an error", 503, {
      status: response.status,
    });
  const object = body as Record<string, unknown>;
  if (response.status >= 400) {
    const error = (object.error ?? {}) as Record<string, unknown>;
    // Stripe's message is for the organizer (a wrong key, a refund already made); never shown to buyers.
    throw domainError(
      "stripe_refused",
      `Stripe refused the request: ${text(error.message) || "unknown"}`,
      400,
      {
        stripe_status: response.status,
        stripe_type: text(error.type),
        stripe_code: text(error.code),
        stripe_message: text(error.message),
      },
    );
  }
  return object;
}

function toSession(body: Record<string, unknown>): StripeSession {
  const id = text(body.id);
  if (id === "" || body.object !== "checkout.session")
    throw domainError("provider_unavailable", "Stripe answered with something other than a session", 503);
  return {
    id,
    url: text(body.url) || null,
    status: text(body.status),
    payment_status: text(body.payment_status),
    amount_total: typeof body.amount_total === "number" ? body.amount_total : null,
    currency: text(body.currency),
    payment_intent: text(body.payment_intent) || null,
    client_reference_id: text(body.client_reference_id) || null,
  };
}

export interface SessionRequest {
  amountMinor: number;
  currency: string;
  /** What the card statement's line says (the event's name). */
  name: string;
  orderCode: string;
  attemptId: number;
  successUrl: string;
  cancelUrl: string;
  email?: string;
  locale?: string;
}

/** Opens a hosted Checkout page for one order: one line with the order's total, nothing more about the buyer. */
export async function createCheckoutSession(client: StripeClient, input: SessionRequest, timeoutMs?: number) {
  const fields: [string, string][] = [
    ["mode", "payment"],
    ["line_items[0][quantity]", "1"],
    ["line_items[0][price_data][currency]", input.currency.toLowerCase()],
    ["line_items[0][price_data][unit_amount]", String(input.amountMinor)],
    ["line_items[0][price_data][product_data][name]", input.name],
    ["success_url", input.successUrl],
    ["cancel_url", input.cancelUrl],
    ["client_reference_id", input.orderCode],
    ["metadata[order]", input.orderCode],
    ["metadata[attempt]", String(input.attemptId)],
    ["payment_intent_data[metadata][order]", input.orderCode],
  ];
  if (input.email) fields.push(["customer_email", input.email]);
  if (input.locale) fields.push(["locale", input.locale]);
  // A retried request (the buyer double-clicks, our timeout fired late) must not open a second session.
  const body = await call(client, "POST", "/v1/checkout/sessions", fields, {
    timeoutMs,
    idempotencyKey: `tessera-attempt-${input.attemptId}`,
  });
  const session = toSession(body);
  if (!session.url) throw domainError("provider_unavailable", "Stripe gave no checkout address", 503);
  return session;
}

/** Stripe's own word on a session: what the success page and a lost webhook rely on, never the redirect. */
export async function retrieveCheckoutSession(client: StripeClient, sessionId: string, timeoutMs?: number) {
  if (!/^[A-Za-z0-9_]{1,255}$/.test(sessionId)) throw domainError("not_found", "No such session", 404);
  return toSession(await call(client, "GET", `/v1/checkout/sessions/${sessionId}`, undefined, { timeoutMs }));
}

export async function createRefund(client: StripeClient, paymentIntent: string, paymentId: number) {
  const body = await call(client, "POST", "/v1/refunds", [["payment_intent", paymentIntent]], {
    idempotencyKey: `tessera-refund-${paymentId}`,
  });
  return { id: text(body.id), status: text(body.status), amount: Number(body.amount ?? 0) };
}

/** The `v1` signature of a payload at time t (seconds): HMAC-SHA256 of "t.payload" keyed by the endpoint secret, hex. */
export function stripeSignature(payload: string, timestamp: number, secret: string) {
  return createHmac("sha256", secret).update(`${timestamp}.${payload}`).digest("hex");
}

export type SignatureCheck = "ok" | "missing" | "bad_signature" | "stale";

/**
 * Checks a Stripe-Signature header (`t=…,v1=…[,v1=…]`, other schemes ignored) against the raw body: one
 * v1 must match, and t must lie within the tolerance of now, so a captured event cannot be sent again later.
 */
export function verifyStripeSignature(
  payload: string,
  header: string | undefined,
  secret: string,
  nowS = Math.floor(Date.now() / 1000),
): SignatureCheck {
  if (!header) return "missing";
  let timestamp = Number.NaN;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "t") timestamp = /^\d{1,12}$/.test(value) ? Number(value) : Number.NaN;
    else if (key === "v1") signatures.push(value);
  }
  if (!Number.isFinite(timestamp) || signatures.length === 0) return "missing";
  const wanted = Buffer.from(stripeSignature(payload, timestamp, secret));
  const matches = signatures.some((s) => {
    const given = Buffer.from(s.toLowerCase());
    return given.length === wanted.length && timingSafeEqual(given, wanted);
  });
  if (!matches) return "bad_signature";
  return Math.abs(nowS - timestamp) > SIGNATURE_TOLERANCE_S ? "stale" : "ok";
}
