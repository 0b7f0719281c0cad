import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./testing/app.js";
import { dialects } from "./testing/databases.js";
import { api, seedSeries } from "./testing/ticketing.js";

// Issue 19: what an organizer's full-level API token tried, and every integration that calls out.
const INTERNAL = [
  "http://169.254.169.254/latest/meta-data/",
  "http://10.0.0.1/",
  "http://[::1]:22/",
  "http://localhost:5432/",
];

describe.each(dialects)("outbound URLs an organizer configures, on %s", (dialect) => {
  let t: TestApp;
  let call: ReturnType<typeof api>;
  let asOrganizer: { headers: Record<string, string> };
  const ORG = "/api/v1/organizers/org";
  const EV = `${ORG}/events/series`;

  beforeAll(async () => {
    // Nothing allowed, as in production: the fake servers of other tests are not needed here.
    t = await createTestApp(dialect, { OUTBOUND_ALLOW: "" });
    call = api(t);
    await seedSeries(t);
    const token = await call<{ token: string }>(
      "POST",
      `${ORG}/tokens`,
      { name: "integrations", level: "full" },
      { expect: 201 },
    );
    asOrganizer = { headers: { authorization: `Bearer ${token.body.token}` } };
  });
  afterAll(() => t.close());

  const count = async (table: "ticket_sources" | "bbb_servers" | "wallet_settings") =>
    Number(
      (
        await t.ctx.db.kysely
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it.each(INTERNAL)("a ticket source at %s is refused and nothing is stored", async (url) => {
    const before = await count("ticket_sources");
    const res = await call("POST", `${EV}/ticket-sources`, { url, allowances: { Gold: 3 } }, asOrganizer);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: "validation_failed" } });
    expect(JSON.stringify(res.body)).toContain("url");
    expect(await count("ticket_sources")).toBe(before);
  });

  // Servers and wallet settings belong to the organizer as a whole (its owners, here the platform admin).
  it.each(INTERNAL)("a BigBlueButton server at %s is refused", async (url) => {
    const before = await count("bbb_servers");
    const res = await call("POST", `${ORG}/bbb-servers`, { name: "BBB", url, secret: "shared-secret-1234" });
    expect(res.status).toBe(400);
    expect(await count("bbb_servers")).toBe(before);
  });

  it.each(INTERNAL)("a wallet provider or webhook at %s is refused", async (url) => {
    for (const body of [
      { provider_url: url, api_key: "k" },
      { webhook_url: url, webhook_secret: "s" },
    ]) {
      const res = await call("PUT", `${ORG}/wallet`, body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: "validation_failed" } });
    }
    expect(await count("wallet_settings")).toBe(0);
  });

  it("public addresses are accepted", async () => {
    await call(
      "POST",
      `${EV}/ticket-sources`,
      { url: "https://shop.example.org/check", allowances: { Gold: 3 } },
      { ...asOrganizer, expect: 201 },
    );
    await call(
      "PUT",
      `${ORG}/wallet`,
      { webhook_url: "https://hooks.example.org/tessera", webhook_secret: "s3cret" },
      { expect: 200 },
    );
  });
});
