import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PROVIDER_TIMEOUT_MS } from "../modules/payments/http-client.js";
import { LYDIA_CALLBACK_JOB } from "../modules/payments/lydia/callbacks.js";
import { lydiaSignature } from "../modules/payments/lydia/client.js";
import { PAYPAL_IPN_JOB } from "../modules/payments/paypal/ipn.js";
import { createTestApp, type TestApp } from "../testing/app.js";
import { dialects } from "../testing/databases.js";
import { type FaultMode, type FaultyPartner, startFaultyPartner } from "../testing/fakes/faulty.js";
import { postForm } from "../testing/fakes/http.js";
import { type LydiaSetup, lydiaSetup, TOKENS } from "../testing/fakes/lydia-setup.js";
import { startFakePaypal } from "../testing/fakes/paypal.js";
import {
  drainWith,
  expectBackedOff,
  jobsOf,
  MARGIN_MS,
  makeDue,
  timedAll,
  yesNo,
} from "../testing/partner-faults.js";
import { recordFault } from "../testing/reliability.js";
import { seedSeries } from "../testing/ticketing.js";

// Payment callbacks anyone can post: forged ones never pay, a verification that cannot be had leaves
// the order unpaid until it can, and the same genuine message delivered many times (at once and one
// after another) pays once, with one payment record and one confirmation mail. Checked in the database.
const SCENARIO = "Forged and replayed payment callbacks";
const REPLAYS = 5;

/** What the database says about an order's money: status, payment rows, the mails queued for it. */
async function moneyOf(t: TestApp, code: string) {
  const order = await t.ctx.db.kysely
    .selectFrom("orders")
    .select(["id", "status"])
    .where("code", "=", code)
    .executeTakeFirstOrThrow();
  const payments = await t.ctx.db.kysely
    .selectFrom("payments")
    .select("status")
    .where("order_id", "=", order.id)
    .execute();
  const mails = (await jobsOf(t, "mail.order")).filter((j) => j.payload.includes(`"orderId":${order.id},`));
  const outcomes = await t.ctx.db.kysely
    .selectFrom("payment_notifications")
    .select(["verification", "outcome"])
    .where("order_id", "=", order.id)
    .orderBy("id")
    .execute();
  return {
    status: order.status,
    completed: payments.filter((p) => p.status === "completed").length,
    confirmations: mails.filter((j) => j.payload.includes('"payment_received"')).length,
    oppositions: mails.filter((j) => j.payload.includes('"opposition_notice"')).length,
    outcomes: outcomes.map((n) => `${n.verification}/${n.outcome}`),
  };
}
const count = (items: string[], value: string) => items.filter((i) => i === value).length;

// Every row of the scenario shows the same columns; "—" where a figure does not apply.
const FIGURES = {
  "forged attempts": "—" as string | number,
  replays: "—" as string | number,
  "paid without verification": 0,
  "payments recorded per order": "—" as string | number,
  "confirmation mails": "—" as string | number,
  "answered ms max": "—" as string | number,
  "job retries": "—" as string | number,
  "recovered after healing": "—",
};
function recordCallback(database: string, fault: string, figures: Partial<typeof FIGURES>, outcome: string) {
  recordFault({ scenario: SCENARIO, database, fault, figures: { ...FIGURES, ...figures }, outcome });
}

describe.each(dialects)("PayPal IPNs forged, unverifiable and replayed on %s", (dialect) => {
  let t: TestApp;
  let paypal: Awaited<ReturnType<typeof startFakePaypal>>;
  let verifier: FaultyPartner;
  let seeded: Awaited<ReturnType<typeof seedSeries>>;
  let notifyUrl: string;

  beforeAll(async () => {
    paypal = await startFakePaypal();
    verifier = await startFaultyPartner(paypal.verifyUrl);
    t = await createTestApp(dialect);
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    notifyUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/v1/payments/paypal/ipn`;
    seeded = await seedSeries(t, { quota: 100, price: "12.50" });
    const account = await seeded.call<{ id: number }>(
      "POST",
      "/api/v1/organizers/org/payment-accounts",
      { provider: "paypal", email: "shop@example.org", description: "PayPal", verify_url: verifier.url },
      { expect: 201 },
    );
    await seeded.call("PATCH", seeded.ev, { payment_accounts: [account.body.id] }, { expect: 200 });
  });
  // A failed test leaves no fault behind for the next one.
  afterEach(() => verifier.set("ok"));
  afterAll(async () => {
    await t?.close();
    await verifier?.close();
    await paypal?.close();
  });

  const book = async () =>
    (
      await seeded.call<{ code: string }>(
        "POST",
        `${seeded.ev}/orders`,
        { email: "buyer@example.org", positions: [{ ticket_type: seeded.typeId, date: seeded.dateId }] },
        { expect: 201 },
      )
    ).body.code;
  const completed = (code: string, change: Record<string, string> = {}) => ({
    ...paypal.completed({ business: "shop@example.org", code, amount: "12.50", currency: "EUR" }),
    ...change,
  });
  const answered = (send: () => Promise<{ status: number }>) => async () => {
    const { status } = await send();
    return { statusCode: status };
  };

  it("forged messages (PayPal answers INVALID) pay nothing", async () => {
    const [a, b] = [await book(), await book()];
    const forged = [
      completed(a),
      completed(a, { txn_id: "FORGED000002" }),
      completed(a, { payer_id: "SOMEONE", mc_fee: "0.00" }),
      completed(b, { mc_gross: "12.50", payment_date: "00:00:00 Jan 01, 2031 PST" }),
      { custom: b, payment_status: "Completed", mc_gross: "12.50", mc_currency: "EUR" },
    ];
    const sent = await timedAll(forged.length, (i) =>
      answered(() => paypal.forgeIpn(notifyUrl, forged[i] ?? {}))(),
    );
    expect(sent.answers.every((r) => r.statusCode === 200)).toBe(true);
    await drainWith(t, 2);
    const orders = [await moneyOf(t, a), await moneyOf(t, b)];
    for (const money of orders) {
      expect(money).toMatchObject({ status: "pending", completed: 0, confirmations: 0 });
      expect(money.outcomes.every((o) => o === "INVALID/ignored")).toBe(true);
    }
    const verdicts = paypal.validations.slice(-forged.length).map((v) => v.verdict);
    expect(verdicts).toEqual(forged.map(() => "INVALID"));
    recordCallback(
      dialect,
      "PayPal IPN: 5 forged or altered messages for 2 pending orders (PayPal's verification: INVALID)",
      {
        "forged attempts": forged.length,
        "paid without verification": orders.filter((o) => o.status === "paid").length,
        "payments recorded per order": Math.max(...orders.map((o) => o.completed)),
        "confirmation mails": orders.reduce((n, o) => n + o.confirmations, 0),
        "answered ms max": sent.max,
      },
      "answered 200 (so PayPal stops resending), kept as INVALID/ignored, orders still pending",
    );
  });

  it.each<[FaultMode, string]>([
    ["drop", "unreachable (connection closed)"],
    ["hang", "hangs"],
    ["error", "answers 500"],
  ])("verification %s: answered at once, not paid, the job retries, then pays", async (mode, fault) => {
    const code = await book();
    const known = (await jobsOf(t, PAYPAL_IPN_JOB)).length;
    verifier.set(mode);
    const sent = await timedAll(
      1,
      answered(() => paypal.sendIpn(notifyUrl, completed(code))),
    );
    expect(sent.answers[0]?.statusCode).toBe(200);
    expect(sent.max).toBeLessThan(MARGIN_MS);
    const started = performance.now();
    const since = Date.now();
    await drainWith(t, 1);
    expect(performance.now() - started).toBeLessThan(PROVIDER_TIMEOUT_MS + MARGIN_MS);
    const jobs = (await jobsOf(t, PAYPAL_IPN_JOB)).slice(known);
    expect(jobs).toHaveLength(1);
    expectBackedOff(jobs[0], 1, since);
    const during = await moneyOf(t, code);
    expect(during).toMatchObject({ status: "pending", completed: 0, confirmations: 0 });
    expect(during.outcomes).toEqual(["error/provider_unavailable"]);

    verifier.set("ok");
    await makeDue(t, PAYPAL_IPN_JOB);
    await drainWith(t, 1);
    const after = await moneyOf(t, code);
    expect(after).toMatchObject({ status: "paid", completed: 1, confirmations: 1 });
    recordCallback(
      dialect,
      `PayPal IPN whose verification endpoint ${fault}`,
      {
        "forged attempts": 0,
        "paid without verification": during.status === "paid" ? 1 : 0,
        "payments recorded per order": after.completed,
        "confirmation mails": after.confirmations,
        "answered ms max": sent.max,
        "job retries": 1,
        "recovered after healing": yesNo(after.status === "paid"),
      },
      "IPN answered 200 at once; order unpaid while unverified; paid once verification answered",
    );
  });

  it("amount, currency or receiver not the order's: not paid, opposition, one notice each", async () => {
    const changes: Record<string, string>[] = [
      { mc_gross: "1.00" },
      { mc_currency: "USD" },
      { receiver_email: "x@example.org", business: "x@example.org" },
    ];
    const codes = await Promise.all(changes.map(() => book()));
    await Promise.all(codes.map((code, i) => paypal.sendIpn(notifyUrl, completed(code, changes[i]))));
    await drainWith(t, 3);
    const orders = await Promise.all(codes.map((code) => moneyOf(t, code)));
    for (const money of orders)
      expect(money).toMatchObject({ status: "opposed", completed: 1, confirmations: 0, oppositions: 1 });
    recordCallback(
      dialect,
      "PayPal IPN, verified, but for another amount, currency or receiver (one order each)",
      {
        "forged attempts": changes.length,
        "paid without verification": orders.filter((o) => o.status === "paid").length,
        "payments recorded per order": Math.max(...orders.map((o) => o.completed)),
        "confirmation mails": orders.reduce((n, o) => n + o.confirmations, 0),
      },
      "orders in opposition (not paid), the money recorded for a human to judge, one notice each",
    );
  });

  it(`the same valid IPN ${REPLAYS}× at once and ${REPLAYS}× one after another: paid once`, async () => {
    const code = await book();
    const ipn = completed(code);
    const burst = await Promise.all(Array.from({ length: REPLAYS }, () => paypal.sendIpn(notifyUrl, ipn)));
    expect(burst.every((r) => r.status === 200)).toBe(true);
    await drainWith(t, REPLAYS);
    for (let i = 0; i < REPLAYS; i++) {
      await paypal.sendIpn(notifyUrl, ipn);
      await drainWith(t, 1);
    }
    const money = await moneyOf(t, code);
    expect(money).toMatchObject({ status: "paid", completed: 1, confirmations: 1 });
    expect(count(money.outcomes, "VERIFIED/paid")).toBe(1);
    expect(count(money.outcomes, "VERIFIED/duplicate")).toBe(2 * REPLAYS - 1);
    recordCallback(
      dialect,
      `PayPal IPN: one genuine message delivered ${REPLAYS}× concurrently (${REPLAYS} workers) and ${REPLAYS}× sequentially`,
      {
        replays: 2 * REPLAYS,
        "paid without verification": 0,
        "payments recorded per order": money.completed,
        "confirmation mails": money.confirmations,
      },
      "paid once; the other deliveries kept as duplicates",
    );
  });
});

describe.each(dialects)("Lydia callbacks forged and replayed on %s", (dialect) => {
  let s: LydiaSetup;
  beforeAll(async () => {
    s = await lydiaSetup(dialect);
  });
  afterAll(async () => s?.close());

  /** A confirm callback as Lydia builds it for the last request, signed with `key`, then changed. */
  function confirmCallback(key: string, after: Record<string, string> = {}) {
    const request = s.lydia.last();
    const fields = {
      currency: "EUR",
      request_id: request.id,
      amount: request.fields.amount ?? "",
      signed: "0",
      transaction_identifier: `TX${request.id}`,
      vendor_token: TOKENS.vendorToken,
      order_ref: request.fields.order_ref ?? "",
    };
    return postForm(request.fields.confirm_url ?? "", {
      ...fields,
      sig: lydiaSignature(fields, key),
      ...after,
    });
  }

  it("forged signatures are refused, and a correctly signed one Lydia does not show as paid pays nothing", async () => {
    const b = await s.buyer();
    await b.send();
    const answers = await Promise.all([
      s.lydia.forgeConfirm(),
      confirmCallback("not-the-private-token"),
      confirmCallback(TOKENS.privateToken, { amount: "0.01" }),
      confirmCallback(TOKENS.privateToken, { sig: "" }),
      confirmCallback(TOKENS.privateToken, { vendor_token: "someone-else" }),
    ]);
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const jobsBefore = (await jobsOf(s.t, LYDIA_CALLBACK_JOB)).length;
    // Signed with the real key (a leaked key, say) while the payer has not paid: request/state decides.
    await confirmCallback(TOKENS.privateToken);
    for (let attempt = 0; attempt < 6; attempt++) {
      await drainWith(s.t, 1);
      await makeDue(s.t, LYDIA_CALLBACK_JOB);
    }
    const money = await moneyOf(s.t, b.code);
    expect(money).toMatchObject({ status: "pending", completed: 0, confirmations: 0 });
    expect(count(money.outcomes, "bad_signature/ignored")).toBe(answers.length);
    expect(money.outcomes.at(-1)).toBe("signature_ok/not_paid: waiting");
    expect((await jobsOf(s.t, LYDIA_CALLBACK_JOB)).length).toBe(jobsBefore + 1);
    recordCallback(
      dialect,
      "Lydia confirm: 5 forged or altered signatures, and 1 validly signed for a request not paid",
      {
        "forged attempts": answers.length + 1,
        "paid without verification": 0,
        "payments recorded per order": money.completed,
        "confirmation mails": money.confirmations,
      },
      "bad signatures kept and ignored (no job); the signed one checked with request/state: not paid",
    );
  });

  it(`a genuine confirmation ${REPLAYS}× at once and ${REPLAYS}× one after another: paid once`, async () => {
    const b = await s.buyer();
    await b.send();
    const burst = await Promise.all([
      s.lydia.accept(),
      ...Array.from({ length: REPLAYS - 1 }, () => s.lydia.replayConfirm()),
    ]);
    expect(burst.every((r) => r?.status === 200)).toBe(true);
    await drainWith(s.t, REPLAYS);
    for (let i = 0; i < REPLAYS; i++) {
      await s.lydia.replayConfirm();
      await drainWith(s.t, 1);
    }
    const money = await moneyOf(s.t, b.code);
    expect(money).toMatchObject({ status: "paid", completed: 1, confirmations: 1 });
    expect(count(money.outcomes, "signature_ok/paid")).toBe(1);
    expect(count(money.outcomes, "signature_ok/duplicate")).toBe(2 * REPLAYS - 1);
    recordCallback(
      dialect,
      `Lydia confirm: one genuine callback delivered ${REPLAYS}× concurrently (${REPLAYS} workers) and ${REPLAYS}× sequentially`,
      {
        replays: 2 * REPLAYS,
        "paid without verification": 0,
        "payments recorded per order": money.completed,
        "confirmation mails": money.confirmations,
      },
      "paid once; the other deliveries kept as duplicates",
    );
  });

  it("a confirmation for another amount: not paid, opposition", async () => {
    const b = await s.buyer();
    await b.send();
    await s.lydia.accept({ amount: 100 });
    await drainWith(s.t, 1);
    const money = await moneyOf(s.t, b.code);
    expect(money).toMatchObject({ status: "opposed", confirmations: 0, oppositions: 1 });
    recordCallback(
      dialect,
      "Lydia confirm, genuine and paid at Lydia, for 1.00 instead of 8.00",
      {
        "forged attempts": 1,
        "paid without verification": 0,
        "payments recorded per order": money.completed,
        "confirmation mails": money.confirmations,
      },
      "order in opposition (not paid), one notice",
    );
  });
});
