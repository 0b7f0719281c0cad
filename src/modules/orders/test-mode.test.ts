import fs from "node:fs";
import path from "node:path";
import { simpleParser } from "mailparser";
import { afterEach, describe, expect, it } from "vitest";
import { superadmin } from "../../platform/auth/actor.js";
import { createTestApp, type TestApp } from "../../testing/app.js";
import { SCREENSHOT_DIR } from "../../testing/chromium.js";
import { dialects } from "../../testing/databases.js";
import { pdfPagePng, pdfText } from "../../testing/documents.js";
import { organizerOwner } from "../../testing/guestcards.js";
import { startSmtpServer } from "../../testing/smtp.js";
import { adminHeaders, seedSeries } from "../../testing/ticketing.js";
import { findBookableEvent } from "../events/service.js";
import { countTickets, ticketBatches } from "../exports/rows.js";
import { salesSummary } from "../reports/sales-summary.js";

const EVENT = "/admin/organizers/org/events/series";
const BANNER = "Test mode — orders are not real";

type Placed = { code: string; status: string; test_mode: boolean };

describe.each(dialects)("test mode on %s", (dialect) => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>> | undefined;
  afterEach(async () => {
    await t?.close();
    await smtp?.close();
    smtp = undefined;
  });

  async function seeded(quota = 10, env: Record<string, string> = {}) {
    t = await createTestApp(dialect, env);
    const seed = await seedSeries(t, { quota, price: "12.50" });
    const book = (email: string, tickets = 1) =>
      seed.call<Placed>(
        "POST",
        `${seed.ev}/orders`,
        {
          email,
          positions: Array.from({ length: tickets }, () => ({ ticket_type: seed.typeId, date: seed.dateId })),
        },
        { expect: 201 },
      );
    const testMode = async (on: boolean) =>
      (await seed.call<{ test_mode: boolean }>("PATCH", seed.ev, { test_mode: on }, { expect: 200 })).body;
    const taken = async () =>
      (await seed.call<{ taken: number }>("GET", `${seed.ev}/quotas/${seed.quotaId}`)).body.taken;
    const shop = async (path = "/e/org/series") =>
      (await t.app.inject({ method: "GET", url: path, headers: { accept: "text/html" } })).body;
    return { ...seed, book, testMode, taken, shop };
  }

  it("flags orders placed in test mode, labels them everywhere, and leaves them out of sales and exports", async () => {
    smtp = await startSmtpServer();
    const { call, ev, dateId, book, testMode, shop } = await seeded(10, { SMTP_URL: smtp.url });
    expect(await shop()).not.toContain(BANNER);
    expect((await testMode(true)).test_mode).toBe(true);
    expect(await shop()).toContain(BANNER);
    expect(await shop(`/e/org/series/dates/${dateId}`)).toContain(BANNER);

    const paidTest = (await book("tess@example.org", 2)).body;
    expect(paidTest.test_mode).toBe(true);
    // A bank transfer's test order is marked paid by the organizer as usual.
    await call("POST", `${ev}/orders/${paidTest.code}/mark-paid`, undefined, { expect: 200 });
    const pendingTest = (await book("tess@example.org")).body;

    // Off again: nothing is deleted, what was test stays test, what comes now is real.
    expect((await testMode(false)).test_mode).toBe(false);
    expect(await shop()).not.toContain(BANNER);
    const real = (await book("rita@example.org")).body;
    expect(real.test_mode).toBe(false);
    await call("POST", `${ev}/orders/${real.code}/mark-paid`, undefined, { expect: 200 });
    expect((await call<Placed>("GET", `${ev}/orders/${paidTest.code}`)).body.test_mode).toBe(true);

    const event = await findBookableEvent(t.ctx.db, "org", "series");
    const summary = await salesSummary(t.ctx.db, superadmin, event, { platformZone: "UTC" });
    expect(summary.totals).toMatchObject({ paid: 1, pending: 0 });
    expect(summary.orders).toMatchObject({ paid: 1, pending: 0 });
    expect(summary.money).toEqual({ revenueMinor: 1250, pendingMinor: 0 });
    expect(summary.days.reduce((n, d) => n + d.orders, 0)).toBe(1);

    expect(await countTickets(t.ctx.db, event.id, "paid")).toBe(1);
    expect(await countTickets(t.ctx.db, event.id, "pending")).toBe(0);
    const exported: string[] = [];
    for await (const batch of ticketBatches(t.ctx.db, event.id, "paid", "booking"))
      exported.push(...batch.map((row) => row.code));
    expect(exported).toEqual([real.code]);

    const owner = await organizerOwner(t, "org");
    const list = await owner.get(`${EVENT}/orders`);
    expect(list.body.match(/data-testid="test-order">TEST</g)).toHaveLength(2);
    const page = await owner.get(`${EVENT}/orders/${paidTest.code}`);
    expect(page.body).toContain(
      `<code>${paidTest.code}</code> <span class="pill warn" data-testid="test-order">TEST</span>`,
    );
    expect(page.body).toContain("This is a test order");
    expect((await owner.get(`${EVENT}/orders/${real.code}`)).body).not.toContain('data-testid="test-order"');

    const pdf = await t.app.inject({
      method: "GET",
      url: `${ev}/orders/${paidTest.code}/tickets.pdf`,
      headers: adminHeaders,
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdfText(pdf.rawPayload)).toContain("TEST — NOT A VALID TICKET");
    // The stamp as a reader sees it, kept beside the browser screenshots.
    fs.writeFileSync(
      path.join(SCREENSHOT_DIR, `test-mode-ticket-${dialect}.png`),
      pdfPagePng(pdf.rawPayload),
    );
    const realPdf = await t.app.inject({
      method: "GET",
      url: `${ev}/orders/${real.code}/tickets.pdf`,
      headers: adminHeaders,
    });
    expect(pdfText(realPdf.rawPayload)).not.toContain("TEST");

    await t.worker.drain();
    const subjects = async (address: string) =>
      Promise.all(
        (smtp?.received ?? [])
          .filter((m) => m.to.includes(address))
          .map(async (m) => (await simpleParser(m.raw)).subject),
      );
    const testSubjects = await subjects("tess@example.org");
    expect(testSubjects.length).toBeGreaterThanOrEqual(3);
    for (const subject of testSubjects) expect(subject).toMatch(/^\[TEST\] /);
    expect(testSubjects).toContain(`[TEST] Payment received: booking ${paidTest.code}`);
    expect(testSubjects).toContain(`[TEST] Your booking ${pendingTest.code} for Series`);
    for (const subject of await subjects("rita@example.org")) expect(subject).not.toContain("TEST");
  });

  it("deletes every test order in one action: their places come back, real orders stay", async () => {
    const { call, ev, book, testMode, taken } = await seeded(6);
    const before = (await book("rita@example.org")).body;
    await testMode(true);
    const paid = (await book("tess@example.org", 2)).body;
    await call("POST", `${ev}/orders/${paid.code}/mark-paid`, undefined, { expect: 200 });
    const pending = (await book("tess@example.org")).body;
    const cancelled = (await book("tess@example.org")).body;
    await call("POST", `${ev}/orders/${cancelled.code}/cancel`, undefined, { expect: 200 });
    await testMode(false);
    const after = (await book("rita@example.org")).body;
    expect(await taken()).toBe(5);

    const owner = await organizerOwner(t, "org");
    const settings = await owner.get(`${EVENT}/settings`);
    expect(settings.body).toContain("This event has 3 test orders.");
    expect(settings.body).toContain(`href="${EVENT}/settings/test-orders/delete"`);
    const confirm = await owner.get(`${EVENT}/settings/test-orders/delete`);
    expect(confirm.body).toContain("Delete all test orders of Series?");
    const done = await owner.submit(
      `${EVENT}/settings/test-orders/delete`,
      `${EVENT}/settings/test-orders/delete`,
      {},
    );
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`${EVENT}/settings?flash=testMode.deleted#test-orders`);

    expect(await taken()).toBe(2);
    const left = await call<Placed[]>("GET", `${ev}/orders`);
    expect(left.body.map((o) => o.code).sort()).toEqual([before.code, after.code].sort());
    for (const code of [paid.code, pending.code, cancelled.code])
      expect((await call("GET", `${ev}/orders/${code}`)).status).toBe(404);
    const orphans = await t.ctx.db.kysely
      .selectFrom("order_positions as p")
      .leftJoin("orders as o", "o.id", "p.order_id")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("o.id", "is", null)
      .executeTakeFirstOrThrow();
    expect(Number(orphans.n)).toBe(0);
    const payments = await t.ctx.db.kysely
      .selectFrom("payments")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(payments.n)).toBe(0);
    // The freed places sell again; a second deletion finds nothing to do.
    await book("next@example.org", 4);
    expect(await taken()).toBe(6);
    expect((await owner.get(`${EVENT}/settings`)).body).not.toContain("test orders.");
  });

  it("never oversells in test mode: 120 parallel checkouts at a quota of 9", async () => {
    const { call, ev, dateId, typeId, testMode, taken } = await seeded(9);
    await testMode(true);
    const results = await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        call("POST", `${ev}/orders`, {
          email: `rush${i}@example.org`,
          positions: [{ ticket_type: typeId, date: dateId }],
        }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(9);
    expect(
      results.filter(
        (r) => r.status === 409 && (r.body as { error: { code: string } }).error.code === "sold_out",
      ),
    ).toHaveLength(111);
    expect(await taken()).toBe(9);
    const flags = await t.ctx.db.kysely.selectFrom("orders").select("test_mode").execute();
    expect(flags.map((f) => f.test_mode)).toEqual(Array(9).fill(1));
    // The API deletes them in one call, and the places are all back.
    const deleted = await call<{ deleted: number }>("DELETE", `${ev}/test-orders`, undefined, {
      expect: 200,
    });
    expect(deleted.body).toEqual({ deleted: 9 });
    expect(await taken()).toBe(0);
  });
});
