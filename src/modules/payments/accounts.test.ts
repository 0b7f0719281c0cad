import { afterEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { adminHeaders, seedSeries } from "../../testing/ticketing.js";
import { lydiaTokens } from "./accounts.js";

describe.each(dialects)("payment accounts on %s", (dialect) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("creates accounts per provider, seals Lydia's tokens, and lets an event offer only its organizer's live ones", async () => {
    t = await createTestApp(dialect);
    const { call, ev } = await seedSeries(t);
    const accounts = "/api/v1/organizers/org/payment-accounts";
    const paypal = await call<{ id: number; settings: Record<string, string> }>(
      "POST",
      accounts,
      { provider: "paypal", email: "Shop@Example.org", description: "PayPal" },
      { expect: 201 },
    );
    expect(paypal.body.settings).toEqual({
      email: "shop@example.org",
      checkout_url: "https://www.paypal.com/cgi-bin/webscr",
      verify_url: "https://ipnpb.paypal.com/cgi-bin/webscr",
    });
    const lydia = await call<{ id: number; settings: Record<string, string> }>(
      "POST",
      accounts,
      { provider: "lydia", vendor_token: "vendor-123", private_token: "private-456", description: "Lydia" },
      { expect: 201 },
    );
    expect(lydia.body.settings).toEqual({ api_url: "https://lydia-app.com" });
    expect(JSON.stringify(lydia.body)).not.toContain("private-456");
    const row = await t.ctx.db.kysely
      .selectFrom("payment_accounts")
      .select("sealed_secrets")
      .where("id", "=", lydia.body.id)
      .executeTakeFirstOrThrow();
    expect(row.sealed_secrets).not.toContain("private-456");
    expect(await lydiaTokens(t.ctx.db, t.ctx.secrets, lydia.body.id)).toEqual({
      vendor_token: "vendor-123",
      private_token: "private-456",
    });

    const bad = await call("POST", accounts, {
      provider: "paypal",
      email: "nope",
      description: "x",
      verify_url: "ftp://x",
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("verify_url");
    expect((await call("POST", accounts, { provider: "bitcoin", description: "x" })).status).toBe(400);

    // Another organizer's account cannot be offered, and a failed PATCH changes nothing.
    await call("POST", "/api/v1/organizers", { slug: "other", name: "Other" }, { expect: 201 });
    const foreign = await call<{ id: number }>(
      "POST",
      "/api/v1/organizers/other/payment-accounts",
      { provider: "manual", instructions: "IBAN DE00", description: "Transfer" },
      { expect: 201 },
    );
    const event = ev.replace(/\/$/, "");
    const refused = await call("PATCH", event, {
      name: "Renamed",
      payment_accounts: [paypal.body.id, foreign.body.id],
    });
    expect(refused.status).toBe(400);
    expect((await call<{ name: string }>("GET", event)).body.name).toBe("Series");

    await call("PATCH", event, { payment_accounts: [lydia.body.id, paypal.body.id] }, { expect: 200 });
    const page = await t.app.inject({
      url: "/admin/organizers/org/events/series/payments",
      headers: adminHeaders,
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/name="account_\d+" value="on" checked> Lydia: Lydia/);

    await call("POST", `${accounts}/${paypal.body.id}/retire`, undefined, { expect: 200 });
    const offered = await t.ctx.db.kysely.selectFrom("event_payment_accounts").select("account_id").execute();
    expect(offered.map((o) => o.account_id)).toEqual([lydia.body.id]);
    expect((await call("PATCH", event, { payment_accounts: [paypal.body.id] })).status).toBe(400);
    const listed = await call<{ id: number; retired_at: string | null }[]>("GET", accounts, undefined, {
      expect: 200,
    });
    expect(listed.body.find((a) => a.id === paypal.body.id)?.retired_at).toBeTruthy();

    const admin = await t.app.inject({ url: "/admin/organizers/org/payments", headers: adminHeaders });
    expect(admin.statusCode).toBe(200);
    expect(admin.body).toContain("shop@example.org");
    expect((await t.app.inject({ url: "/admin/organizers/org/payments" })).statusCode).toBe(303);
  });
});
