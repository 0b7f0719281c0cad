import type { AddressInfo } from "node:net";
import { expect } from "vitest";
import type { Dialect } from "../../platform/db/index.js";
import { Browser, createTestApp } from "../app.js";
import { jobsOf } from "../partner-faults.js";
import { seedSeries } from "../ticketing.js";
import { startFakeStripe } from "./stripe.js";

export const STRIPE_KEYS = {
  publishable_key: "pk_test_fake_publishable_1",
  secret_key: "sk_test_fake_secret_1",
  webhook_secret: "whsec_fake_endpoint_secret_1",
};

/**
 * A listening app (Stripe's webhooks and redirects must reach it for real), the fake Stripe pointed at
 * the organizer's webhook endpoint, an event offering one test-mode card account, and buyers: each a
 * fresh registered user with one pending order of their own.
 */
export async function stripeSetup(dialect: Dialect, options: { price?: string } = {}) {
  const stripe = await startFakeStripe({
    secretKey: STRIPE_KEYS.secret_key,
    webhookSecret: STRIPE_KEYS.webhook_secret,
  });
  const t = await createTestApp(dialect);
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  t.ctx.config.publicUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const seeded = await seedSeries(t, { quota: 50, price: options.price ?? "12.50" });
  const { call, ev } = seeded;
  const account = (
    await call<{ id: number }>(
      "POST",
      "/api/v1/organizers/org/payment-accounts",
      { provider: "stripe", description: "Cards", api_url: stripe.url, ...STRIPE_KEYS },
      { expect: 201 },
    )
  ).body;
  await call("PATCH", ev, { payment_accounts: [account.id] }, { expect: 200 });
  stripe.webhookUrl = `${t.ctx.config.publicUrl}/api/v1/payments/stripe/webhook/org`;
  let buyers = 0;

  async function buyer() {
    const browser = new Browser(t.app);
    const n = ++buyers;
    const email = `card${n}@example.org`;
    await browser.submit("/register", "/register", {
      name: `Card buyer ${n}`,
      email,
      password: "correct-horse-1",
    });
    const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await browser.get("/account")).body)?.[1] ?? "";
    const booked = await t.app.inject({
      method: "POST",
      url: `${ev}/orders`,
      headers: { cookie, "x-csrf-token": csrf, "content-type": "application/json" },
      payload: { positions: [{ ticket_type: seeded.typeId, date: seeded.dateId }] },
    });
    expect(booked.statusCode).toBe(201);
    const code = booked.json<{ code: string }>().code;
    const payPage = `/account/orders/${code}/pay`;
    return {
      browser,
      code,
      email,
      cookie,
      payPage,
      /** "Pay by card": the answer is the redirect to Stripe's hosted page (or an error page). */
      payByCard: () => browser.submit(payPage, `${payPage}/${account.id}`, {}),
    };
  }

  /** What the database says about an order's money: status, payment rows, mails queued, messages kept. */
  async function money(code: string) {
    const order = await t.ctx.db.kysely
      .selectFrom("orders")
      .select(["id", "status"])
      .where("code", "=", code)
      .executeTakeFirstOrThrow();
    const payments = await t.ctx.db.kysely
      .selectFrom("payments")
      .select(["id", "status", "reference"])
      .where("order_id", "=", order.id)
      .orderBy("id")
      .execute();
    const mails = (await jobsOf(t, "mail.order")).filter((j) => j.payload.includes(`"orderId":${order.id},`));
    return {
      status: order.status,
      payments: payments.map((p) => p.status),
      completed: payments.filter((p) => p.status === "completed").length,
      paidMails: mails.filter((j) => j.payload.includes('"payment_received"')).length,
      paymentId: payments.at(-1)?.id ?? 0,
    };
  }

  const notifications = async () =>
    (
      await t.ctx.db.kysely
        .selectFrom("payment_notifications")
        .select(["verification", "outcome"])
        .where("provider", "=", "stripe")
        .orderBy("id")
        .execute()
    ).map((n) => `${n.verification}/${n.outcome}`);

  return {
    t,
    stripe,
    seeded,
    accountId: account.id,
    buyer,
    money,
    notifications,
    async close() {
      await t.close();
      await stripe.close();
    },
  };
}

export type StripeSetup = Awaited<ReturnType<typeof stripeSetup>>;
