import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserSuite, openBrowserSuite, setUpAdministrator } from "../../testing/browser-suite.js";
import { dialects } from "../../testing/databases.js";
import { seedSeries } from "../../testing/ticketing.js";

const EVENT = "/admin/organizers/org/events/series";
const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

const fitsWidth = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe.each(dialects)("test mode in Chromium, on %s", (dialect) => {
  let suite: BrowserSuite;
  let seeded: Awaited<ReturnType<typeof seedSeries>>;

  beforeAll(async () => {
    suite = await openBrowserSuite(`test-mode-${dialect}`, dialect);
    seeded = await seedSeries(suite.t, { quota: 10, price: "12.50" });
    const account = await seeded.call<{ id: number }>(
      "POST",
      "/api/v1/organizers/org/payment-accounts",
      { provider: "manual", description: "Bank transfer", instructions: "IBAN DE02 1203 0000 0000 2020 51" },
      { expect: 201 },
    );
    await seeded.call("PATCH", seeded.ev, { payment_accounts: [account.body.id] }, { expect: 200 });
  }, 120_000);
  afterAll(async () => suite?.close());

  it("an organizer switches test mode on, books a test order in the shop, sees it labelled and deletes it", async () => {
    const { browser, base, snap, t } = suite;
    const page = await (await browser.newContext({ locale: "en-GB", viewport: LAPTOP })).newPage();
    await setUpAdministrator(page, base, t, "Theo Tester", "theo@example.org");

    await page.goto(`${base}${EVENT}/settings`);
    await page.getByLabel("Test mode").check();
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(/flash=flash\.saved/);
    expect(await page.getByLabel("Test mode").isChecked()).toBe(true);
    await snap(page, "settings-on");

    await page.goto(`${base}/e/org/series/dates/${seeded.dateId}`);
    const banner = page.getByTestId("test-mode");
    expect(await banner.textContent()).toContain("Test mode — orders are not real");
    await snap(page, "shop-banner");
    await page.setViewportSize(PHONE);
    expect(await banner.isVisible()).toBe(true);
    expect(await fitsWidth(page)).toBe(true);
    await snap(page, "shop-banner-phone");
    await page.setViewportSize(LAPTOP);

    await page.getByLabel("Standard").selectOption("2");
    await page.getByRole("button", { name: "Book now" }).click();
    await page.waitForURL(/\/orders\/[A-Z0-9]+/);
    const code = (await page.getByTestId("booking-code").textContent()) ?? "";
    expect(code).toMatch(/^[A-Z0-9]{8}$/);
    expect(await page.getByTestId("test-order").first().textContent()).toBe("TEST");
    await snap(page, "order-labelled");
    await page.setViewportSize(PHONE);
    expect(await fitsWidth(page)).toBe(true);
    await snap(page, "order-labelled-phone");
    await page.setViewportSize(LAPTOP);

    await page.goto(`${base}${EVENT}/orders/${code}`);
    expect(await page.locator("h1").textContent()).toContain("TEST");
    await snap(page, "admin-order");
    expect(
      (await seeded.call<{ taken: number }>("GET", `${seeded.ev}/quotas/${seeded.quotaId}`)).body.taken,
    ).toBe(2);

    await page.goto(`${base}${EVENT}/settings`);
    const card = page.getByRole("region", { name: "Test orders" });
    expect(await card.textContent()).toContain("This event has 1 test order.");
    await card.getByRole("link", { name: "Delete all test orders" }).click();
    await snap(page, "delete-confirm");
    await page.getByRole("button", { name: "Yes, delete" }).click();
    await page.waitForURL(/flash=testMode\.deleted/);
    expect(await page.getByRole("status").first().textContent()).toContain("The test orders were deleted.");
    expect(await card.textContent()).toContain("This event has no test orders.");
    await snap(page, "deleted");
    await page.setViewportSize(PHONE);
    expect(await fitsWidth(page)).toBe(true);
    await snap(page, "deleted-phone");

    expect((await seeded.call("GET", `${seeded.ev}/orders/${code}`)).status).toBe(404);
    expect(
      (await seeded.call<{ taken: number }>("GET", `${seeded.ev}/quotas/${seeded.quotaId}`)).body.taken,
    ).toBe(0);
  }, 120_000);
});
