import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserSuite, openBrowserSuite, setUpAdministrator } from "../../testing/browser-suite.js";
import { dialects } from "../../testing/databases.js";
import { api } from "../../testing/ticketing.js";

const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

const fitsWidth = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe.each(dialects)("organizer texts per language in Chromium, on %s", (dialect) => {
  let suite: BrowserSuite;

  beforeAll(async () => {
    suite = await openBrowserSuite(`translations-${dialect}`, dialect);
    const call = api(suite.t);
    await call("POST", "/api/v1/organizers", { slug: "choir", name: "City Choir" }, { expect: 201 });
    const events = "/api/v1/organizers/choir/events";
    await call("POST", events, { slug: "concert", name: "Spring concert" }, { expect: 201 });
    await call("POST", `${events}/concert/dates`, { starts_at: "2031-05-02T18:00:00Z" }, { expect: 201 });
    await call(
      "POST",
      `${events}/concert/ticket-types`,
      { name: "Standard", price: "18.00" },
      { expect: 201 },
    );
  });
  afterAll(async () => {
    await suite?.close();
  });

  it("an organizer names a ticket type in German; a German buyer sees that name on a laptop and a phone", async () => {
    const { browser, base, snap, t } = suite;
    const admin = await browser.newContext({ locale: "en-GB", viewport: LAPTOP });
    const page = await admin.newPage();
    await setUpAdministrator(page, base, t, "Choir Admin", "admin@choir.example");
    await page.goto(`${base}/admin/organizers/choir/events/concert/ticket-types`);
    await page.locator("#types").getByRole("link", { name: "Edit" }).click();
    // Folded away until asked for: the form stays short.
    const translations = page.locator("details.translations");
    const german = translations.getByLabel("Deutsch", { exact: true });
    expect(await german.isVisible()).toBe(false);
    await page.locator("details.translations > summary").click();
    await german.fill("Normalpreis");
    await translations.getByLabel("Français", { exact: true }).fill("Plein tarif");
    expect(await fitsWidth(page)).toBe(true);
    await snap(page, "admin-type-translations");
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(/flash=flash\.saved/);
    // The admin's own list keeps the name as entered.
    expect(await page.locator("#types").textContent()).toContain("Standard");
    // An option's names per language, on a phone: the row's forms stay within the screen.
    await page.setViewportSize(PHONE);
    await page.locator("#types summary", { hasText: "Add option" }).click();
    await page.locator("#types details.translations > summary").first().click();
    await snap(page, "admin-option-translations-phone");
    expect(await page.locator("#types").getByLabel("Deutsch", { exact: true }).first().isVisible()).toBe(
      true,
    );
    expect(await fitsWidth(page)).toBe(true);
    await page.setViewportSize(LAPTOP);
    // The event's name and description, in the settings: one group per language.
    await page.goto(`${base}/admin/organizers/choir/events/concert/settings`);
    await page.locator("details.translations > summary").click();
    const group = (name: string) => page.getByRole("group", { name, exact: true });
    await group("Name").getByLabel("Deutsch", { exact: true }).fill("Frühlingskonzert");
    await group("Description").getByLabel("Deutsch", { exact: true }).fill("Lieder **zum Frühling**.");
    await snap(page, "admin-event-translations");
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(/flash=flash\.saved/);
    await admin.close();

    for (const [name, viewport] of [
      ["laptop", LAPTOP],
      ["phone", PHONE],
    ] as const) {
      const buyer = await browser.newContext({ locale: "de-DE", viewport, isMobile: name === "phone" });
      const shop = await buyer.newPage();
      await shop.goto(`${base}/e/choir/concert`);
      expect(await shop.locator("html").getAttribute("lang")).toBe("de");
      expect(await shop.locator("h1").textContent()).toBe("Frühlingskonzert");
      expect(await shop.locator(".description strong").textContent()).toBe("zum Frühling");
      const row = shop.locator("form.booking tbody th").first();
      expect(await row.textContent()).toContain("Normalpreis");
      expect(await shop.locator("form.booking").textContent()).not.toContain("Standard");
      // The quantity is labelled by the German name: what a screen reader says.
      expect(await shop.getByLabel("Normalpreis").count()).toBe(1);
      expect(await fitsWidth(shop)).toBe(true);
      await snap(shop, `buyer-de-${name}`);
      await buyer.close();
    }

    // A French reader gets the French name; a Spanish one (no such language here) the one entered.
    for (const [locale, expected] of [
      ["fr-FR", "Plein tarif"],
      ["es-ES", "Standard"],
    ] as const) {
      const other = await browser.newContext({ locale, viewport: PHONE });
      const shop = await other.newPage();
      await shop.goto(`${base}/e/choir/concert`);
      expect(await shop.locator("form.booking tbody th").first().textContent()).toContain(expected);
      await other.close();
    }
  });
});
