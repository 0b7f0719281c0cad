import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dialects } from "../../../testing/databases.js";
import { type LydiaSetup, lydiaSetup, TOKENS } from "../../../testing/fakes/lydia-setup.js";
import { LYDIA_CALLBACK_JOB } from "./callbacks.js";
import { lydiaSignature, verifyLydiaSignature } from "./client.js";
import { pollPendingLydiaPayments } from "./service.js";

describe("Lydia's callback signature", () => {
  const params = {
    currency: "EUR",
    request_id: "1042",
    amount: "8.00",
    signed: "0",
    transaction_identifier: "TX1042",
    vendor_token: "vendor-x",
    order_ref: "ABC234-7",
  };
  const expected = createHash("md5")
    .update(
      "amount=8.00&currency=EUR&order_ref=ABC234-7&request_id=1042&signed=0&transaction_identifier=TX1042&vendor_token=vendor-x&private-y",
    )
    .digest("hex");

  it("is the md5 of the signed parameters sorted by name, then & and the private token", () => {
    expect(lydiaSignature(params, "private-y")).toBe(expected);
    expect(verifyLydiaSignature({ ...params, sig: expected }, "private-y")).toBe(true);
    expect(verifyLydiaSignature({ ...params, sig: expected.toUpperCase() }, "private-y")).toBe(true);
  });

  it("still holds with a field Lydia does not sign, and fails for another key or another value", () => {
    expect(verifyLydiaSignature({ ...params, sig: expected, extra: "x" }, "private-y")).toBe(true);
    expect(verifyLydiaSignature({ ...params, sig: expected }, "private-z")).toBe(false);
    expect(verifyLydiaSignature({ ...params, amount: "80.00", sig: expected }, "private-y")).toBe(false);
    expect(verifyLydiaSignature({ ...params }, "private-y")).toBe(false);
  });
});

describe.each(dialects)("Lydia payments on %s", (dialect) => {
  let s: LydiaSetup;
  beforeAll(async () => {
    s = await lydiaSetup(dialect);
  });
  afterAll(async () => {
    await s?.close();
  });

  const callbackJobs = async () =>
    Number(
      (
        await s.t.ctx.db.kysely
          .selectFrom("jobs")
          .select((eb) => eb.fn.countAll().as("n"))
          .where("kind", "=", LYDIA_CALLBACK_JOB)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const logCount = async (code: string) =>
    (
      await s.t.ctx.db.kysely
        .selectFrom("order_log as l")
        .innerJoin("orders as o", "o.id", "l.order_id")
        .select("l.id")
        .where("o.code", "=", code)
        .execute()
    ).length;
  const deps = () => ({ db: s.t.ctx.db, secrets: s.t.ctx.secrets, config: s.t.ctx.config });

  it("sends the request to the phone, and a signed confirmation checked with request/state pays the order", async () => {
    const b = await s.buyer();
    const sent = await b.send();
    expect(sent.statusCode).toBe(303);
    const [attempt] = (await s.order(b.code)).payments;
    expect(sent.headers.location).toBe(`/account/orders/${b.code}/pay/lydia/${attempt?.id}`);
    const base = s.t.ctx.config.publicUrl;
    expect(s.lydia.last().fields).toMatchObject({
      vendor_token: TOKENS.vendorToken,
      recipient: "0612345678",
      type: "phone",
      amount: "8.00",
      currency: "EUR",
      order_ref: `${b.code}-${attempt?.id}`,
      confirm_url: `${base}/api/v1/payments/lydia/confirm`,
      cancel_url: `${base}/api/v1/payments/lydia/cancel`,
      expire_url: `${base}/api/v1/payments/lydia/expire`,
      browser_success_url: `${base}${sent.headers.location}`,
    });
    expect(await s.order(b.code)).toMatchObject({
      status: "pending",
      payments: [{ provider: "lydia", status: "pending", reference: s.lydia.last().uuid }],
    });

    const answer = await s.lydia.accept();
    expect(answer).toMatchObject({ status: 200, text: '{"status":"received"}' });
    expect((await s.order(b.code)).status).toBe("pending"); // acted on in the background
    const statesAsked = s.lydia.calls.filter((c) => c.path === "/api/request/state.json").length;
    await s.t.worker.drain();
    expect(s.lydia.calls.filter((c) => c.path === "/api/request/state.json")).toHaveLength(statesAsked + 1);
    expect(await s.order(b.code)).toMatchObject({
      status: "paid",
      payments: [{ provider: "lydia", status: "completed", amount: "8.00", reference: s.lydia.last().uuid }],
    });
    expect((await s.notifications()).at(-1)).toBe("signature_ok/paid");

    const logged = await logCount(b.code);
    await s.lydia.replayConfirm();
    await s.t.worker.drain();
    expect((await s.order(b.code)).payments).toHaveLength(1);
    expect((await s.order(b.code)).status).toBe("paid");
    expect(await logCount(b.code)).toBe(logged);
    expect((await s.notifications()).at(-1)).toBe("signature_ok/duplicate");
  });

  it("takes a confirmation posted as multipart/form-data too", async () => {
    const b = await s.buyer();
    await b.send();
    expect((await s.lydia.accept({ multipart: true }))?.status).toBe(200);
    await s.t.worker.drain();
    expect((await s.order(b.code)).status).toBe("paid");
  });

  it("ignores a callback with a bad signature or for a request that is not ours, and changes nothing", async () => {
    const b = await s.buyer();
    await b.send();
    const jobs = await callbackJobs();
    expect((await s.lydia.forgeConfirm()).status).toBe(200);
    expect((await s.notifications()).at(-1)).toBe("bad_signature/ignored");

    // Signed with the right key, but pinned on another attempt than the one the request was made for.
    const request = s.lydia.last();
    const other = { ...request, id: "999999" };
    s.lydia.requests.set("other", other);
    await s.lydia.accept({ request: other });
    expect((await s.notifications()).at(-1)).toBe("unverified/unknown_payment");
    s.lydia.requests.delete("other");

    await s.t.worker.drain();
    expect(await callbackJobs()).toBe(jobs);
    expect(await s.order(b.code)).toMatchObject({ status: "pending", payments: [{ status: "pending" }] });
  });

  it("leaves the order pending when the payer refuses or the request expires, and lets the buyer try again", async () => {
    const refused = await s.buyer();
    await refused.send();
    await s.lydia.refuse();
    await s.t.worker.drain();
    expect(await s.order(refused.code)).toMatchObject({
      status: "pending",
      payments: [{ status: "cancelled" }],
    });
    expect((await s.notifications()).at(-1)).toBe("signature_ok/cancelled");

    const expired = await s.buyer();
    await expired.send();
    await s.lydia.expire();
    await s.t.worker.drain();
    expect(await s.order(expired.code)).toMatchObject({
      status: "pending",
      payments: [{ status: "cancelled" }],
    });
    expect((await s.notifications()).at(-1)).toBe("signature_ok/expired");

    expect((await expired.send()).statusCode).toBe(303);
    await s.lydia.accept();
    await s.t.worker.drain();
    expect(await s.order(expired.code)).toMatchObject({
      status: "paid",
      payments: [{ status: "cancelled" }, { status: "completed" }],
    });
  });

  it("completes the order by polling when the callback is lost, and a late callback then changes nothing", async () => {
    const b = await s.buyer();
    await b.send();
    await s.lydia.accept({ callback: false });
    const [attempt] = (await s.order(b.code)).payments;
    expect(await pollPendingLydiaPayments(deps())).toBe(0); // asked only after a minute without news
    await s.t.ctx.db.kysely
      .updateTable("payments")
      .set({ updated_at: new Date(Date.now() - 120_000).toISOString() })
      .where("id", "=", attempt?.id ?? 0)
      .execute();
    expect(await pollPendingLydiaPayments(deps())).toBe(1);
    expect(await s.order(b.code)).toMatchObject({ status: "paid", payments: [{ status: "completed" }] });
    expect((await s.notifications()).at(-1)).toBe("state_checked/paid");

    await s.lydia.replayConfirm();
    await s.t.worker.drain();
    expect((await s.order(b.code)).status).toBe("paid");
    expect((await s.notifications()).at(-1)).toBe("signature_ok/duplicate");
  });

  it("puts the order in opposition when the confirmed amount is not the order's", async () => {
    const b = await s.buyer();
    await b.send();
    await s.lydia.accept({ amount: 100 });
    await s.t.worker.drain();
    expect(await s.order(b.code)).toMatchObject({
      status: "opposed",
      payments: [{ status: "completed", amount: "1.00" }],
    });
    expect((await s.notifications()).at(-1)).toBe("signature_ok/mismatch: amount");
  });

  it("retries the double-check while Lydia is unreachable, then pays", async () => {
    const b = await s.buyer();
    await b.send();
    await s.lydia.accept();
    s.lydia.failNext(1);
    await s.t.worker.drain();
    expect((await s.order(b.code)).status).toBe("pending");
    await s.t.ctx.db.kysely
      .updateTable("jobs")
      .set({ run_at: new Date().toISOString() })
      .where("kind", "=", LYDIA_CALLBACK_JOB)
      .where("status", "=", "pending")
      .execute();
    await s.t.worker.drain();
    expect((await s.order(b.code)).status).toBe("paid");
  });

  it("withdraws a request still waiting when the buyer sends a new one, so they cannot pay twice", async () => {
    const b = await s.buyer();
    await b.send();
    const first = s.lydia.last();
    await b.send("+33 6 98 76 54 32");
    expect(first.state).toBe("6");
    expect(s.lydia.last().fields.recipient).toBe("+33698765432");
    expect((await s.order(b.code)).payments.map((p) => p.status)).toEqual(["cancelled", "pending"]);
  });

  it("pays with a request the buyer had already accepted instead of sending a new one", async () => {
    const b = await s.buyer();
    await b.send();
    await s.lydia.accept({ callback: false });
    const requests = s.lydia.requests.size;
    const again = await b.send();
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(`/account/orders/${b.code}`);
    expect(s.lydia.requests.size).toBe(requests);
    expect(await s.order(b.code)).toMatchObject({ status: "paid", payments: [{ status: "completed" }] });
  });
});
