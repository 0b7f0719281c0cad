import { afterAll, beforeAll, describe, it } from "vitest";
import type { TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { EXPERIENCE_TABLES, openExperiences } from "../../testing/experiences.js";
import { type FuzzEndpoint, fuzzEndpoints } from "../../testing/fuzz.js";

// Hostile input at every experiences endpoint (API, embed forms, workspace forms): never a 500,
// always the error shape for JSON, and nothing written by a refused request. Ids beyond what a
// database integer holds are among the paths.
const EV = "/api/v1/organizers/org/events/series";
const PAGES = "/exhibit/org/series";
const EMBED = "/embed/org/series/experiences";
const ENDPOINTS: FuzzEndpoint[] = [
  { method: "PUT", url: `${EV}/experience-programme` },
  { method: "POST", url: `${EV}/exhibitors` },
  { method: "DELETE", url: `${EV}/exhibitors/99999999999` },
  { method: "POST", url: `${EV}/ticket-sources` },
  { method: "DELETE", url: `${EV}/ticket-sources/1` },
  { method: "POST", url: `${EV}/experiences` },
  { method: "PATCH", url: `${EV}/experiences/1` },
  { method: "GET", url: `${EV}/experiences/99999999999` },
  { method: "POST", url: `${EV}/experiences/1/slots` },
  { method: "PUT", url: `${EV}/experiences/1/image` },
  { method: "POST", url: `${EV}/experiences/1/slots/bulk` },
  { method: "PATCH", url: `${EV}/experience-slots/1` },
  { method: "POST", url: `${EV}/experience-bookings` },
  { method: "POST", url: `${EV}/experience-bookings/lookup` },
  { method: "POST", url: `${EV}/experience-bookings/1/cancel` },
  { method: "GET", url: `${EV}/experience-bookings?slot=abc&experience=99999999999` },
  { method: "POST", url: `${EMBED}/ticket` },
  { method: "POST", url: `${EMBED}/book` },
  { method: "POST", url: `${EMBED}/cancel` },
  { method: "GET", url: `${EMBED}/99999999999/image` },
  { method: "POST", url: `${PAGES}/settings` },
  { method: "POST", url: `${PAGES}/sources` },
  { method: "POST", url: `${PAGES}/experiences` },
  { method: "POST", url: `${PAGES}/experiences/1` },
  { method: "POST", url: `${PAGES}/experiences/1/slots` },
  { method: "POST", url: `${PAGES}/experiences/1/slots/bulk` },
  { method: "POST", url: `${PAGES}/experiences/1/slots/99999999999/delete` },
];
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
    await fuzzEndpoints(t, {
      endpoints: ENDPOINTS,
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
  });
});
