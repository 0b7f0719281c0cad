import { afterAll, beforeAll, describe, it } from "vitest";
import type { TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { EXPERIENCE_TABLES, openExperiences } from "../../testing/experiences.js";
import { fuzzEndpoints } from "../../testing/fuzz.js";
import { EXPERIENCE_FUZZ } from "../../testing/fuzz-endpoints.js";

// Hostile input at every experiences endpoint (API, embed forms, workspace forms): never a 500,
// always the error shape for JSON, and nothing written by a refused request. The endpoints (ids beyond
// what a database integer holds among the paths) are in src/testing/fuzz-endpoints.ts.
const EV = "/api/v1/organizers/org/events/series";
const TABLES = EXPERIENCE_TABLES;

describe.each(dialects)("experiences fuzzing on %s", (dialect) => {
  let t: TestApp;
  let env: Awaited<ReturnType<typeof openExperiences>>;
  beforeAll(async () => {
    env = await openExperiences(dialect, (url) => ({ url: `${url}/v2/verify`, allowances: { Gold: 1 } }));
    t = env.t;
    const call = env.call;
    const x = await call<{ id: number }>("POST", `${EV}/experiences`, { title: "Fuzz" }, { expect: 201 });
    await call(
      "POST",
      `${EV}/experiences/${x.body.id}/slots`,
      { starts_at: "2031-01-01T10:00:00Z", ends_at: "2031-01-01T11:00:00Z", capacity: 2 },
      { expect: 201 },
    );
  });
  afterAll(async () => env?.close());

  it("random bodies, content types and auth: 4xx with the error shape or success, never a 500", async () => {
    const tally = await fuzzEndpoints(t, {
      endpoints: EXPERIENCE_FUZZ,
      tables: TABLES,
      keys: [
        "slot",
        "ticket_number",
        "security_code",
        "title",
        "capacity",
        "starts_at",
        "allowances",
        "url",
        "headers",
        "exhibitor",
        "embed_origins",
        "pass",
        "booking",
        "every_minutes",
      ],
    });
    tally.record(
      dialect,
      "experiences API, booking embed and exhibitor workspace (src/modules/experiences/fuzz.test.ts)",
    );
  });
});
