import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../testing/app.js";
import { dialects } from "../../../testing/databases.js";
import { startFakePaypal } from "../../../testing/fakes/paypal.js";
import { seedSeries } from "../../../testing/ticketing.js";
import { expireOverdueOrders } from "../../orders/lifecycle.js";
import { verifyIpn } from "./client.js";

type Order = {
  code: string;
  status: string;
  payments: { provider: string; status: string; reference: string | null; amount: string }[];
};

describe.each(dialects)("PayPal IPN on %s", (dialect) => {
  let t: TestApp;
  let paypal: Awaited<ReturnType<typeof startFakePaypal>>;
  let seeded: Awaited<ReturnType<typeof seedSeries>>;
  let notifyUrl: string;

  beforeAll(async () => {
    paypal = await startFakePaypal();
    t = await createTestApp(dialect);
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    notifyUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/v1/payments/paypal/ipn`;
    seeded = await seedSeries(t, { quota: 50, price: "12.50" });
    const account = await seeded.call<{ id: number }>(
      "POST",
      "/api/v1/organizers/org/payment-accounts",
      { provider: "paypal", email: "shop@example.org", description: "PayPal", verify_url: paypal.verifyUrl },
      { expect: 201 },
    );
    await seeded.call("PATCH", seeded.ev, { payment_accounts: [account.body.id] }, { expect: 200 });
  });
  afterAll(async () => {
    await t?.close();
    await paypal?.close();
  });

  const book = async () =>
    (
      await seeded.call<Order>(
        "POST",
        `${seeded.ev}/orders`,
        { email: "buyer@example.org", positions: [{ ticket_type: seeded.typeId, date: seeded.dateId }] },
        { expect: 201 },
      )
    ).body.code;
  const order = async (code: string) => (await seeded.call<Order>("GET", `${seeded.ev}/orders/${code}`)).body;
  const completed = (code: string, change: Record<string, string> = {}) => ({
    ...paypal.completed({ business: "shop@example.org", code, amount: "12.50", currency: "EUR" }),
    ...change,
  });
  const logCount = async (code: string) => {
    const rows = await t.ctx.db.kysely
      .selectFrom("order_log as l")
      .innerJoin("orders as o", "o.id", "l.order_id")
      .select("l.id")
      .where("o.code", "=", code)
      .execute();
    return rows.length;
  };
  const oppositionMails = async (code: string) => {
    const jobs = await t.ctx.db.kysely
      .selectFrom("jobs")
      .select("payload")
      .where("kind", "=", "mail.order")
      .execute();
    const id = (
      await t.ctx.db.kysely
        .selectFrom("orders")
        .select("id")
        .where("code", "=", code)
        .executeTakeFirstOrThrow()
    ).id;
    return jobs.filter(
      (j) => j.payload.includes(`"orderId":${id},`) && j.payload.includes("opposition_notice"),
    ).length;
  };

  it("marks the order paid on a verified Completed IPN, answers at once, and ignores the same message twice", async () => {
    const code = await book();
    const ipn = completed(code);
    expect((await paypal.sendIpn(notifyUrl, ipn)).status).toBe(200);
    expect((await order(code)).status).toBe("pending"); // verification runs in the background
    await t.worker.drain();
    const paid = await order(code);
    expect(paid.status).toBe("paid");
    expect(paid.payments).toEqual([
      expect.objectContaining({
        provider: "paypal",
        status: "completed",
        reference: ipn.txn_id,
        amount: "12.50",
      }),
    ]);
    expect(paypal.validations.at(-1)?.verdict).toBe("VERIFIED");

    const logged = await logCount(code);
    await paypal.sendIpn(notifyUrl, ipn);
    await t.worker.drain();
    expect((await order(code)).payments).toHaveLength(1);
    expect(await logCount(code)).toBe(logged);
    const outcomes = await t.ctx.db.kysely
      .selectFrom("payment_notifications")
      .select("outcome")
      .orderBy("id")
      .execute();
    expect(outcomes.map((o) => o.outcome)).toEqual(["paid", "duplicate"]);
  });

  it("changes nothing for a forged message PayPal calls INVALID", async () => {
    const code = await book();
    await paypal.forgeIpn(notifyUrl, completed(code));
    await t.worker.drain();
    expect(await order(code)).toMatchObject({ status: "pending", payments: [] });
    const last = await t.ctx.db.kysely
      .selectFrom("payment_notifications")
      .selectAll()
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(last).toMatchObject({ verification: "INVALID", outcome: "ignored" });
    expect(last.raw).toContain(`custom=${code}`);
  });

  it.each([
    ["a wrong amount", { mc_gross: "1.00" }, "amount"],
    ["another receiver", { receiver_email: "thief@example.org", business: "thief@example.org" }, "receiver"],
    ["another currency", { mc_currency: "USD" }, "currency"],
  ])("puts the order in opposition for %s and queues the notices", async (_name, change, problem) => {
    const code = await book();
    await paypal.sendIpn(notifyUrl, completed(code, change));
    await t.worker.drain();
    const opposed = await order(code);
    expect(opposed.status).toBe("opposed");
    expect(opposed.payments[0]).toMatchObject({ provider: "paypal", status: "completed" });
    const last = await t.ctx.db.kysely
      .selectFrom("payment_notifications")
      .select("outcome")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(last.outcome).toContain(problem);
    expect(await oppositionMails(code)).toBe(1);
  });

  it("puts a payment for a cancelled order in opposition, and records a refund", async () => {
    const cancelled = await book();
    await seeded.call("POST", `${seeded.ev}/orders/${cancelled}/cancel`, undefined, { expect: 200 });
    await paypal.sendIpn(notifyUrl, completed(cancelled));
    await t.worker.drain();
    expect((await order(cancelled)).status).toBe("opposed");

    const code = await book();
    const payment = completed(code);
    await paypal.sendIpn(notifyUrl, payment);
    await t.worker.drain();
    expect((await order(code)).status).toBe("paid");
    await paypal.sendIpn(notifyUrl, {
      ...payment,
      payment_status: "Refunded",
      txn_id: "REFUND0001",
      parent_txn_id: payment.txn_id ?? "",
      mc_gross: "-12.50",
      reason_code: "refund",
    });
    await t.worker.drain();
    expect(await order(code)).toMatchObject({
      status: "opposed",
      payments: [expect.objectContaining({ status: "refunded" })],
    });
  });

  it("retries later when PayPal cannot be reached, and pays once it answers", async () => {
    const code = await book();
    paypal.setOutage(true);
    await paypal.sendIpn(notifyUrl, completed(code));
    await t.worker.drain();
    expect((await order(code)).status).toBe("pending");
    const job = await t.ctx.db.kysely
      .selectFrom("jobs")
      .selectAll()
      .where("kind", "=", "payments.paypal.ipn")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: "pending", attempts: 1, max_attempts: 20 });
    paypal.setOutage(false);
    await t.ctx.db.kysely
      .updateTable("jobs")
      .set({ run_at: new Date(0).toISOString() })
      .where("id", "=", job.id)
      .execute();
    await t.worker.drain();
    expect((await order(code)).status).toBe("paid");
  });

  const lastNotification = () =>
    t.ctx.db.kysely
      .selectFrom("payment_notifications")
      .selectAll()
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();

  it("verifies the message byte for byte as PayPal encoded it, not as we would re-encode it", async () => {
    const code = await book();
    const fields = completed(code);
    // Lower-case escapes, %20 for spaces and a non-ASCII name: any re-encoding would make PayPal say INVALID.
    const raw = `${new URLSearchParams(fields).toString()}&first_name=Jos%c3%a9&address_street=1%20rue%20de%20l%27Eglise`;
    expect((await paypal.sendIpn(notifyUrl, raw)).status).toBe(200);
    expect((await lastNotification()).raw).toBe(raw);
    await t.worker.drain();
    expect(paypal.validations.at(-1)).toEqual({ verdict: "VERIFIED", body: `cmd=_notify-validate&${raw}` });
    expect((await order(code)).status).toBe("paid");
  });

  it("records a pending payment, then completes that same payment when PayPal clears it", async () => {
    const code = await book();
    const pending = completed(code, { payment_status: "Pending", pending_reason: "echeck" });
    await paypal.sendIpn(notifyUrl, pending);
    await t.worker.drain();
    expect(await order(code)).toMatchObject({
      status: "pending",
      payments: [
        expect.objectContaining({ provider: "paypal", status: "pending", reference: pending.txn_id }),
      ],
    });
    expect((await lastNotification()).outcome).toBe("pending: echeck");

    await paypal.sendIpn(notifyUrl, { ...pending, payment_status: "Completed", pending_reason: "" });
    await t.worker.drain();
    expect(await order(code)).toMatchObject({
      status: "paid",
      payments: [expect.objectContaining({ status: "completed", reference: pending.txn_id })],
    });
  });

  it("records a denied payment as failed and leaves the order pending", async () => {
    const code = await book();
    const denied = completed(code, { payment_status: "Denied" });
    await paypal.sendIpn(notifyUrl, denied);
    await t.worker.drain();
    expect(await order(code)).toMatchObject({
      status: "pending",
      payments: [expect.objectContaining({ status: "failed", reference: denied.txn_id })],
    });
    expect(await lastNotification()).toMatchObject({ verification: "VERIFIED", outcome: "failed: Denied" });
  });

  it("puts a payment for an expired order in opposition", async () => {
    const code = await book();
    await expireOverdueOrders(t.ctx.db, "2999-01-01T00:00:00.000Z");
    expect((await order(code)).status).toBe("expired");
    await paypal.sendIpn(notifyUrl, completed(code));
    await t.worker.drain();
    expect((await order(code)).status).toBe("opposed");
    expect((await lastNotification()).outcome).toBe("opposed: order_expired");
    expect(await oppositionMails(code)).toBe(1);
  });

  it("keeps a message for an unknown booking code and says so", async () => {
    await paypal.sendIpn(notifyUrl, completed("NOSUCHCODE"));
    await t.worker.drain();
    expect(await lastNotification()).toMatchObject({ order_id: null, outcome: "unknown_order" });
  });

  it("gives up on a verification that takes too long, so the job can retry", async () => {
    paypal.setDelay(1_000);
    try {
      await expect(verifyIpn(paypal.verifyUrl, "txn_id=1", { timeoutMs: 50 })).rejects.toMatchObject({
        code: "provider_unavailable",
      });
    } finally {
      paypal.setDelay(0);
    }
  });

  it("refuses an empty notification with the error shape", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/payments/paypal/ipn",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "",
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("empty_notification");
  });
});
