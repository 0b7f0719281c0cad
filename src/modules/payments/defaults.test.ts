import { afterEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { organizerOwner } from "../../testing/guestcards.js";
import { seedSeries } from "../../testing/ticketing.js";

const ORG = "/admin/organizers/org";

describe.each(dialects)("default payment accounts for new events on %s", (dialect) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  async function seeded() {
    t = await createTestApp(dialect);
    const seed = await seedSeries(t);
    const account = async (description: string) =>
      (
        await seed.call<{ id: number }>(
          "POST",
          "/api/v1/organizers/org/payment-accounts",
          { provider: "manual", description, instructions: "IBAN DE00 0000" },
          { expect: 201 },
        )
      ).body.id;
    const accounts = {
      transfer: await account("Transfer"),
      cash: await account("Cash"),
      box: await account("Box"),
    };
    const owner = await organizerOwner(t, "org");
    const offered = async (eventSlug: string) => {
      const rows = await t.ctx.db.kysely
        .selectFrom("event_payment_accounts as x")
        .innerJoin("events as e", "e.id", "x.event_id")
        .select(["x.account_id", "x.position"])
        .where("e.slug", "=", eventSlug)
        .orderBy("x.position")
        .execute();
      return rows.map((r) => r.account_id);
    };
    const setDefault = (id: number, on: boolean) =>
      owner.submit(`${ORG}/payments`, `${ORG}/payments/${id}/default`, { default: on ? "on" : "off" });
    return { ...seed, accounts, owner, offered, setDefault };
  }

  it("ticks the organizer's default accounts on events made with the form and with the API", async () => {
    const { call, accounts, owner, offered, setDefault } = await seeded();
    // Nothing is default yet: a new event offers nothing, as before.
    expect(
      (await owner.submit(ORG, `${ORG}/events`, { name: "Plain", slug: "plain", kind: "single" })).statusCode,
    ).toBe(303);
    expect(await offered("plain")).toEqual([]);

    expect((await setDefault(accounts.box, true)).statusCode).toBe(303);
    expect((await setDefault(accounts.transfer, true)).statusCode).toBe(303);
    const page = await owner.get(`${ORG}/payments`, { "accept-language": "en" });
    expect(page.body.match(/<span class="badge">Default<\/span>/g)).toHaveLength(2);
    expect(page.body).toContain("No longer default");

    const made = await owner.submit(ORG, `${ORG}/events`, { name: "Gala", slug: "gala", kind: "single" });
    expect(made.statusCode).toBe(303);
    // In the order the accounts were created, whatever order they were marked in.
    expect(await offered("gala")).toEqual([accounts.transfer, accounts.box]);
    await call(
      "POST",
      "/api/v1/organizers/org/events",
      { slug: "tour", name: "Tour", is_series: true },
      { expect: 201 },
    );
    expect(await offered("tour")).toEqual([accounts.transfer, accounts.box]);
    // The event's own payment page shows them ticked.
    const eventPage = await owner.get(`${ORG}/events/tour/payments`);
    expect(eventPage.body).toContain(`name="account_${accounts.transfer}" value="on" checked`);
    expect(eventPage.body).not.toContain(`name="account_${accounts.cash}" value="on" checked`);

    // A retired default and an unmarked one are left out; events made before keep what they had.
    await owner.submit(`${ORG}/payments`, `${ORG}/payments/${accounts.box}/retire`, {});
    expect((await setDefault(accounts.transfer, false)).statusCode).toBe(303);
    await call("POST", "/api/v1/organizers/org/events", { slug: "late", name: "Late" }, { expect: 201 });
    expect(await offered("late")).toEqual([]);
    expect(await offered("gala")).toEqual([accounts.transfer]);
    // A retired account cannot become a default again.
    expect((await setDefault(accounts.box, true)).statusCode).toBe(404);
  });

  it("never attaches another organizer's defaults, and a refused event leaves nothing behind", async () => {
    const { call, accounts, setDefault, offered } = await seeded();
    await setDefault(accounts.cash, true);
    await call("POST", "/api/v1/organizers", { slug: "other", name: "Other" }, { expect: 201 });
    await call(
      "POST",
      "/api/v1/organizers/other/events",
      { slug: "elsewhere", name: "Elsewhere" },
      { expect: 201 },
    );
    expect(await offered("elsewhere")).toEqual([]);
    // Someone else's account id is no default of theirs to set either.
    const stranger = await organizerOwner(t, "other", "stranger@example.org");
    const refused = await stranger.submit(
      "/admin/organizers/other/payments",
      `/admin/organizers/other/payments/${accounts.transfer}/default`,
      { default: "on" },
    );
    expect(refused.statusCode).toBe(404);

    const before = await t.ctx.db.kysely
      .selectFrom("event_payment_accounts")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    const taken = await call("POST", "/api/v1/organizers/org/events", { slug: "series", name: "Again" });
    expect(taken.status).toBe(409);
    const after = await t.ctx.db.kysely
      .selectFrom("event_payment_accounts")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it("tells an organizer without any payment account to set one up, with the link", async () => {
    t = await createTestApp(dialect);
    await seedSeries(t);
    const owner = await organizerOwner(t, "org");
    const dashboard = await owner.get(`${ORG}/events/series`, { "accept-language": "en" });
    expect(dashboard.body).toContain(`<a href="${ORG}/payments">Set up a payment account</a>`);
    // Once an account exists, the step is the event's own choice of accounts again.
    await owner.submit(`${ORG}/payments`, `${ORG}/payments`, {
      provider: "manual",
      description: "Transfer",
      instructions: "IBAN",
    });
    const next = await owner.get(`${ORG}/events/series`, { "accept-language": "en" });
    expect(next.body).not.toContain("Set up a payment account");
    expect(next.body).toContain(`<a href="${ORG}/events/series/payments">Choose a payment method</a>`);
  });
});
