import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { seedSales } from "../../testing/sales.js";
import { adminHeaders, api } from "../../testing/ticketing.js";
import { eventTabPath } from "./event-tabs.js";

const page = async (t: TestApp, url: string, language = "en") => {
  const res = await t.app.inject({
    method: "GET",
    url,
    headers: { ...adminHeaders, accept: "text/html", "accept-language": language },
  });
  expect(res.statusCode).toBe(200);
  return res.body;
};
const text = (body: string) => body.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe.each(dialects)("dashboards on %s", (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it("walks an empty platform through its next steps on the admin home", async () => {
    const call = api(t);
    expect(text(await page(t, "/admin"))).toContain("Next steps Create your first organizer");
    await call("POST", "/api/v1/organizers", { slug: "empty", name: "Empty Org" }, { expect: 201 });
    const withOrganizer = await page(t, "/admin");
    expect(text(withOrganizer)).not.toContain("Create your first organizer");
    expect(withOrganizer).toContain(
      '<a href="/admin/organizers/empty#h-events">Create an event for Empty Org</a>',
    );
    await call("POST", "/api/v1/organizers/empty/events", { slug: "bare", name: "Bare" }, { expect: 201 });
    const withEvent = await page(t, "/admin", "de");
    expect(withEvent).toContain(
      '<a href="/admin/organizers/empty/events/bare/dates">Termin für Bare hinzufügen</a>',
    );
    expect(withEvent).toContain("Ticketart für Bare hinzufügen");
    expect(text(withEvent)).toContain("Ihre Veranstaltungen");
  });

  it("shows an event's figures, its chart and its tables", async () => {
    const seeded = await seedSales(t);
    const body = await page(t, eventTabPath("fest", "summer", "dashboard"));
    const words = text(body);
    expect(body).toContain('<nav class="tabs"');
    expect(words).toContain("Tickets sold 4 / 36");
    expect(words).toContain("30 places left");
    expect(words).toContain("Revenue €66.00 from 3 paid orders");
    expect(words).toContain("Awaiting payment 2 tickets €32.00 in 1 order");
    expect(words).toContain("Checked in 1 of 4 sold");
    // Opening night: paid, pending, left, capacity, checked in; then each ticket type.
    expect(words).toMatch(/Opening night 4 0 6 10 1 Standard 3 0 6 9 1 Reduced 1 0 4 5 0/);
    expect(words).toContain("Hall");
    expect(words).toContain("4 / 10");
    expect(words).toContain("All dates");

    const svg = /<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox[\s\S]*?<\/svg>/.exec(body)?.[0] ?? "";
    expect(svg).toContain('role="img"');
    expect(svg).toMatch(/<title id="orders-per-day-title">Orders per day<\/title>/);
    expect(svg).toMatch(/<desc id="orders-per-day-desc">[^<]*4 in all, at most 2 on one day/);
    expect(svg.match(/<rect class="bar"/g)).toHaveLength(30);
    expect(svg).not.toMatch(/style=/);
    const table = /<div class="sr"><table>[\s\S]*?<\/table>/.exec(body)?.[0] ?? "";
    expect(table.match(/<tr><th scope="row">/g)).toHaveLength(30);
    // The hand-made event needs nothing set up but a way to pay for its priced tickets: its organizer
    // has no payment account yet, so that comes first, linked to the organizer's accounts page.
    expect(words).toContain("Next steps Set up a payment account");
    expect(body).toContain('<a href="/admin/organizers/fest/payments">Set up a payment account</a>');
    expect(words).not.toContain("Add a date");

    const home = text(await page(t, "/admin"));
    expect(home).toMatch(/Summer Nights Festival Org 4 \/ 36 €66\.00/);
    expect(seeded.ids.d1).toBeGreaterThan(0);
  });

  it("speaks the reader's language and tells a bare event what it lacks", async () => {
    const de = text(await page(t, eventTabPath("fest", "summer", "dashboard"), "de"));
    expect(de).toContain("Bestellungen pro Tag");
    expect(de).toContain("66,00 €");
    const call = api(t);
    await call(
      "POST",
      "/api/v1/organizers/fest/events",
      { slug: "hidden", name: "Hidden", visibility: "unlisted" },
      { expect: 201 },
    );
    const fr = await page(t, eventTabPath("fest", "hidden", "dashboard"), "fr");
    expect(fr).toContain('<a href="/admin/organizers/fest/events/hidden/dates">Ajouter une date</a>');
    expect(fr).toContain(
      '<a href="/admin/organizers/fest/events/hidden/ticket-types">Ajouter un type de billet</a>',
    );
    expect(fr).toContain(
      '<a href="/admin/organizers/fest/events/hidden/settings">Rendre l’événement public</a>',
    );
    expect(text(fr)).toContain("Il est « Non listé (par lien) »");
    expect(fr.match(/<rect class="bar" [^>]* height="0"/g)).toHaveLength(30);
  });
});
