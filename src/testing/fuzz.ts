import fc from "fast-check";
import { expect } from "vitest";
import type { Database } from "../platform/db/schema.js";
import { ADMIN_TOKEN, Browser, type TestApp } from "./app.js";
import { recordFault } from "./reliability.js";

export type FuzzEndpoint = { method: "POST" | "PUT" | "PATCH" | "DELETE" | "GET"; url: string };

/** What a fuzz run sent, counted as it went: the report says how much was tried, not how much was asked. */
export class FuzzTally {
  readonly sent = new Map<string, number>();
  serverErrors = 0;
  halfWritten = 0;
  constructor(readonly endpoints: readonly FuzzEndpoint[]) {}
  count(endpoint: FuzzEndpoint) {
    const key = `${endpoint.method} ${endpoint.url}`;
    this.sent.set(key, (this.sent.get(key) ?? 0) + 1);
  }
  get total() {
    return [...this.sent.values()].reduce((a, b) => a + b, 0);
  }
  /** Into RELIABILITY.md (scripts/reliability.mjs runs the fuzz tests too). */
  record(database: string, where: string) {
    const counts = this.endpoints.map((e) => this.sent.get(`${e.method} ${e.url}`) ?? 0);
    recordFault({
      scenario: "Fuzzing the public endpoints",
      database,
      fault: `random bodies, content types and credentials (fast-check): ${where}`,
      figures: {
        endpoints: this.endpoints.length,
        "inputs tried": this.total,
        "per endpoint (min–max)": `${Math.min(...counts)}–${Math.max(...counts)}`,
        "endpoints never hit": counts.filter((n) => n === 0).length,
        "5xx": this.serverErrors,
        "half-written": this.halfWritten,
      },
      outcome: "every answer a 4xx in the error shape or a success; a refused request changed no row",
    });
  }
}

/** An anonymous visitor's CSRF cookie and token, so that hostile form posts get past the CSRF check. */
export async function anonymousCsrf(t: TestApp) {
  const browser = new Browser(t.app);
  const page = await browser.get("/login");
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
  return { cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join("; "), token };
}

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
 * never a 500, and a refused request changes no row count of the given tables. Half the inputs carry
 * an anonymous visitor's CSRF token, so forms are reached past their CSRF check. Returns what was sent.
 */
export async function fuzzEndpoints(
  t: TestApp,
  options: {
    endpoints: FuzzEndpoint[];
    tables: readonly (keyof Database)[];
    keys: readonly string[];
    numRuns?: number;
  },
): Promise<FuzzTally> {
  const tally = new FuzzTally(options.endpoints);
  const csrf = await anonymousCsrf(t);
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
      fc.boolean(),
      async (endpoint, body, contentType, authorization, withCsrf) => {
        const headers: Record<string, string> = {};
        if (contentType) headers["content-type"] = contentType;
        if (authorization) headers.authorization = authorization;
        if (withCsrf) Object.assign(headers, { cookie: csrf.cookie, "x-csrf-token": csrf.token });
        const payload =
          contentType === "application/x-www-form-urlencoded" && body && typeof body === "object"
            ? new URLSearchParams(
                Object.entries(body).map(([k, v]) => [k, JSON.stringify(v) ?? ""]),
              ).toString()
            : typeof body === "string"
              ? body
              : (JSON.stringify(body) ?? "");
        const before = await counts();
        tally.count(endpoint);
        const res = await t.app.inject({
          method: endpoint.method,
          url: endpoint.url,
          headers,
          payload: endpoint.method === "GET" ? undefined : payload,
        });
        if (res.statusCode >= 500) tally.serverErrors++;
        expect(res.statusCode, `${endpoint.method} ${endpoint.url} ${payload.slice(0, 200)}`).toBeLessThan(
          500,
        );
        if (res.statusCode >= 400 && String(res.headers["content-type"] ?? "").includes("json")) {
          const error = res.json().error;
          expect(typeof error.code).toBe("string");
          expect(typeof error.message).toBe("string");
        }
        if (res.statusCode >= 400) {
          const after = await counts();
          if (JSON.stringify(after) !== JSON.stringify(before)) tally.halfWritten++;
          expect(after).toEqual(before);
        }
      },
    ),
    { numRuns: options.numRuns ?? 300 },
  );
  return tally;
}
