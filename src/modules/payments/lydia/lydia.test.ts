import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../testing/app.js";
import { dialects } from "../../../testing/databases.js";
import { startFakeLydia } from "../../../testing/fakes/lydia.js";
import { seedSeries } from "../../../testing/ticketing.js";
import { findOrderByCode } from "../../orders/queries.js";
import { pollPendingLydiaPayments, startLydiaPayment } from "./service.js";

const TOKENS = { vendorToken: "vendor-fake-123", privateToken: "private-fake-456" };
type Order = {
  code: string;
  status: string;
  payments: { id: number; provider: string; status: string; reference: string | null }[];
};

describe.each(dialects)("Lydia on %s", (dialect) => {
  let t: TestApp;
  let lydia: Awaited<ReturnType<typeof startFakeLydia>>;
  let seeded: Awaited<ReturnType<typeof seedSeries>>;
  let accountId: number;
  const deps = () => ({ db: t.ctx.db, secrets: t.ctx.secrets, config: t.ctx.config });

  beforeAll(async () => {
    lydia = await startFakeLydia(TOKENS);
    t = await createTestApp(dialect);
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    t.ctx.config.publicUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    seeded = await seedSeries(t, { quota: 50, price: "8.00" });
    const account = await seeded.call<{ id: number }>(
      "POST",
      "/api/v1/organizers/org/payment-accounts",
      {
        provider: "lydia",
        vendor_token: TOKENS.vendorToken,
        private_token: TOKENS.privateToken,
        description: "Lydia",
        api_url: lydia.url,
      },
      { expect: 201 },
    );
    accountId = account.body.id;
    await seeded.call("PATCH", seeded.ev, { payment_accounts: [accountId] }, { expect: 200 });
  });
  afterAll(async () => {
    await t?.close();
    await lydia?.close();
  });

  async function book() {
    const { body } = await seeded.call<Order>(
      "POST",
      `${seeded.ev}/orders`,
      { email: "lydia@example.org", positions: [{ ticket_type: seeded.typeId, date: seeded.dateId }] },
      { expect: 201 },
    );
    const event = await t.ctx.db.kysely.selectFrom("events").select("id").executeTakeFirstOrThrow();
    return findOrderByCode(t.ctx.db, event.id, body.code);
  }
  async function bookAndRequest(phone = "+33612345678") {
    const order = await book();
    const paymentId = await startLydiaPayment(deps(), order, accountId, phone);
    return { code: order.code, paymentId };
  }
  const order = async (code: string) => (await seeded.call<Order>("GET", `${seeded.ev}/orders/${code}`)).body;
  const outcomes = async () =>
    (
      await t.ctx.db.kysely
        .selectFrom("payment_notifications")
        .select(["verification", "outcome"])
        .orderBy("id")
        .execute()
    ).map((n) => `${n.verification}/${n.outcome}`);

  it("sends the request, and a signed confirmation (checked with request/state) pays the order once", async () => {
    const { code } = await bookAndRequest();
    expect(lydia.last().fields).toMatchObject({
      vendor_token: TOKENS.vendorToken,
      amount: "8.00",
      currency: "EUR",
      recipient: "+33612345678",
    });
    expect(await order(code)).toMatchObject({
      status: "pending",
      payments: [
        expect.objectContaining({ provider: "lydia", status: "pending", reference: lydia.last().uuid }),
      ],
    });
    expect((await lydia.accept())?.status).toBe(200);
    expect(await order(code)).toMatchObject({
      status: "paid",
      payments: [expect.objectContaining({ status: "completed" })],
    });
    await lydia.replayConfirm();
    const after = await order(code);
    expect(after.payments).toHaveLength(1);
    expect((await outcomes()).slice(-2)).toEqual(["signature_ok/paid", "signature_ok/duplicate"]);
  });

  it("ignores a callback with a bad signature", async () => {
    const { code } = await bookAndRequest();
    await lydia.forgeConfirm();
    expect((await order(code)).status).toBe("pending");
    expect((await outcomes()).at(-1)).toBe("bad_signature/ignored");
  });

  it("leaves the order pending when the request is refused or expires", async () => {
    const refused = await bookAndRequest();
    await lydia.refuse();
    expect(await order(refused.code)).toMatchObject({
      status: "pending",
      payments: [expect.objectContaining({ status: "cancelled" })],
    });
    const expired = await bookAndRequest();
    await lydia.expire();
    expect(await order(expired.code)).toMatchObject({
      status: "pending",
      payments: [expect.objectContaining({ status: "cancelled" })],
    });
  });

  it("completes through polling when the callback is lost", async () => {
    const { code, paymentId } = await bookAndRequest();
    await lydia.accept({ callback: false });
    expect((await order(code)).status).toBe("pending");
    await t.ctx.db.kysely
      .updateTable("payments")
      .set({ updated_at: new Date(Date.now() - 120_000).toISOString() })
      .where("id", "=", paymentId)
      .execute();
    expect(await pollPendingLydiaPayments(deps())).toBeGreaterThanOrEqual(1);
    expect((await order(code)).status).toBe("paid");
  });

  it("puts the order in opposition when the confirmed amount differs", async () => {
    const { code } = await bookAndRequest();
    await lydia.accept({ amount: 100 });
    expect((await order(code)).status).toBe("opposed");
  });

  it("refuses a phone number Lydia would not take, with a clear error", async () => {
    await expect(bookAndRequest("12")).rejects.toMatchObject({ code: "validation_failed" });
    await expect(bookAndRequest("+0000000000000000")).rejects.toMatchObject({ code: "validation_failed" });
  });

  it("shows Lydia's refusal as a clear error and records the failed attempt", async () => {
    const wrong = await seeded.call<{ id: number }>(
      "POST",
      "/api/v1/organizers/org/payment-accounts",
      {
        provider: "lydia",
        vendor_token: "someone-else",
        private_token: "x-private",
        description: "Old Lydia",
        api_url: lydia.url,
      },
      { expect: 201 },
    );
    const pending = await book();
    await expect(startLydiaPayment(deps(), pending, wrong.body.id, "+33612345678")).rejects.toMatchObject({
      code: "lydia_refused",
      message: "Lydia refused the request: Unknown vendor",
    });
    expect(await order(pending.code)).toMatchObject({
      status: "pending",
      payments: [expect.objectContaining({ status: "failed" })],
    });
  });
});
