import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, createTestApp, type TestApp } from "./testing/app.js";
import { dialects } from "./testing/databases.js";
import { type FuzzEndpoint, fuzzEndpoints } from "./testing/fuzz.js";
import { seedSeries } from "./testing/ticketing.js";

// Hostile input at every public endpoint: never a 500, always the error shape, nothing half-written.
const ENDPOINTS: FuzzEndpoint[] = [
  { method: "POST", url: "/api/v1/organizers" },
  { method: "POST", url: "/api/v1/organizers/org/tokens" },
  { method: "POST", url: "/api/v1/organizers/org/grants" },
  { method: "POST", url: "/api/v1/organizers/org/invitations" },
  { method: "POST", url: "/api/v1/organizers/org/events" },
  { method: "PATCH", url: "/api/v1/organizers/org/events/series" },
  { method: "POST", url: "/api/v1/organizers/org/events/series/dates" },
  { method: "POST", url: "/api/v1/organizers/org/events/series/ticket-types" },
  { method: "POST", url: "/api/v1/organizers/org/events/series/quotas" },
  { method: "POST", url: "/api/v1/organizers/org/events/series/vouchers" },
  { method: "POST", url: "/api/v1/organizers/org/events/series/vouchers/bulk" },
  { method: "POST", url: "/api/v1/organizers/org/events/series/orders" },
  { method: "POST", url: "/api/v1/organizers/org/events/series/orders/ZZZZZZZZ/mark-paid" },
  { method: "POST", url: "/api/v1/users" },
  { method: "PUT", url: "/api/v1/organizers/org/retention" },
  { method: "PUT", url: "/api/v1/privacy/settings" },
  { method: "DELETE", url: "/api/v1/me" },
  { method: "POST", url: "/api/v1/users/import" },
  { method: "POST", url: "/login" },
  { method: "POST", url: "/register" },
  { method: "POST", url: "/password/forgot" },
  { method: "GET", url: "/api/v1/organizers/org/events/series/orders" },
  { method: "POST", url: "/api/v1/organizers/org/payment-accounts" },
  { method: "POST", url: "/api/v1/organizers/org/events/series/exports" },
  { method: "PUT", url: "/api/v1/organizers/org/events/series/ticket-types/1/template" },
  { method: "POST", url: "/api/v1/payments/paypal/ipn" },
  { method: "POST", url: "/api/v1/payments/lydia/confirm" },
  { method: "POST", url: "/api/v1/organizers/org/events/series/checkin-lists" },
  { method: "POST", url: "/api/v1/organizers/org/events/series/checkin-lists/1/redeem" },
];

const TABLES = [
  "organizers",
  "events",
  "event_dates",
  "ticket_types",
  "quotas",
  "vouchers",
  "orders",
  "order_positions",
  "users",
  "api_tokens",
  "payment_accounts",
  "payments",
  "exports",
  "checkin_lists",
  "checkin_claims",
] as const;

describe.each(dialects)("fuzzing on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedSeries(t);
  });
  afterAll(async () => t?.close());

  it("random bodies, content types and auth at every endpoint: 4xx with the error shape or success, never a 500", async () => {
    await fuzzEndpoints(t, {
      endpoints: ENDPOINTS,
      tables: TABLES,
      keys: ["slug", "name", "email", "positions", "ticket_type", "price", "size", "code", "date"],
    });
  });

  it("random paths and query strings are 404 or 400 in the error shape, never a 500", async () => {
    await fc.assert(
      fc.asyncProperty(fc.webPath(), fc.webQueryParameters(), async (path, query) => {
        const res = await t.app.inject({
          method: "GET",
          url: `${path || "/"}?${query}`,
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        });
        expect(res.statusCode, path).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
  });
});
