import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { seedSales } from "../../testing/sales.js";

describe.each(dialects)("GET …/events/{event}/summary on %s", (dialect) => {
  let t: TestApp;
  let seeded: Awaited<ReturnType<typeof seedSales>>;
  const url = "/api/v1/organizers/fest/events/summer/summary";
  const token = async (organizer: string, level: string) =>
    (
      await seeded.call<{ token: string }>(
        "POST",
        `/api/v1/organizers/${organizer}/tokens`,
        { name: `${level} token`, level },
        { expect: 201 },
      )
    ).body.token;
  const get = (path: string, bearer?: string) =>
    t.app.inject({ method: "GET", url: path, headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    seeded = await seedSales(t);
    await seeded.call("POST", "/api/v1/organizers", { slug: "rival", name: "Rival" }, { expect: 201 });
  });
  afterAll(async () => t?.close());

  it("gives a view-level token the summary, money as decimal strings", async () => {
    const res = await get(`${url}?days=3`, await token("fest", "view"));
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.event).toEqual({
      slug: "summer",
      name: "Summer Nights",
      currency: "EUR",
      time_zone: "Europe/Berlin",
    });
    expect(body.tickets).toEqual({ paid: 4, pending: 2, checked_in: 1, capacity: 36, remaining: 30 });
    expect([body.revenue, body.pending_amount]).toEqual(["66.00", "32.00"]);
    expect(body.orders).toEqual({ paid: 3, pending: 1, cancelled: 1, expired: 0, opposed: 0 });
    expect(body.dates[0]).toMatchObject({
      id: seeded.ids.d1,
      name: "Opening night",
      capacity: 10,
      remaining: 6,
    });
    expect(body.dates[0].ticket_types[1]).toEqual({
      id: seeded.ids.reduced,
      name: "Reduced",
      paid: 1,
      pending: 0,
      checked_in: 0,
      capacity: 5,
      remaining: 4,
    });
    expect(body.ticket_types.map((x: { price: string }) => x.price)).toEqual(["20.00", "12.00"]);
    expect(body.quotas[0]).toEqual({
      id: seeded.ids.hall,
      name: "Hall",
      date: seeded.ids.d1,
      ticket_types: [seeded.ids.standard, seeded.ids.reduced],
      size: 10,
      taken: 4,
      remaining: 6,
    });
    const { dayBefore, yesterday, today } = seeded.days;
    expect(body.days).toEqual([
      { date: dayBefore, orders: 1, tickets: 2 },
      { date: yesterday, orders: 2, tickets: 3 },
      { date: today, orders: 1, tickets: 1 },
    ]);
  });

  it("covers 30 days unless asked; refuses a day count out of range", async () => {
    expect((await get(url, await token("fest", "checkin"))).json().days).toHaveLength(30);
    for (const days of ["0", "367", "many"]) {
      const res = await get(`${url}?days=${days}`, await token("fest", "full"));
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe("validation_failed");
    }
  });

  it("hides the event from anyone else, as every event-admin route does: 404", async () => {
    expect((await get(url)).statusCode).toBe(404);
    const other = await get(url, await token("rival", "full"));
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe("not_found");
    expect(
      (await get("/api/v1/organizers/fest/events/nothing/summary", await token("fest", "view"))).statusCode,
    ).toBe(404);
  });

  it("is in the OpenAPI document", async () => {
    const doc = (await get("/api/v1/openapi.json")).json();
    const op = doc.paths["/api/v1/organizers/{organizer}/events/{event}/summary"].get;
    expect(op.tags).toEqual(["reports"]);
    expect(Object.keys(op.responses["200"].content["application/json"].schema.properties)).toContain("days");
  });
});
