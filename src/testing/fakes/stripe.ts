import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import { stripeSignature } from "../../modules/payments/stripe/client.js";
import { escapeHtml } from "../../platform/http/html.js";
import { displayMoney } from "../../platform/money.js";
import { startFakeServer } from "./http.js";

export interface FakeStripeSession {
  id: string;
  object: "checkout.session";
  url: string;
  status: "open" | "complete" | "expired";
  payment_status: "unpaid" | "paid";
  amount_total: number;
  currency: string;
  payment_intent: string | null;
  client_reference_id: string | null;
  customer_email: string | null;
  metadata: Record<string, string>;
  success_url: string;
  cancel_url: string;
  /** Every field of the create request, as posted. */
  fields: Record<string, string>;
}

export interface FakeStripeEvent {
  id: string;
  object: "event";
  type: string;
  created: number;
  livemode: boolean;
  data: { object: Record<string, unknown> };
}

type Delivery = { status: number; text: string };
type SendOptions = { secret?: string; timestamp?: number; body?: string };

const token = (prefix: string) => `${prefix}_${randomBytes(12).toString("hex")}`;
/**
 * Stripe's API on 127.0.0.1, speaking its protocol: POST /v1/checkout/sessions (form-encoded, Bearer
 * secret key, Idempotency-Key honoured), GET /v1/checkout/sessions/:id, POST /v1/refunds; a hosted
 * checkout page (/pay/:id) whose "Pay" button sends the browser to success_url and the signed
 * checkout.session.completed event to the webhook endpoint. Tests can also send forged, stale and
 * replayed events, and make the API hang.
 */
export async function startFakeStripe(options: { secretKey: string; webhookSecret: string }) {
  const sessions = new Map<string, FakeStripeSession>();
  const byIdempotencyKey = new Map<string, string>();
  const refunds: Record<string, unknown>[] = [];
  const calls: { method: string; path: string; fields: Record<string, string>; authorization: string }[] = [];
  const deliveries: Delivery[] = [];
  const sent: { event: FakeStripeEvent; body: string; header: string }[] = [];
  const state = { hang: false, webhookUrl: "", webhookDelayMs: 200 };

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };
  const refuse = (res: ServerResponse, status: number, code: string, message: string) =>
    json(res, status, { error: { type: "invalid_request_error", code, message } });
  const publicSession = (s: FakeStripeSession) => {
    const { fields: _fields, ...rest } = s;
    return rest;
  };

  function createSession(fields: Record<string, string>, url: string): FakeStripeSession {
    const id = token("cs_test");
    const session: FakeStripeSession = {
      id,
      object: "checkout.session",
      url: `${url}/pay/${id}`,
      status: "open",
      payment_status: "unpaid",
      amount_total:
        Number(fields["line_items[0][price_data][unit_amount]"]) *
        Number(fields["line_items[0][quantity]"] ?? 1),
      currency: fields["line_items[0][price_data][currency]"] ?? "",
      payment_intent: null,
      client_reference_id: fields.client_reference_id ?? null,
      customer_email: fields.customer_email ?? null,
      metadata: Object.fromEntries(
        Object.entries(fields)
          .filter(([k]) => k.startsWith("metadata["))
          .map(([k, v]) => [k.slice("metadata[".length, -1), v]),
      ),
      success_url: fields.success_url ?? "",
      cancel_url: fields.cancel_url ?? "",
      fields,
    };
    sessions.set(id, session);
    return session;
  }

  function checkoutPage(session: FakeStripeSession) {
    const amount = displayMoney(session.amount_total, session.currency.toUpperCase(), "en");
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Fake Stripe Checkout</title>
<style>body{font-family:sans-serif;max-width:26rem;margin:2rem auto;padding:0 1rem}button{font-size:1.1rem;padding:.7rem 1.2rem;width:100%}.test{background:#ffde92;padding:.3rem .6rem;border-radius:4px}</style></head>
<body><p class="test">TEST MODE</p><h1>Fake Stripe Checkout</h1><p data-testid="checkout-amount">${escapeHtml(amount)}</p>
<p>${escapeHtml(session.customer_email ?? "")}</p><p>Card 4242 4242 4242 4242</p>
<form method="post" action="/pay/${session.id}"><button type="submit" data-testid="checkout-pay">Pay</button></form>
<p><a href="${escapeHtml(session.cancel_url)}">Cancel</a></p></body></html>`;
  }

  const server = await startFakeServer((req, body, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const fields = Object.fromEntries(new URLSearchParams(body));
    const path = url.pathname;
    if (path.startsWith("/v1/")) {
      calls.push({ method: req.method ?? "", path, fields, authorization: req.headers.authorization ?? "" });
      if (state.hang) return; // never answers: the client's deadline must end it
      if (req.headers.authorization !== `Bearer ${options.secretKey}`)
        return json(res, 401, {
          error: { type: "invalid_request_error", message: "Invalid API Key provided" },
        });
    }
    if (req.method === "POST" && path === "/v1/checkout/sessions") {
      if (fields.mode !== "payment" || !fields.success_url || !fields.cancel_url)
        return refuse(res, 400, "parameter_missing", "mode, success_url and cancel_url are required");
      const key = String(req.headers["idempotency-key"] ?? "");
      const earlier = key ? sessions.get(byIdempotencyKey.get(key) ?? "") : undefined;
      const session = earlier ?? createSession(fields, server.url);
      if (key) byIdempotencyKey.set(key, session.id);
      return json(res, 200, publicSession(session));
    }
    const sessionPath = /^\/v1\/checkout\/sessions\/([A-Za-z0-9_]+)$/.exec(path);
    if (req.method === "GET" && sessionPath) {
      const session = sessions.get(sessionPath[1] ?? "");
      if (!session) return refuse(res, 404, "resource_missing", "No such checkout.session");
      return json(res, 200, publicSession(session));
    }
    if (req.method === "POST" && path === "/v1/refunds") {
      const session = [...sessions.values()].find((s) => s.payment_intent === fields.payment_intent);
      if (!session) return refuse(res, 400, "resource_missing", "No such payment_intent");
      const key = String(req.headers["idempotency-key"] ?? "");
      const earlier = refunds.find((r) => r.payment_intent === fields.payment_intent);
      if (earlier && earlier.idempotency_key === key) return json(res, 200, earlier);
      if (earlier) return refuse(res, 400, "charge_already_refunded", "Charge has already been refunded");
      const refund = {
        id: token("re"),
        object: "refund",
        status: "succeeded",
        amount: session.amount_total,
        currency: session.currency,
        payment_intent: session.payment_intent,
        idempotency_key: key,
      };
      refunds.push(refund);
      json(res, 200, refund);
      later(() =>
        deliver(
          event("charge.refunded", {
            id: token("ch"),
            object: "charge",
            amount: session.amount_total,
            amount_refunded: session.amount_total,
            currency: session.currency,
            payment_intent: session.payment_intent,
            refunded: true,
          }),
        ),
      );
      return;
    }
    const payPath = /^\/pay\/([A-Za-z0-9_]+)$/.exec(path);
    const session = payPath ? sessions.get(payPath[1] ?? "") : undefined;
    if (payPath && !session) return void res.writeHead(404).end("No such session");
    if (session && req.method === "GET")
      return void res
        .writeHead(200, { "content-type": "text/html; charset=utf-8" })
        .end(checkoutPage(session));
    if (session && req.method === "POST") {
      complete(session);
      // Like Stripe, the browser goes back at once and the webhook follows on its own.
      res.writeHead(303, { location: session.success_url }).end();
      later(() => deliver(completedEvent(session)));
      return;
    }
    res.writeHead(404).end("not found");
  });

  function later(run: () => Promise<unknown>) {
    setTimeout(() => void run().catch(() => undefined), state.webhookDelayMs);
  }

  function complete(session: FakeStripeSession) {
    session.status = "complete";
    session.payment_status = "paid";
    session.payment_intent ??= token("pi");
  }

  function event(type: string, object: Record<string, unknown>): FakeStripeEvent {
    return {
      id: token("evt"),
      object: "event",
      type,
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      data: { object },
    };
  }

  const completedEvent = (session: FakeStripeSession, change: Partial<FakeStripeSession> = {}) =>
    event("checkout.session.completed", { ...publicSession(session), ...change });

  /** Posts an event to the webhook endpoint, signed with the endpoint secret (or another, for forgeries). */
  async function deliver(e: FakeStripeEvent, o: SendOptions = {}): Promise<Delivery> {
    const body = o.body ?? JSON.stringify(e);
    const t = o.timestamp ?? Math.floor(Date.now() / 1000);
    const header = `t=${t},v1=${stripeSignature(body, t, o.secret ?? options.webhookSecret)}`;
    sent.push({ event: e, body, header });
    return post(body, header);
  }

  async function post(body: string, header: string): Promise<Delivery> {
    const res = await fetch(state.webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", "stripe-signature": header },
      body,
    });
    const delivery = { status: res.status, text: await res.text() };
    deliveries.push(delivery);
    return delivery;
  }

  // What a forger claims: the session paid (Stripe itself knows better, and so will anyone who asks it).
  const forgedPaid = (session: FakeStripeSession): Partial<FakeStripeSession> => ({
    status: "complete",
    payment_status: "paid",
    payment_intent: session.payment_intent ?? token("pi"),
  });

  const last = () => {
    const session = [...sessions.values()].at(-1);
    if (!session) throw new Error("no Checkout Session yet");
    return session;
  };

  return {
    url: server.url,
    sessions,
    refunds,
    calls,
    deliveries,
    sent,
    last,
    set webhookUrl(url: string) {
      state.webhookUrl = url;
    },
    get webhookEndpoint() {
      return state.webhookUrl;
    },
    set webhookDelayMs(ms: number) {
      state.webhookDelayMs = ms;
    },
    /** Every API call from now on is read and never answered. */
    set hang(on: boolean) {
      state.hang = on;
    },
    event,
    deliver,
    /** The buyer pays on the hosted page; its checkout.session.completed goes out unless `webhook: false`. */
    async pay(
      o: { session?: FakeStripeSession; webhook?: boolean; amount?: number; currency?: string } = {},
    ) {
      const session = o.session ?? last();
      complete(session);
      if (o.webhook === false) return undefined;
      const change = {
        ...(o.amount !== undefined ? { amount_total: o.amount } : {}),
        ...(o.currency !== undefined ? { currency: o.currency } : {}),
      };
      return deliver(completedEvent(session, change));
    },
    /** The very bytes and header of an event already sent, again (Stripe's retries, or an attacker's replay). */
    replay(index = -1) {
      const earlier = sent.at(index);
      if (!earlier) throw new Error("nothing sent yet");
      return post(earlier.body, earlier.header);
    },
    /** A paid event for the last session, signed with a key that is not the endpoint's. */
    forge: (session = last()) =>
      deliver(completedEvent(session, forgedPaid(session)), { secret: "whsec_not-the-endpoint-secret" }),
    /** A correctly signed event, but signed ten minutes ago (a captured event sent again later). */
    stale: (session = last()) =>
      deliver(completedEvent(session, forgedPaid(session)), {
        timestamp: Math.floor(Date.now() / 1000) - 600,
      }),
    close: server.close,
  };
}

export type FakeStripe = Awaited<ReturnType<typeof startFakeStripe>>;
