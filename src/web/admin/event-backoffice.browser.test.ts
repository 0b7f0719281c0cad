import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserSuite, openBrowserSuite, setUpAdministrator } from "../../testing/browser-suite.js";
import { dialects } from "../../testing/databases.js";
import { seedSeries } from "../../testing/ticketing.js";

const EVENT = "/admin/organizers/org/events/series";

describe.each(dialects)("an event's backoffice sections in Chromium, on %s", (dialect) => {
  let suite: BrowserSuite;
  let seeded: Awaited<ReturnType<typeof seedSeries>>;

  beforeAll(async () => {
    suite = await openBrowserSuite(`event-backoffice-${dialect}`, dialect);
    seeded = await seedSeries(suite.t);
    await seeded.call("PATCH", seeded.ev, { time_zone: "Europe/Berlin" }, { expect: 200 });
    // The first night is booked: it cannot be deleted.
    await seeded.call(
      "POST",
      `${seeded.ev}/orders`,
      { email: "ada@example.org", positions: [{ ticket_type: seeded.typeId, date: seeded.dateId }] },
      { expect: 201 },
    );
  }, 120_000);
  afterAll(async () => suite?.close());

  it("generates weekly dates with a preview, edits and deletes one, edits a ticket type, on a desktop and a phone", async () => {
    const { browser, base, snap, t } = suite;
    const context = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await setUpAdministrator(page, base, t, "Eva Events", "eva@example.org");
    await page.goto(`${base}${EVENT}/dates`);
    await snap(page, "dates");

    // Every Thursday 20:00 for four weeks, across the change to summer time (30 March 2031).
    const repeat = page.locator("#repeat");
    await repeat.locator("summary").click();
    await repeat.getByLabel("Thursday").check();
    await repeat.getByLabel("Starts at").fill("20:00");
    await repeat.getByLabel("Ends at").fill("22:30");
    await repeat.getByLabel("First day").fill("2031-03-17");
    await repeat.getByLabel("Last day").fill("2031-04-13");
    await repeat.getByLabel("Name", { exact: true }).fill("Jazz night");
    await repeat.getByRole("button", { name: "Preview the dates" }).click();
    const preview = page.locator("#preview");
    await preview.waitFor();
    expect(await preview.locator("li").allTextContents()).toEqual([
      "Mar 20, 2031, 8:00 PM – 10:30 PM",
      "Mar 27, 2031, 8:00 PM – 10:30 PM",
      "Apr 3, 2031, 8:00 PM – 10:30 PM",
      "Apr 10, 2031, 8:00 PM – 10:30 PM",
    ]);
    expect(await page.locator("#dates tbody tr").count()).toBe(1);
    await snap(page, "dates-preview");
    await preview.getByRole("button", { name: "Create 4 date(s)" }).click();
    await page.waitForURL(/flash=flash\.datesCreated/);
    expect(new URL(page.url()).hash).toBe("#dates");
    expect(await page.locator("#dates tbody tr").count()).toBe(5);
    await snap(page, "dates-created");

    // Edit the third Thursday: back at its row afterwards.
    const april3 = page.locator("#dates tbody tr", { hasText: "Apr 3, 2031" });
    const rowId = await april3.getAttribute("id");
    await april3.getByRole("link", { name: "Edit" }).click();
    expect(await page.getByLabel("Starts", { exact: true }).inputValue()).toBe("2031-04-03T20:00");
    await page.getByLabel("Name", { exact: true }).fill("Jazz special");
    await page.getByLabel("Starts", { exact: true }).fill("2031-04-03T21:00");
    await snap(page, "date-edit");
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(/flash=flash\.saved/);
    expect(new URL(page.url()).hash).toBe(`#${rowId}`);
    expect(await page.locator(`#${rowId}`).textContent()).toContain("Jazz special");
    expect(await page.locator(`#${rowId}`).textContent()).toContain("Apr 3, 2031, 9:00 PM");

    // Delete the last one, through its confirmation.
    await page
      .locator("#dates tbody tr", { hasText: "Apr 10, 2031" })
      .getByRole("link", { name: "Delete" })
      .click();
    await snap(page, "date-delete-confirm");
    await page.getByRole("button", { name: "Yes, delete" }).click();
    await page.waitForURL(/flash=flash\.removed/);
    expect(await page.locator("#dates tbody tr").count()).toBe(4);

    // The booked first night stays, and the page says why.
    await page
      .locator("#dates tbody tr", { hasText: "First night" })
      .getByRole("link", { name: "Delete" })
      .click();
    expect(await page.getByRole("alert").textContent()).toContain(
      "This date has orders and cannot be deleted",
    );
    expect(await page.getByRole("button", { name: "Yes, delete" }).count()).toBe(0);
    await snap(page, "date-delete-refused");

    // A ticket type's price, for the next orders.
    await page
      .getByRole("navigation", { name: "Event sections" })
      .getByRole("link", { name: "Ticket types" })
      .click();
    await page.locator("tr", { hasText: "Standard" }).getByRole("link", { name: "Edit" }).click();
    await page.getByLabel("Price", { exact: true }).fill("15.00");
    await snap(page, "ticket-type-edit");
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(/flash=flash\.saved/);
    expect(await page.locator("tr", { hasText: "Standard" }).textContent()).toContain("€15.00");
    await snap(page, "ticket-types");

    // The same sections on a phone.
    const phone = await browser.newContext({
      locale: "en-GB",
      viewport: { width: 390, height: 844 },
      storageState: await context.storageState(),
    });
    const small = await phone.newPage();
    await small.goto(`${base}${EVENT}/dates`);
    await snap(small, "phone-dates");
    await small.locator("#repeat summary").click();
    await snap(small, "phone-dates-repeat");
    await small.goto(`${base}${EVENT}/ticket-types`);
    await snap(small, "phone-ticket-types");
    const overflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await small.goto(`${base}${EVENT}/settings`);
    await snap(small, "phone-settings");
    await phone.close();
    await context.close();
  });
});
