import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, createTestApp, type TestApp } from "./testing/app.js";
import { dialects } from "./testing/databases.js";
import { seedSeries } from "./testing/ticketing.js";

// Hostile input at every public endpoint: never a 500, always the error shape, nothing half-written.
const ENDPOINTS: { method: "POST" | "PUT" | "PATCH" | "DELETE" | "GET"; url: string }[] = [
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

const hostileString = fc.oneof(
  fc.string(),
  fc.constantFrom(
    "",
    " ",
    "null",
    "-1",
    "1e309",
    "NaN",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\u0000",
    "😀".repeat(300),
    "a".repeat(5000),
  ),
);
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(
        hostileString,
        fc.constantFrom("slug", "name", "email", "positions", "ticket_type", "price", "size", "code", "date"),
      ),
      tie("value"),
      { maxKeys: 5 },
    ),
  ),
})).value;

describe.each(dialects)("fuzzing on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedSeries(t);
  });
  afterAll(async () => t?.close());

  const counts = async () => {
    const out: Record<string, number> = {};
    for (const table of TABLES) {
      const row = await t.database.db.kysely
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow();
      out[table] = Number(row.n);
    }
    return out;
  };

  it("random bodies, content types and auth at every endpoint: 4xx with the error shape or success, never a 500", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ENDPOINTS),
        hostileValue,
        fc.constantFrom(
          "application/json",
          "application/x-www-form-urlencoded",
          "text/csv",
          "text/plain",
          "application/xml",
          undefined,
        ),
        fc.constantFrom(`Bearer ${ADMIN_TOKEN}`, "Bearer nope", "Basic abc", undefined),
        async (endpoint, body, contentType, authorization) => {
          const headers: Record<string, string> = {};
          if (contentType) headers["content-type"] = contentType;
          if (authorization) headers.authorization = authorization;
          const payload =
            contentType === "application/x-www-form-urlencoded" && body && typeof body === "object"
              ? new URLSearchParams(
                  Object.entries(body).map(([k, v]) => [k, JSON.stringify(v) ?? ""]),
                ).toString()
              : typeof body === "string"
                ? body
                : (JSON.stringify(body) ?? "");
          const before = await counts();
          const res = await t.app.inject({
            method: endpoint.method,
            url: endpoint.url,
            headers,
            payload: endpoint.method === "GET" ? undefined : payload,
          });
          expect(res.statusCode, `${endpoint.method} ${endpoint.url} ${payload.slice(0, 200)}`).toBeLessThan(
            500,
          );
          if (res.statusCode >= 400 && String(res.headers["content-type"] ?? "").includes("json")) {
            const error = res.json().error;
            expect(typeof error.code).toBe("string");
            expect(typeof error.message).toBe("string");
          }
          if (res.statusCode >= 400) expect(await counts()).toEqual(before);
        },
      ),
      { numRuns: 300 },
    );
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
