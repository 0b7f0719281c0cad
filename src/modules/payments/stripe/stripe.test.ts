import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LANG_COOKIE } from "../../../platform/http/request.js";
import { dialects } from "../../../testing/databases.js";
import { STRIPE_KEYS, type StripeSetup, stripeSetup } from "../../../testing/fakes/stripe-setup.js";
import { adminHeaders } from "../../../testing/ticketing.js";
import { stripeSecrets } from "../accounts.js";
import { PROVIDER_TIMEOUT_MS } from "../http-client.js";
import { stripeSignature, verifyStripeSignature } from "./client.js";

const text = (body: string) => body.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe("the Stripe-Signature check", () => {
  const payload = '{"id":"evt_1"}';
  const secret = "whsec_unit";
  const now = 1_800_000_000;
  const header = (t: number, key = secret, body = payload) => `t=${t},v1=${stripeSignature(body, t, key)}`;
  it("accepts the endpoint's signature within five minutes, among other schemes", () => {
    expect(verifyStripeSignature(payload, header(now), secret, now)).toBe("ok");
    expect(verifyStripeSignature(payload, `${header(now - 299)},v0=abc`, secret, now)).toBe("ok");
    expect(
      verifyStripeSignature(payload, `t=${now},v1=deadbeef,${header(now).split(",")[1]}`, secret, now),
    ).toBe("ok");
  });
  it("refuses another key, another body, an old timestamp and a malformed header", () => {
    expect(verifyStripeSignature(payload, header(now, "whsec_other"), secret, now)).toBe("bad_signature");
    expect(verifyStripeSignature(`${payload} `, header(now), secret, now)).toBe("bad_signature");
    expect(verifyStripeSignature(payload, header(now - 301), secret, now)).toBe("stale");
    expect(verifyStripeSignature(payload, undefined, secret, now)).toBe("missing");
    expect(verifyStripeSignature(payload, "v1=abc", secret, now)).toBe("missing");
    expect(verifyStripeSignature(payload, "t=abc,v1=abc", secret, now)).toBe("missing");
  });
});

describe.each(dialects)("card payments through Stripe on %s", (dialect) => {
  let s: StripeSetup;

  beforeAll(async () => {
    s = await stripeSetup(dialect);
  });
  afterAll(async () => {
    await s?.close();
  });

  it("keeps the keys sealed, says test mode, and refuses mixed or malformed keys", async () => {
    const row = await s.t.ctx.db.kysely
      .selectFrom("payment_accounts")
      .select(["settings", "sealed_secrets"])
      .where("id", "=", s.accountId)
      .executeTakeFirstOrThrow();
    expect(row.sealed_secrets).not.toContain(STRIPE_KEYS.secret_key);
    expect(row.settings).not.toContain(STRIPE_KEYS.secret_key);
    expect(JSON.parse(row.settings)).toMatchObject({
      test_mode: true,
      publishable_key: STRIPE_KEYS.publishable_key,
    });
    expect(await stripeSecrets(s.t.ctx.db, s.t.ctx.secrets, s.accountId)).toEqual({
      secret_key: STRIPE_KEYS.secret_key,
      webhook_secret: STRIPE_KEYS.webhook_secret,
    });
    const listed = await s.seeded.call<{ settings: Record<string, string> }[]>(
      "GET",
      "/api/v1/organizers/org/payment-accounts",
    );
    expect(JSON.stringify(listed.body)).not.toContain("sk_test_");
    expect(JSON.stringify(listed.body)).not.toContain("whsec_");

    const mixed = await s.seeded.call<{ error: { code: string; details: { fields: { field: string }[] } } }>(
      "POST",
      "/api/v1/organizers/org/payment-accounts",
      { provider: "stripe", description: "Mixed", ...STRIPE_KEYS, secret_key: "sk_live_abcdefgh" },
    );
    expect(mixed.status).toBe(400);
    expect(mixed.body.error.details.fields.map((f) => f.field)).toEqual(["publishable_key"]);
    const bad = await s.seeded.call<{ error: { details: { fields: { field: string }[] } } }>(
      "POST",
      "/api/v1/organizers/org/payment-accounts",
      {
        provider: "stripe",
        description: "Bad",
        publishable_key: "nope-nope",
        secret_key: "nope-nope",
        webhook_secret: "nope-nope",
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.map((f) => f.field).sort()).toEqual([
      "publishable_key",
      "secret_key",
      "webhook_secret",
    ]);

    const page = await s.t.app.inject({
      url: "/admin/organizers/org/payments",
      headers: { ...adminHeaders, accept: "text/html" },
    });
    expect(page.body).toContain('data-testid="test-mode-badge"');
    expect(page.body).toContain("/api/v1/payments/stripe/webhook/org</p>");
  });

  it("opens a Checkout Session with the order's amount and code, then sends the buyer to it", async () => {
    const b = await s.buyer();
    const choice = await b.browser.get(b.payPage);
    expect(text(choice.body)).toContain("Pay by card · Cards");
    expect(choice.body).toContain('data-testid="test-mode"');
    expect(String(choice.headers["content-security-policy"])).toContain(`form-action 'self' ${s.stripe.url}`);
    const german = await b.browser.get(b.payPage, { cookie: `${b.cookie}; ${LANG_COOKIE}=de` });
    expect(text(german.body)).toContain("Mit Karte bezahlen");
    expect(text(german.body)).toContain("Testmodus");

    const sent = await b.payByCard();
    expect(sent.statusCode).toBe(303);
    const session = s.stripe.last();
    expect(sent.headers.location).toBe(session.url);
    const call = s.stripe.calls.at(-1);
    expect(call?.authorization).toBe(`Bearer ${STRIPE_KEYS.secret_key}`);
    const money = await s.money(b.code);
    expect(session.fields).toEqual({
      mode: "payment",
      "line_items[0][quantity]": "1",
      "line_items[0][price_data][currency]": "eur",
      "line_items[0][price_data][unit_amount]": "1250",
      "line_items[0][price_data][product_data][name]": `Series · ${b.code}`,
      success_url: `${s.t.ctx.config.publicUrl}/account/orders/${b.code}/pay/stripe/${money.paymentId}`,
      cancel_url: `${s.t.ctx.config.publicUrl}/account/orders/${b.code}/pay`,
      client_reference_id: b.code,
      "metadata[order]": b.code,
      "metadata[attempt]": String(money.paymentId),
      "payment_intent_data[metadata][order]": b.code,
      customer_email: b.email,
      locale: "en",
    });
    expect(money).toMatchObject({ status: "pending", payments: ["pending"] });

    // Back from Stripe without paying, and "Pay by card" again: the same session, not a second one.
    const sessions = s.stripe.sessions.size;
    const again = await b.payByCard();
    expect(again.headers.location).toBe(session.url);
    expect(s.stripe.sessions.size).toBe(sessions);
    expect((await s.money(b.code)).payments).toEqual(["pending"]);
    // Once Stripe has let it expire, a new one is opened.
    session.status = "expired";
    const fresh = await b.payByCard();
    expect(fresh.headers.location).toBe(s.stripe.last().url);
    expect(s.stripe.last().id).not.toBe(session.id);
    expect((await s.money(b.code)).payments).toEqual(["cancelled", "pending"]);
  });

  it("says 'being confirmed' until Stripe confirms; the redirect's own query proves nothing", async () => {
    const b = await s.buyer();
    await b.payByCard();
    const { paymentId } = await s.money(b.code);
    const back = `/account/orders/${b.code}/pay/stripe/${paymentId}?session_id=${s.stripe.last().id}&paid=1`;
    const waiting = await b.browser.get(back);
    expect(waiting.statusCode).toBe(200);
    expect(text(waiting.body)).toContain("Stripe is confirming your card payment");
    expect((await s.money(b.code)).status).toBe("pending");
    const status = await b.browser.get(`/account/orders/${b.code}/pay/stripe/${paymentId}/status`);
    expect(status.json()).toEqual({ order: "pending", payment: "pending" });

    // Paid at Stripe, webhook not there yet: the page asks Stripe and knows at once.
    await s.stripe.pay({ webhook: false });
    const paid = await b.browser.get(back);
    expect(text(paid.body)).toContain("Payment received.");
    expect(await s.money(b.code)).toMatchObject({ status: "paid", completed: 1, paidMails: 1 });
    // The webhook that follows changes nothing.
    const late = await s.stripe.deliver(s.stripe.event("checkout.session.completed", { ...s.stripe.last() }));
    expect(late.status).toBe(200);
    expect(JSON.parse(late.text)).toEqual({ received: true, result: "duplicate" });
    expect(await s.money(b.code)).toMatchObject({ status: "paid", completed: 1, paidMails: 1 });
  });

  it("pays the order once on a signed webhook, replayed ten times", async () => {
    const b = await s.buyer();
    await b.payByCard();
    const first = await s.stripe.pay();
    expect(first).toEqual({ status: 200, text: JSON.stringify({ received: true, result: "paid" }) });
    const replays = await Promise.all(Array.from({ length: 5 }, () => s.stripe.replay()));
    for (let i = 0; i < 5; i++) replays.push(await s.stripe.replay(-1));
    expect(replays.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(await s.money(b.code)).toMatchObject({
      status: "paid",
      completed: 1,
      paidMails: 1,
      payments: ["completed"],
    });
    const tickets = await s.seeded.call<{ status: string; positions: { secret: string | null }[] }>(
      "GET",
      `${s.seeded.ev}/orders/${b.code}`,
    );
    expect(tickets.body.status).toBe("paid");
  });

  it("refuses forged, stale and unsigned events with 400 and pays nothing", async () => {
    const b = await s.buyer();
    await b.payByCard();
    const before = (await s.notifications()).length;
    const forged = await s.stripe.forge();
    const stale = await s.stripe.stale();
    const unsigned = await fetch(s.stripe.webhookEndpoint, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(
        s.stripe.event("checkout.session.completed", { id: s.stripe.last().id, payment_status: "paid" }),
      ),
    });
    expect([forged.status, stale.status, unsigned.status]).toEqual([400, 400, 400]);
    expect(JSON.parse(forged.text).error.code).toBe("signature_invalid");
    expect(JSON.parse(stale.text).error.code).toBe("signature_expired");
    expect((await s.notifications()).slice(before)).toEqual([
      "bad_signature/refused",
      "stale/refused",
      "missing/refused",
    ]);
    expect(await s.money(b.code)).toMatchObject({ status: "pending", completed: 0, paidMails: 0 });
    const nobody = await fetch(s.stripe.webhookEndpoint.replace(/\/org$/, "/other"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(nobody.status).toBe(404);
  });

  it("refuses an amount or currency other than the order's with 4xx; the order is not paid", async () => {
    for (const wrong of [{ amount: 100 }, { currency: "usd" }]) {
      const b = await s.buyer();
      await b.payByCard();
      const answer = await s.stripe.pay(wrong);
      expect(answer?.status).toBe(422);
      expect(JSON.parse(answer?.text ?? "{}").error.code).toBe("payment_mismatch");
      const money = await s.money(b.code);
      expect(money.status).not.toBe("paid");
      expect(money.paidMails).toBe(0);
    }
  });

  it("closes the attempt on checkout.session.expired and async_payment_failed; the order stays payable", async () => {
    for (const type of ["checkout.session.expired", "checkout.session.async_payment_failed"]) {
      const b = await s.buyer();
      await b.payByCard();
      const event = s.stripe.event(type, { ...s.stripe.last(), status: "expired" });
      const answer = await s.stripe.deliver(event);
      expect(JSON.parse(answer.text)).toEqual({ received: true, result: "closed" });
      expect(JSON.parse((await s.stripe.replay()).text).result).toBe("duplicate");
      const money = await s.money(b.code);
      expect(money).toMatchObject({
        status: "pending",
        payments: [type.endsWith("expired") ? "cancelled" : "failed"],
      });
    }
  });

  it("refunds a paid card payment from the admin's order page, and records charge.refunded once", async () => {
    const b = await s.buyer();
    await b.payByCard();
    await s.stripe.pay();
    const orderPage = `/admin/organizers/org/events/series/orders/${b.code}`;
    const page = await s.t.app.inject({ url: orderPage, headers: { ...adminHeaders, accept: "text/html" } });
    expect(page.body).toContain('data-testid="refund-card"');
    expect(page.body).toContain('data-testid="test-mode-badge"');
    s.stripe.webhookDelayMs = 0;
    const refund = await s.t.app.inject({
      method: "POST",
      url: `${orderPage}/refund-card`,
      headers: { ...adminHeaders, accept: "text/html", "content-type": "application/x-www-form-urlencoded" },
      payload: "",
    });
    expect(refund.statusCode).toBe(303);
    expect(refund.headers.location).toBe(`${orderPage}?flash=flash.refunded`);
    const intent = s.stripe.last().payment_intent;
    expect(s.stripe.refunds).toMatchObject([{ payment_intent: intent, status: "succeeded", amount: 1250 }]);
    expect(s.stripe.calls.at(-1)).toMatchObject({
      method: "POST",
      path: "/v1/refunds",
      fields: { payment_intent: intent },
    });
    await expect
      .poll(() => s.stripe.deliveries.length > 0 && s.stripe.sent.at(-1)?.event.type)
      .toBe("charge.refunded");
    // Our refund call and Stripe's charge.refunded may arrive in either order: one applies, one is a duplicate.
    const applied = async () => {
      const outcomes = (await s.notifications()).slice(-2).sort().join(" ");
      return (
        outcomes === "refund_answer/refunded signature_ok/duplicate" ||
        outcomes === "refund_answer/duplicate signature_ok/refunded"
      );
    };
    await expect.poll(applied).toBe(true);
    expect(await s.money(b.code)).toMatchObject({ status: "opposed", payments: ["refunded"], paidMails: 1 });
    // Again: nothing left to refund, and Stripe is not asked twice.
    const again = await s.t.app.inject({
      method: "POST",
      url: `${orderPage}/refund-card`,
      headers: { ...adminHeaders, accept: "text/html", "content-type": "application/x-www-form-urlencoded" },
      payload: "",
    });
    expect(again.statusCode).toBe(409);
    expect(s.stripe.refunds).toHaveLength(1);
    s.stripe.webhookDelayMs = 200;
  });

  it("gives the buyer a translated 503 within the deadline when Stripe hangs", async () => {
    const b = await s.buyer();
    b.browser.cookies.set(LANG_COOKIE, "de");
    s.stripe.hang = true;
    const started = performance.now();
    try {
      const answer = await b.browser.submit(b.payPage, `${b.payPage}/${s.accountId}`, {});
      expect(performance.now() - started).toBeLessThan(PROVIDER_TIMEOUT_MS + 2500);
      expect(answer.statusCode).toBe(503);
      expect(answer.body).toContain('data-testid="stripe-unavailable"');
      expect(text(answer.body)).toContain("Der Zahlungsanbieter ist gerade nicht erreichbar.");
      expect(await s.money(b.code)).toMatchObject({ status: "pending", payments: ["failed"] });
    } finally {
      s.stripe.hang = false;
    }
  }, 30_000);
});
