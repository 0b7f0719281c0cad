import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlatformAdmin } from "../../modules/accounts/service.js";
import { Browser, createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { api } from "../../testing/ticketing.js";

describe.each(dialects)("a platform admin's first organizer and event on %s", (dialect) => {
  let t: TestApp;
  let admin: Browser;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await createPlatformAdmin(t.ctx.db, {
      email: "root@example.org",
      name: "Root",
      password: "root-password-1",
    });
    admin = new Browser(t.app);
    const login = await admin.submit("/login", "/login", {
      email: "root@example.org",
      password: "root-password-1",
    });
    expect(login.statusCode).toBe(303);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("creates an organizer without a slug typed, and its creator is its owner", async () => {
    const res = await admin.submit("/admin/organizers", "/admin/organizers", {
      name: "Grüße aus Köln",
      slug: "",
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe("/admin/organizers/gruesse-aus-koeln?flash=flash.organizerCreated");
    const page = await admin.get("/admin/organizers/gruesse-aus-koeln");
    expect(page.body).toMatch(/<td>Root<\/td><td>root@example.org<\/td><td>Owner<\/td>/);
    // The slug input is optional and says what happens when it is left empty.
    expect(page.body).toContain("Optional: left empty, it is made from the name");
    expect(page.body).toContain('<script src="/assets/slug.js" defer></script>');
    expect((await t.app.inject({ method: "GET", url: "/assets/slug.js" })).statusCode).toBe(200);
  });

  it("opens a new event at once, in the currency chosen, its slug made from its name", async () => {
    const org = "/admin/organizers/gruesse-aus-koeln";
    const first = await admin.submit(org, `${org}/events`, {
      name: "Sommerfest",
      kind: "single",
      currency: "CHF",
    });
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe(`${org}/events/sommerfest?flash=onboarding.eventCreated`);
    const second = await admin.submit(org, `${org}/events`, { name: "Sommerfest", slug: "", kind: "series" });
    expect(second.headers.location).toBe(`${org}/events/sommerfest-2?flash=onboarding.eventCreated`);
    const events = await t.ctx.db.kysely
      .selectFrom("events")
      .select(["slug", "currency"])
      .orderBy("id")
      .execute();
    expect(events).toEqual([
      { slug: "sommerfest", currency: "CHF" },
      { slug: "sommerfest-2", currency: "EUR" },
    ]);
  });

  it("shows a wrong or taken slug at its input, with what was typed", async () => {
    const org = "/admin/organizers/gruesse-aus-koeln";
    const bad = await admin.submit(org, `${org}/events`, { name: "Winterfest", slug: "Winter Fest!" });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain(
      '<div class="field-error" id="f-event-slug-error">The short name may only hold lowercase letters, digits and dashes, e.g. spring-festival.</div>',
    );
    expect(bad.body).toContain('value="Winterfest"');
    expect(bad.body).toContain('value="Winter Fest!"');
    const taken = await admin.submit(org, `${org}/events`, { name: "Again", slug: "sommerfest" });
    expect(taken.statusCode).toBe(400);
    expect(taken.body).toContain("The short name is already used; please choose another one.");
    expect(taken.body).toContain('<a class="problem-link" href="#f-event-slug">');
  });

  it("shows the account form's problems at their fields", async () => {
    const res = await admin.submit("/admin/users", "/admin/users", {
      email: "nope",
      name: "Lea",
      class_year: "1800",
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(
      '<div class="field-error" id="f-email-error">The e-mail address must be an e-mail address like name@example.org.</div>',
    );
    expect(res.body).toContain("The class year must be a whole number from 1900 to 2200.");
    expect(res.body).toContain('value="Lea"');
  });

  it("says an organizer made through the admin token has no members yet, and offers to invite its owner", async () => {
    await api(t)("POST", "/api/v1/organizers", { name: "Token Org" }, { expect: 201 });
    const page = await admin.get("/admin/organizers/token-org");
    expect(page.body).toContain("No members yet — invite the organizer’s owner.");
    expect(page.body).toMatch(/<option value="owner" selected>/);
  });

  it("sets the organizer's time zone on its settings page; events without one take it", async () => {
    const org = "/admin/organizers/gruesse-aus-koeln";
    const form = await admin.get(`${org}/settings`);
    expect(form.body).toContain('<option value="Europe/Berlin" selected>');
    const wrong = await admin.submit(`${org}/settings`, `${org}/settings`, {
      name: "Grüße",
      time_zone: "Mars/Olympus",
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain("The time zone must be a time zone like Europe/Berlin.");
    // As if chosen on the event's own settings page.
    await t.ctx.db.kysely
      .updateTable("events")
      .set({ time_zone: "Europe/Lisbon" })
      .where("slug", "=", "sommerfest")
      .execute();
    const saved = await admin.submit(`${org}/settings`, `${org}/settings`, {
      name: "Grüße aus Köln",
      time_zone: "America/New_York",
    });
    expect(saved.headers.location).toBe(`${org}/settings?flash=flash.saved`);
    const zones = await t.ctx.db.kysely
      .selectFrom("events")
      .select(["slug", "time_zone"])
      .orderBy("id")
      .execute();
    // The event still in the organizer's old zone moves with it; the one given its own zone keeps it.
    expect(zones).toEqual([
      { slug: "sommerfest", time_zone: "Europe/Lisbon" },
      { slug: "sommerfest-2", time_zone: "America/New_York" },
    ]);
    const patched = await api(t)("PATCH", "/api/v1/organizers/gruesse-aus-koeln", {
      time_zone: "Asia/Tokyo",
    });
    expect(patched.body).toMatchObject({ slug: "gruesse-aus-koeln", time_zone: "Asia/Tokyo" });
    const refused = await api(t)<{ error: { details: { fields: { code: string }[] } } }>(
      "PATCH",
      "/api/v1/organizers/gruesse-aus-koeln",
      { time_zone: "Nowhere/Town" },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.fields[0]?.code).toBe("time_zone");
  });
});
