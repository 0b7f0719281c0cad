import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { FuzzTally } from "../../testing/fuzz.js";
import { GUESTCARD_FUZZ, GUESTCARD_SEED_PATHS } from "../../testing/fuzz-endpoints.js";
import { PARTNER_PASSWORD, seedGuestcards } from "../../testing/guestcards.js";

const TABLES = ["municipalities", "registration_forms", "guests", "partner_clients"] as const;
const FIELDS = [
  "auth_code",
  "gemeinde_id",
  "get_all",
  "username",
  "password",
  "municipality",
  "municipalities",
  "number",
  "arrival_date",
  "departure_date",
  "guests",
  "csv",
  "id",
  "name",
];

/** JSON-able values, often shaped like our bodies (known field names with odd values). */
const body = fc.oneof(
  fc.jsonValue(),
  fc.dictionary(
    fc.constantFrom(...FIELDS),
    fc.oneof(fc.jsonValue(), fc.constantFrom("", "true", "1", "2023-02-30")),
    {
      maxKeys: 6,
    },
  ),
);

describe.each(dialects)("guest-card endpoints under hostile input on %s", (dialect) => {
  let t: TestApp;
  let jwt: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedGuestcards(t);
    const res = await t.app.inject({
      method: "POST",
      url: "/api/token-auth/",
      payload: { username: "buchtguide", password: PARTNER_PASSWORD },
    });
    jwt = (res.json() as { token: string }).token;
  });
  afterAll(async () => t?.close());

  const counts = async () => {
    const out: Record<string, number> = {};
    for (const table of TABLES) {
      const row = await t.ctx.db.kysely
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow();
      out[table] = Number(row.n);
    }
    return out;
  };

  it("random bodies, encodings and credentials: a 4xx in the path's error shape or success, never a 500", async () => {
    const tally = new FuzzTally(GUESTCARD_FUZZ);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...GUESTCARD_FUZZ),
        body,
        fc.constantFrom(
          "application/json",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x",
          "text/plain",
          undefined,
        ),
        fc.constantFrom(`Bearer ${ADMIN_TOKEN}`, "JWT valid", "JWT nope", "Bearer nope", undefined),
        async (endpoint, value, contentType, authorization) => {
          const headers: Record<string, string> = {};
          if (contentType) headers["content-type"] = contentType;
          if (authorization) headers.authorization = authorization.replace("JWT valid", `JWT ${jwt}`);
          const payload =
            contentType === "application/x-www-form-urlencoded" && value && typeof value === "object"
              ? new URLSearchParams(
                  Object.entries(value).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
                ).toString()
              : JSON.stringify(value);
          const before = await counts();
          tally.count(endpoint);
          const res = await t.app.inject({ method: endpoint.method, url: endpoint.url, headers, payload });
          const context = `${endpoint.method} ${endpoint.url} ${payload.slice(0, 200)}`;
          if (res.statusCode >= 500) tally.serverErrors++;
          expect(res.statusCode, context).toBeLessThan(500);
          if (res.statusCode >= 400) {
            const answer = res.json() as Record<string, unknown>;
            if (GUESTCARD_SEED_PATHS.includes(endpoint.url))
              expect(answer.status_code, context).toBe(res.statusCode);
            else expect(typeof (answer.error as { code?: unknown }).code, context).toBe("string");
            const after = await counts();
            if (JSON.stringify(after) !== JSON.stringify(before)) tally.halfWritten++;
            expect(after).toEqual(before);
          }
        },
      ),
      { numRuns: 250 },
    );
    tally.record(
      dialect,
      "guest-card partner API and its admin routes (src/modules/guestcards/fuzz.test.ts)",
    );
  });
});
