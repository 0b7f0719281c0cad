import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdminLevel } from "./platform/db/schema.js";
import { ADMIN_TOKEN, createTestApp, type TestApp } from "./testing/app.js";
import { dialects } from "./testing/databases.js";
import { api, seedSeries } from "./testing/ticketing.js";

// The permission matrix through HTTP: every organizer route against tokens of each level, a token of
// another organizer and no token. Allowed means "not refused" (the body may still be wrong: 400/409).
const LEVELS: AdminLevel[] = ["view", "checkin", "orders", "full"];
const EV = "/api/v1/organizers/org/events/series";

type Route = {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  url: string;
  body?: unknown;
  needs: AdminLevel | "manage-organizer";
};
const ROUTES: Route[] = [
  { method: "GET", url: "/api/v1/organizers/org", needs: "view" },
  { method: "GET", url: "/api/v1/organizers/org/events", needs: "view" },
  { method: "GET", url: `${EV}/dates`, needs: "view" },
  { method: "GET", url: `${EV}/ticket-types`, needs: "view" },
  { method: "GET", url: `${EV}/quotas`, needs: "view" },
  { method: "GET", url: `${EV}/vouchers`, needs: "view" },
  { method: "GET", url: `${EV}/orders`, needs: "view" },
  { method: "GET", url: "/api/v1/organizers/org/grants", needs: "view" },
  { method: "GET", url: `${EV}/exports`, needs: "view" },
  { method: "GET", url: `${EV}/checkin-lists`, needs: "checkin" },
  { method: "GET", url: `${EV}/ticket-key`, needs: "checkin" },
  { method: "POST", url: `${EV}/checkin-lists`, body: { name: "Door" }, needs: "full" },
  { method: "POST", url: `${EV}/exports`, body: { list: "paid", format: "xlsx" }, needs: "view" },
  { method: "GET", url: "/api/v1/organizers/org/payment-accounts", needs: "view" },
  {
    method: "POST",
    url: "/api/v1/organizers/org/payment-accounts",
    body: { provider: "manual", description: "Transfer", instructions: "IBAN" },
    needs: "manage-organizer",
  },
  { method: "POST", url: "/api/v1/organizers/org/events", body: { slug: "x", name: "X" }, needs: "full" },
  { method: "PATCH", url: EV, body: { name: "Renamed" }, needs: "full" },
  { method: "POST", url: `${EV}/dates`, body: { starts_at: "2031-01-01T10:00:00Z" }, needs: "full" },
  { method: "POST", url: `${EV}/ticket-types`, body: { name: "T", price: "1.00" }, needs: "full" },
  { method: "POST", url: `${EV}/quotas`, body: { name: "Q", size: 1, ticket_types: [1] }, needs: "full" },
  { method: "POST", url: `${EV}/vouchers`, body: { max_usages: 1 }, needs: "full" },
  {
    method: "POST",
    url: "/api/v1/organizers/org/grants",
    body: { grantee: "members", level: "view" },
    needs: "full",
  },
  {
    method: "POST",
    url: `${EV}/orders/give`,
    body: { email: "nobody@example.org", positions: [{ ticket_type: 1, date: 1 }] },
    needs: "orders",
  },
  { method: "POST", url: "/api/v1/organizers/org/tokens", body: { name: "t" }, needs: "manage-organizer" },
  {
    method: "POST",
    url: "/api/v1/organizers/org/invitations",
    body: { email: "x@example.org" },
    needs: "manage-organizer",
  },
];

describe.each(dialects)("permissions through HTTP on %s", (dialect) => {
  let t: TestApp;
  const tokens = new Map<string, string>();
  let orderCode = "";
  beforeAll(async () => {
    t = await createTestApp(dialect);
    const { call, ev, typeId, dateId } = await seedSeries(t);
    for (const level of LEVELS) {
      tokens.set(
        level,
        (
          await call<{ token: string }>(
            "POST",
            "/api/v1/organizers/org/tokens",
            { name: level, level },
            { expect: 201 },
          )
        ).body.token,
      );
    }
    await call("POST", "/api/v1/organizers", { slug: "other", name: "Other" }, { expect: 201 });
    tokens.set(
      "other",
      (
        await call<{ token: string }>(
          "POST",
          "/api/v1/organizers/other/tokens",
          { name: "o" },
          { expect: 201 },
        )
      ).body.token,
    );
    orderCode = (
      await call<{ code: string }>(
        "POST",
        `${ev}/orders`,
        { email: "o@example.org", positions: [{ ticket_type: typeId, date: dateId }] },
        { expect: 201 },
      )
    ).body.code;
  });
  afterAll(async () => t?.close());

  const request = (route: Route, token?: string) =>
    t.app.inject({
      method: route.method,
      url: route.url,
      payload: route.body as object,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  it("every route: the right level passes, lower levels get 403, no token 401, another organizer 404", async () => {
    const rows: string[] = [];
    for (const route of ROUTES) {
      // Organizer-scoped lookups do not reveal whether an organizer exists: 401 or 404, never through.
      const anon = await request(route);
      expect([401, 404], `${route.method} ${route.url} anonymous`).toContain(anon.statusCode);
      const foreign = await request(route, tokens.get("other"));
      expect(foreign.statusCode, `${route.method} ${route.url} other organizer`).toBe(404);
      for (const level of LEVELS) {
        const res = await request(route, tokens.get(level));
        const allowed =
          route.needs !== "manage-organizer" && LEVELS.indexOf(level) >= LEVELS.indexOf(route.needs);
        rows.push(`${route.method} ${route.url} ${level} → ${res.statusCode}`);
        if (allowed) {
          expect([401, 403], `${route.method} ${route.url} as ${level}: ${res.body}`).not.toContain(
            res.statusCode,
          );
          if (res.statusCode === 404) expect(res.json().error.code, route.url).not.toBe("not_found");
        } else expect(res.statusCode, `${route.method} ${route.url} as ${level}`).toBe(403);
      }
      expect([401, 403]).not.toContain((await request(route, ADMIN_TOKEN)).statusCode);
    }
    expect(rows.length).toBe(ROUTES.length * LEVELS.length);
  });

  it("order actions: marking paid and opposition need the manage-orders level", async () => {
    const markPaid: Route = { method: "POST", url: `${EV}/orders/${orderCode}/mark-paid`, needs: "orders" };
    const viewTry = await request(markPaid, tokens.get("view"));
    expect(viewTry.statusCode, viewTry.body).toBe(403);
    expect((await request(markPaid, tokens.get("checkin"))).statusCode).toBe(403);
    expect((await request(markPaid, tokens.get("orders"))).statusCode).toBe(200);
    const oppose: Route = { method: "POST", url: `${EV}/orders/${orderCode}/oppose`, needs: "orders" };
    expect((await request(oppose, tokens.get("checkin"))).statusCode).toBe(403);
    expect((await request(oppose, tokens.get("full"))).statusCode).toBe(200);
    const call = api(t);
    expect(
      (
        await call("GET", `${EV}/orders/${orderCode}`, undefined, {
          headers: { authorization: `Bearer ${tokens.get("view")}` },
        })
      ).status,
    ).toBe(200);
  });
});
