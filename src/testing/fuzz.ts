import fc from "fast-check";
import { expect } from "vitest";
import type { Database } from "../platform/db/schema.js";
import { ADMIN_TOKEN, type TestApp } from "./app.js";

export type FuzzEndpoint = { method: "POST" | "PUT" | "PATCH" | "DELETE" | "GET"; url: string };

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

/** Nested hostile JSON whose keys are sometimes the field names the endpoints expect. */
function hostileValue(keys: readonly string[]): fc.Arbitrary<unknown> {
  return fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: "small" },
      hostileString,
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie("value"), { maxLength: 4 }),
      fc.dictionary(fc.oneof(hostileString, fc.constantFrom(...keys)), tie("value"), { maxKeys: 5 }),
    ),
  })).value;
}

/**
 * Random bodies, content types and auth at every endpoint: 4xx with the error shape or success,
 * never a 500, and a refused request changes no row count of the given tables.
 */
export async function fuzzEndpoints(
  t: TestApp,
  options: {
    endpoints: FuzzEndpoint[];
    tables: readonly (keyof Database)[];
    keys: readonly string[];
    numRuns?: number;
  },
) {
  const counts = async () => {
    const out: Record<string, number> = {};
    for (const table of options.tables) {
      const row = await t.database.db.kysely
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow();
      out[table] = Number(row.n);
    }
    return out;
  };
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...options.endpoints),
      hostileValue(options.keys),
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
    { numRuns: options.numRuns ?? 300 },
  );
}
