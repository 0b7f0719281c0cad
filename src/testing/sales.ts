import { dayStart, lastDays } from "../modules/reports/days.js";
import type { TestApp } from "./app.js";
import { api } from "./ticketing.js";

export const SALES_ZONE = "Europe/Berlin";

/**
 * An event that has sold, for the dashboards: the series "summer" of organizer "fest" (Berlin time),
 * two dates, two ticket types, three overlapping quotas (a hall of 10 on the opening night for both
 * types, 6 reduced places and 30 standard places across the series), a 50 % voucher on the reduced
 * type, paid, pending and cancelled orders over the last three days around Berlin midnights, and one
 * ticket checked in. The figures it must give are worked out by hand in sales-summary.test.ts.
 */
export async function seedSales(t: TestApp, now = new Date()) {
  const call = api(t);
  const org = "fest";
  await call("POST", "/api/v1/organizers", { slug: org, name: "Festival Org" }, { expect: 201 });
  await call(
    "POST",
    `/api/v1/organizers/${org}/events`,
    { slug: "summer", name: "Summer Nights", currency: "EUR", is_series: true },
    { expect: 201 },
  );
  const ev = `/api/v1/organizers/${org}/events/summer`;
  await t.ctx.db.kysely
    .updateTable("events")
    .set({ time_zone: SALES_ZONE })
    .where("slug", "=", "summer")
    .execute();
  const id = async (url: string, body: unknown) =>
    (await call<{ id: number }>("POST", url, body, { expect: 201 })).body.id;
  const d1 = await id(`${ev}/dates`, { name: "Opening night", starts_at: "2031-03-01T19:00:00Z" });
  const d2 = await id(`${ev}/dates`, { starts_at: "2031-03-02T19:00:00Z" });
  const standard = await id(`${ev}/ticket-types`, { name: "Standard", price: "20.00" });
  const reduced = await id(`${ev}/ticket-types`, { name: "Reduced", price: "12.00" });
  const hall = await id(`${ev}/quotas`, {
    name: "Hall",
    size: 10,
    ticket_types: [standard, reduced],
    date: d1,
  });
  const reducedPlaces = await id(`${ev}/quotas`, {
    name: "Reduced places",
    size: 6,
    ticket_types: [reduced],
  });
  const standardPlaces = await id(`${ev}/quotas`, {
    name: "Standard places",
    size: 30,
    ticket_types: [standard],
  });
  await call(
    "POST",
    `${ev}/vouchers`,
    { code: "HALF", price_mode: "percent", value: 50, ticket_type: reduced, max_usages: 5 },
    { expect: 201 },
  );

  let buyer = 0;
  const order = async (positions: [type: number, date: number][], voucher?: string) => {
    const { body } = await call<{ code: string }>(
      "POST",
      `${ev}/orders`,
      {
        email: `buyer${++buyer}@example.org`,
        voucher,
        positions: positions.map(([ticket_type, date]) => ({ ticket_type, date })),
      },
      { expect: 201 },
    );
    return body.code;
  };
  const paid = async (code: string) => {
    await call("POST", `${ev}/orders/${code}/mark-paid`, undefined, { expect: 200 });
    return code;
  };
  const twoStandard = await paid(
    await order([
      [standard, d1],
      [standard, d1],
    ]),
  ); // 40.00
  const halfReduced = await paid(await order([[reduced, d1]], "HALF")); // 6.00
  const pending = await order([
    [standard, d2],
    [reduced, d2],
  ]); // 32.00 due
  const cancelled = await order([
    [standard, d2],
    [standard, d2],
    [standard, d2],
  ]);
  await call("POST", `${ev}/orders/${cancelled}/cancel`, undefined, { expect: 200 });
  const oneStandard = await paid(await order([[standard, d1]])); // 20.00

  // Placed around Berlin midnights: the last second of the day before yesterday, yesterday's first
  // instant, yesterday morning, today's first instant.
  const [dayBefore, yesterday, today] = lastDays(now, SALES_ZONE, 3) as [string, string, string];
  const midnight = Date.parse(dayStart(yesterday, SALES_ZONE));
  const placed: [string, string][] = [
    [twoStandard, new Date(midnight - 1).toISOString()],
    [halfReduced, new Date(midnight).toISOString()],
    [pending, new Date(midnight + 10 * 3_600_000).toISOString()],
    [cancelled, new Date(midnight + 11 * 3_600_000).toISOString()],
    [oneStandard, dayStart(today, SALES_ZONE)],
  ];
  for (const [code, at] of placed)
    await t.ctx.db.kysely.updateTable("orders").set({ created_at: at }).where("code", "=", code).execute();

  const list = await id(`${ev}/checkin-lists`, { name: "Door", entry_policy: "once" });
  const { secret } = await t.ctx.db.kysely
    .selectFrom("order_positions as p")
    .innerJoin("orders as o", "o.id", "p.order_id")
    .select("p.secret")
    .where("o.code", "=", twoStandard)
    .orderBy("p.id")
    .executeTakeFirstOrThrow();
  const scan = await call<{ status: string }>(
    "POST",
    `${ev}/checkin-lists/${list}/redeem`,
    { secret },
    { expect: 200 },
  );
  if (scan.body.status !== "ok") throw new Error(`check-in refused: ${JSON.stringify(scan.body)}`);

  return {
    call,
    org,
    event: "summer",
    ev,
    ids: { d1, d2, standard, reduced, hall, reducedPlaces, standardPlaces },
    days: { dayBefore, yesterday, today },
  };
}
