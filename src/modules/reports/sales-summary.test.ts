import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { superadmin } from "../../platform/auth/actor.js";
import { createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { SALES_ZONE, seedSales } from "../../testing/sales.js";
import { findBookableEvent } from "../events/service.js";
import { salesSummary } from "./sales-summary.js";

const NOW = new Date("2031-02-20T12:00:00Z");

describe.each(dialects)("sales summary on %s", (dialect) => {
  let t: TestApp;
  let seeded: Awaited<ReturnType<typeof seedSales>>;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    seeded = await seedSales(t, NOW);
  });
  afterAll(async () => t?.close());

  const summary = async (days?: number) =>
    salesSummary(t.ctx.db, superadmin, await findBookableEvent(t.ctx.db, "fest", "summer"), {
      platformZone: "UTC",
      days,
      now: NOW,
    });

  it("counts what was sold, held and admitted against the quotas, and what was paid", async () => {
    const s = await summary();
    const { d1, d2, standard, reduced } = seeded.ids;
    expect(s.event).toMatchObject({ slug: "summer", currency: "EUR", timeZone: SALES_ZONE });
    // Paid 40.00 + 6.00 (12.00 with 50 % off) + 20.00; 32.00 still due; the cancelled order is nowhere.
    expect(s.money).toEqual({ revenueMinor: 6600, pendingMinor: 3200 });
    expect(s.orders).toEqual({ paid: 3, pending: 1, cancelled: 1, expired: 0, opposed: 0 });
    // Left: hall 10-4 = 6, reduced 6-2 = 4, standard 30-4 = 26 (the cancelled three came back).
    // The opening night is capped by its hall (6); the second night by the series quotas (26 + 4);
    // the event by those two series quotas together (30), whatever the hall has left.
    expect(s.totals).toEqual({ paid: 4, pending: 2, checkedIn: 1, remaining: 30, capacity: 36 });
    const [first, second] = s.dates;
    expect(s.dates).toHaveLength(2);
    expect(first).toMatchObject({
      dateId: d1,
      name: "Opening night",
      paid: 4,
      pending: 0,
      checkedIn: 1,
      remaining: 6,
      capacity: 10,
    });
    expect(second).toMatchObject({
      dateId: d2,
      name: null,
      paid: 0,
      pending: 2,
      checkedIn: 0,
      remaining: 30,
      capacity: 32,
    });
    expect(first?.types).toEqual([
      {
        ticketTypeId: standard,
        name: "Standard",
        paid: 3,
        pending: 0,
        checkedIn: 1,
        remaining: 6,
        capacity: 9,
      },
      {
        ticketTypeId: reduced,
        name: "Reduced",
        paid: 1,
        pending: 0,
        checkedIn: 0,
        remaining: 4,
        capacity: 5,
      },
    ]);
    expect(second?.types).toEqual([
      {
        ticketTypeId: standard,
        name: "Standard",
        paid: 0,
        pending: 1,
        checkedIn: 0,
        remaining: 26,
        capacity: 27,
      },
      {
        ticketTypeId: reduced,
        name: "Reduced",
        paid: 0,
        pending: 1,
        checkedIn: 0,
        remaining: 4,
        capacity: 5,
      },
    ]);
    // Across the dates a type reaches exactly its series quota.
    expect(
      s.ticketTypes.map((x) => [x.name, x.priceMinor, x.paid, x.pending, x.remaining, x.capacity]),
    ).toEqual([
      ["Standard", 2000, 3, 1, 26, 30],
      ["Reduced", 1200, 1, 1, 4, 6],
    ]);
    expect(s.quotas.map((q) => [q.name, q.dateId, q.size, q.taken, q.remaining])).toEqual([
      ["Hall", d1, 10, 4, 6],
      ["Reduced places", null, 6, 2, 4],
      ["Standard places", null, 30, 4, 26],
    ]);
  });

  it("buckets orders by calendar day in the event's zone, across midnight", async () => {
    const s = await summary(4);
    const { dayBefore, yesterday, today } = seeded.days;
    expect([dayBefore, yesterday, today]).toEqual(["2031-02-18", "2031-02-19", "2031-02-20"]);
    // 22:59:59.999 UTC on the 18th is still the 18th in Berlin; 23:00 UTC is already the 19th.
    expect(s.days).toEqual([
      { day: "2031-02-17", orders: 0, tickets: 0 },
      { day: dayBefore, orders: 1, tickets: 2 },
      { day: yesterday, orders: 2, tickets: 3 },
      { day: today, orders: 1, tickets: 1 },
    ]);
    expect((await summary()).days).toHaveLength(30);
  });

  it("asks for the view level on the event", async () => {
    const event = await findBookableEvent(t.ctx.db, "fest", "summer");
    await expect(
      salesSummary(t.ctx.db, { kind: "anonymous" }, event, { platformZone: "UTC" }),
    ).rejects.toMatchObject({ code: "unauthenticated" });
  });
});
