import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, createTestApp, type TestApp } from "./testing/app.js";
import { dialects } from "./testing/databases.js";
import { FuzzTally, fuzzEndpoints } from "./testing/fuzz.js";
import {
  EXPERIENCE_FUZZ,
  GUESTCARD_FUZZ,
  PLATFORM_FUZZ,
  publicWriteRoutes,
  unfuzzed,
} from "./testing/fuzz-endpoints.js";
import { seedSeries } from "./testing/ticketing.js";

// Hostile input at every public endpoint: never a 500, always the error shape, nothing half-written.
// The endpoints are in src/testing/fuzz-endpoints.ts, with the guest-card and experiences ones, and the
// last test checks that together they reach every write route open to visitors and partners.
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
  "sessions",
  "information_values",
  "setup_tokens",
] as const;

describe.each(dialects)("fuzzing on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedSeries(t);
  });
  afterAll(async () => t?.close());

  it("random bodies, content types and auth at every endpoint: 4xx with the error shape or success, never a 500", async () => {
    const tally = await fuzzEndpoints(t, {
      endpoints: PLATFORM_FUZZ,
      tables: TABLES,
      keys: [
        "slug",
        "name",
        "email",
        "password",
        "positions",
        "ticket_type",
        "price",
        "size",
        "code",
        "date",
      ],
    });
    tally.record(dialect, "accounts, organizers, events, orders, payments, check-in (src/fuzz.test.ts)");
  });

  it("random paths and query strings are 404 or 400 in the error shape, never a 500", async () => {
    const anyPath = { method: "GET" as const, url: "(random path and query)" };
    const tally = new FuzzTally([anyPath]);
    await fc.assert(
      fc.asyncProperty(fc.webPath(), fc.webQueryParameters(), async (path, query) => {
        tally.count(anyPath);
        const res = await t.app.inject({
          method: "GET",
          url: `${path || "/"}?${query}`,
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        });
        if (res.statusCode >= 500) tally.serverErrors++;
        expect(res.statusCode, path).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
    tally.record(dialect, "random GET paths and query strings (src/fuzz.test.ts)");
  });

  it("together the fuzz tests reach every write route open to visitors and partners", async () => {
    const open = await publicWriteRoutes(t);
    // The payment callbacks, the partner APIs, bookings and embeds, the account forms at least.
    expect(open.length).toBeGreaterThan(25);
    expect(unfuzzed(open, [...PLATFORM_FUZZ, ...GUESTCARD_FUZZ, ...EXPERIENCE_FUZZ])).toEqual([]);
  });
});
