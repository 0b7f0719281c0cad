import { afterEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { adminHeaders, seedSeries } from "../../testing/ticketing.js";
import { expireOverdueOrders } from "./lifecycle.js";

describe.each(dialects)("orders on %s", (dialect) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("books a date with the API: pending order, booking code, unguessable ticket secrets, quota taken", async () => {
    t = await createTestApp(dialect);
    const { call, ev, dateId, typeId, quotaId } = await seedSeries(t, { quota: 5 });
    const res = await call<{
      code: string;
      status: string;
      total: string;
      positions: { id: number; secret: string }[];
    }>(
      "POST",
      `${ev}/orders`,
      {
        email: "Buyer@Example.org",
        positions: [
          { ticket_type: typeId, date: dateId, attendee_name: "A" },
          { ticket_type: typeId, date: dateId },
        ],
      },
      { expect: 201 },
    );
    expect(res.body).toMatchObject({ status: "pending", total: "25.00", email: "buyer@example.org" });
    expect(res.body.code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    expect(res.body.positions).toHaveLength(2);
    const secrets = res.body.positions.map((p) => p.secret);
    expect(new Set(secrets).size).toBe(2);
    for (const s of secrets) expect(s.length).toBeGreaterThanOrEqual(32);
    const quota = await call("GET", `${ev}/quotas/${quotaId}`, undefined, { expect: 200 });
    expect(quota.body).toMatchObject({ size: 5, taken: 2, available: 3 });

    const got = await call("GET", `${ev}/orders/${res.body.code.toLowerCase()}`, undefined, { expect: 200 });
    expect(got.body).toMatchObject({ code: res.body.code, status: "pending" });
    // Somebody else's order does not exist for an anonymous caller.
    expect((await call("GET", `${ev}/orders/${res.body.code}`, undefined, { headers: {} })).status).toBe(404);
  });

  it("refuses what cannot be booked, with stable codes and nothing written", async () => {
    t = await createTestApp(dialect);
    const { call, ev, dateId, typeId, quotaId } = await seedSeries(t, { quota: 1 });
    const missingDate = await call("POST", `${ev}/orders`, {
      email: "a@example.org",
      positions: [{ ticket_type: typeId }],
    });
    expect(missingDate.status).toBe(400);
    expect(JSON.stringify(missingDate.body)).toContain("positions.0.date");
    const tooMany = await call("POST", `${ev}/orders`, {
      email: "a@example.org",
      positions: [
        { ticket_type: typeId, date: dateId },
        { ticket_type: typeId, date: dateId },
      ],
    });
    expect(tooMany.status).toBe(409);
    expect((tooMany.body as { error: { code: string } }).error.code).toBe("sold_out");
    const unknownVoucher = await call("POST", `${ev}/orders`, {
      email: "a@example.org",
      voucher: "NOPE",
      positions: [{ ticket_type: typeId, date: dateId }],
    });
    expect((unknownVoucher.body as { error: { code: string } }).error.code).toBe("voucher_invalid");
    const badEmail = await call("POST", `${ev}/orders`, {
      email: "x",
      positions: [{ ticket_type: typeId, date: dateId }],
    });
    expect(badEmail.status).toBe(400);
    expect((await call("GET", `${ev}/quotas/${quotaId}`)).body).toMatchObject({ taken: 0, available: 1 });
    expect((await call("GET", `${ev}/orders`)).body).toEqual([]);
  });

  it("applies vouchers (scope, price effect, usages) and a zero total is paid at once", async () => {
    t = await createTestApp(dialect);
    const { call, ev, dateId, typeId } = await seedSeries(t, { quota: 10 });
    const free = await call<{ code: string; link: string }>(
      "POST",
      `${ev}/vouchers`,
      { code: "friends", max_usages: 2, date: dateId, price_mode: "free" },
      { expect: 201 },
    );
    expect(free.body.code).toBe("FRIENDS");
    expect(free.body.link).toContain("/e/org/series?voucher=FRIENDS");
    const order = await call<{ status: string; total: string }>(
      "POST",
      `${ev}/orders`,
      { email: "f@example.org", voucher: "friends", positions: [{ ticket_type: typeId, date: dateId }] },
      { expect: 201 },
    );
    expect(order.body).toMatchObject({ status: "paid", total: "0.00" });
    const discount = await call<{ code: string }>(
      "POST",
      `${ev}/vouchers`,
      { max_usages: 1, price_mode: "discount", value: "2.50" },
      { expect: 201 },
    );
    expect(discount.body.code).toMatch(/^[A-HJ-NP-Z2-9]{10}$/);
    const cheaper = await call(
      "POST",
      `${ev}/orders`,
      {
        email: "d@example.org",
        voucher: discount.body.code,
        positions: [{ ticket_type: typeId, date: dateId }],
      },
      { expect: 201 },
    );
    expect(cheaper.body).toMatchObject({ total: "10.00", status: "pending" });
    const again = await call("POST", `${ev}/orders`, {
      email: "d@example.org",
      voucher: discount.body.code,
      positions: [{ ticket_type: typeId, date: dateId }],
    });
    expect(again.status).toBe(409);
    expect((again.body as { error: { code: string } }).error.code).toBe("voucher_exhausted");
    const bulk = await call<unknown[]>(
      "POST",
      `${ev}/vouchers/bulk`,
      { count: 25, prefix: "VIP-", price_mode: "percent", value: 50 },
      { expect: 201 },
    );
    expect(bulk.body).toHaveLength(25);
    const csv = await t.app.inject({
      method: "GET",
      url: `${ev}/vouchers.csv`,
      headers: { authorization: "Bearer test-admin-token-0123456789" },
    });
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.body.split("\n").filter(Boolean)).toHaveLength(1 + 2 + 25);
  });

  it("vouchers unlock what requires them, only within their date and ticket type, and not after valid_until", async () => {
    t = await createTestApp(dialect);
    const { call, ev, dateId, typeId } = await seedSeries(t, { quota: 10 });
    const other = await call<{ id: number }>(
      "POST",
      `${ev}/dates`,
      { starts_at: "2031-04-01T19:00:00Z", requires_voucher: true },
      { expect: 201 },
    );
    const vip = await call<{ id: number }>(
      "POST",
      `${ev}/ticket-types`,
      { name: "VIP", price: "50.00", requires_voucher: true },
      { expect: 201 },
    );
    const codeOf = (r: { body: unknown }) => (r.body as { error?: { code: string } }).error?.code ?? "ok";
    const order = (voucher: string | undefined, ticket_type: number, date: number) =>
      call("POST", `${ev}/orders`, { email: "u@example.org", voucher, positions: [{ ticket_type, date }] });
    expect(codeOf(await order(undefined, vip.body.id, dateId))).toBe("voucher_required");
    expect(codeOf(await order(undefined, typeId, other.body.id))).toBe("voucher_required");
    await call(
      "POST",
      `${ev}/vouchers`,
      { code: "VIPONLY", max_usages: 5, ticket_type: vip.body.id, date: dateId },
      { expect: 201 },
    );
    expect(codeOf(await order("VIPONLY", vip.body.id, dateId))).toBe("ok");
    expect(codeOf(await order("VIPONLY", vip.body.id, other.body.id))).toBe("voucher_required");
    expect(codeOf(await order("VIPONLY", typeId, dateId))).toBe("voucher_not_applicable");
    await call(
      "POST",
      `${ev}/vouchers`,
      { code: "OLD", max_usages: 5, valid_until: "2020-01-01T00:00:00Z" },
      { expect: 201 },
    );
    expect(codeOf(await order("old", typeId, dateId))).toBe("voucher_expired");
    const unusable = await call("POST", `${ev}/vouchers`, { code: "X", max_usages: 0 });
    expect(unusable.status).toBe(400);
  });

  it("event settings: visibility decides what the start page lists; bad values are refused", async () => {
    t = await createTestApp(dialect);
    const { call } = await seedSeries(t);
    const home = async () =>
      (await t.app.inject({ method: "GET", url: "/", headers: { accept: "text/html" } })).body;
    expect(await home()).toContain("First night");
    const changed = await call(
      "PATCH",
      "/api/v1/organizers/org/events/series",
      { visibility: "unlisted", pending_minutes: 10 },
      { expect: 200 },
    );
    expect(changed.body).toMatchObject({ visibility: "unlisted", pending_minutes: 10 });
    expect(await home()).not.toContain("First night");
    expect(
      (await t.app.inject({ method: "GET", url: "/e/org/series", headers: { accept: "text/html" } }))
        .statusCode,
    ).toBe(200);
    expect(
      (await call("PATCH", "/api/v1/organizers/org/events/series", { visibility: "secret" })).status,
    ).toBe(400);
  });

  it("walks the lifecycle: mark paid, oppose (tickets invalid, record kept), cancel pending, expire", async () => {
    t = await createTestApp(dialect);
    const { call, ev, dateId, typeId, quotaId } = await seedSeries(t, { quota: 3 });
    const book = async () =>
      (
        await call<{ code: string }>(
          "POST",
          `${ev}/orders`,
          { email: "l@example.org", positions: [{ ticket_type: typeId, date: dateId }] },
          { expect: 201 },
        )
      ).body.code;
    const a = await book();
    const paid = await call("POST", `${ev}/orders/${a}/mark-paid`, undefined, { expect: 200 });
    expect(paid.body).toMatchObject({ status: "paid", positions: [{ valid: true }] });
    const cancelPaid = await call("POST", `${ev}/orders/${a}/cancel`);
    expect((cancelPaid.body as { error: { code: string } }).error.code).toBe("order_paid");
    const opposed = await call("POST", `${ev}/orders/${a}/oppose`, { reason: "chargeback" }, { expect: 200 });
    // Actions need no body at all, and an empty JSON body is no body.
    const bare = await book();
    const noBody = await t.app.inject({
      method: "POST",
      url: `${ev}/orders/${bare}/mark-paid`,
      headers: { authorization: "Bearer test-admin-token-0123456789", "content-type": "application/json" },
      payload: "",
    });
    expect(noBody.statusCode).toBe(200);
    expect(
      (
        await t.app.inject({
          method: "POST",
          url: `${ev}/orders/${bare}/oppose`,
          headers: { authorization: "Bearer test-admin-token-0123456789" },
        })
      ).statusCode,
    ).toBe(200);
    expect(opposed.body).toMatchObject({ status: "opposed", positions: [{ valid: false }] });
    expect((await call("POST", `${ev}/orders/${a}/mark-paid`)).status).toBe(409);

    const b = await book();
    await call("POST", `${ev}/orders/${b}/cancel`, undefined, { expect: 200 });
    const c = await book();
    expect((await call("GET", `${ev}/quotas/${quotaId}`)).body).toMatchObject({ taken: 1 });
    // Past its time the pending order expires and gives its place back.
    const later = new Date(Date.now() + 31 * 60_000).toISOString();
    expect(await expireOverdueOrders(t.database.db, later)).toBe(1);
    expect((await call("GET", `${ev}/orders/${c}`)).body).toMatchObject({ status: "expired" });
    expect((await call("GET", `${ev}/quotas/${quotaId}`)).body).toMatchObject({ taken: 0, available: 3 });
    expect((await call("POST", `${ev}/orders/${c}/mark-paid`)).status).toBe(409);

    const log = await t.database.db.kysely
      .selectFrom("order_log")
      .select(["action", "actor"])
      .orderBy("id")
      .execute();
    expect(log.map((l) => l.action)).toEqual([
      "placed",
      "paid",
      "opposed",
      "placed",
      "paid",
      "opposed",
      "placed",
      "cancelled",
      "placed",
      "expired",
    ]);
    expect(log.at(-1)?.actor).toBe("system");
    const filtered = await call<{ code: string }[]>("GET", `${ev}/orders?status=opposed`);
    expect(filtered.body.map((o) => o.code)).toEqual([bare, a]);
  });

  it("never oversells: 300 parallel orders at a quota of 25", async () => {
    t = await createTestApp(dialect);
    const { call, ev, dateId, typeId, quotaId } = await seedSeries(t, { quota: 25 });
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        call("POST", `${ev}/orders`, {
          email: `rush${i}@example.org`,
          positions: [{ ticket_type: typeId, date: dateId }],
        }),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    const ok = results.filter((r) => r.status === 201).length;
    const soldOut = results.filter(
      (r) => r.status === 409 && (r.body as { error: { code: string } }).error.code === "sold_out",
    ).length;
    expect(ok).toBe(25);
    expect(soldOut).toBe(275);
    expect((await call("GET", `${ev}/quotas/${quotaId}`)).body).toMatchObject({ taken: 25, available: 0 });
    const positions = await t.database.db.kysely
      .selectFrom("order_positions")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(positions.n)).toBe(25);
    console.info(
      `[rush ${dialect}] 300 parallel checkouts at a quota of 25: ${(300 / seconds).toFixed(0)} requests/s (in-process)`,
    );
  });

  it("never exceeds a voucher's usages: 200 parallel orders with a 7-use voucher", async () => {
    t = await createTestApp(dialect);
    const { call, ev, dateId, typeId } = await seedSeries(t, { quota: 1000 });
    await call(
      "POST",
      `${ev}/vouchers`,
      { code: "SEVEN", max_usages: 7, price_mode: "free" },
      { expect: 201 },
    );
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        call("POST", `${ev}/orders`, {
          email: `v${i}@example.org`,
          voucher: "SEVEN",
          positions: [{ ticket_type: typeId, date: dateId }],
        }),
      ),
    );
    expect(results.filter((r) => r.status === 201).length).toBe(7);
    expect(
      results
        .filter((r) => r.status === 409)
        .every((r) => (r.body as { error: { code: string } }).error.code === "voucher_exhausted"),
    ).toBe(true);
    const voucher = await t.database.db.kysely
      .selectFrom("vouchers")
      .select("used")
      .executeTakeFirstOrThrow();
    expect(voucher.used).toBe(7);
  });

  it("stops a client guessing voucher codes after 20 wrong ones; admins are not limited", async () => {
    t = await createTestApp(dialect);
    const { call, ev, dateId, typeId } = await seedSeries(t, { quota: 100 });
    await call(
      "POST",
      `${ev}/vouchers`,
      { code: "REAL", max_usages: 5, price_mode: "free" },
      { expect: 201 },
    );
    const guess = (voucher: string, headers: Record<string, string> = {}) =>
      call(
        "POST",
        `${ev}/orders`,
        { email: "guess@example.org", voucher, positions: [{ ticket_type: typeId, date: dateId }] },
        { headers },
      );
    for (let i = 0; i < 20; i++) expect((await guess(`WRONG${i}`)).status).toBe(400);
    const blocked = await guess("REAL");
    expect(blocked.status).toBe(429);
    expect((blocked.body as { error: { code: string } }).error.code).toBe("too_many_attempts");
    expect((await guess("REAL", adminHeaders)).status).toBe(201);
    const orders = await t.database.db.kysely.selectFrom("orders").select("id").execute();
    expect(orders).toHaveLength(1);
  });
});
