import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserSuite, openBrowserSuite, setUpAdministrator } from "../../testing/browser-suite.js";
import { dialects } from "../../testing/databases.js";
import { seedSales } from "../../testing/sales.js";
import { eventTabPath } from "./event-tabs.js";

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

/** The page's chart as the server sent it, read by the browser's XML parser: well-formed, and its bars. */
async function chartAsXml(page: Page) {
  return page.evaluate(async () => {
    const source = await (await fetch(location.href)).text();
    const svg = /<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox[\s\S]*?<\/svg>/.exec(source)?.[0] ?? "";
    const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
    return {
      errors: doc.getElementsByTagName("parsererror").length,
      bars: doc.querySelectorAll("rect.bar").length,
      title: doc.querySelector("svg > title")?.textContent,
      heights: Array.from(doc.querySelectorAll("rect.bar"), (r) => Number(r.getAttribute("height"))),
    };
  });
}

describe.each(dialects)("dashboards in Chromium on %s", (dialect) => {
  let suite: BrowserSuite;

  beforeAll(async () => {
    suite = await openBrowserSuite(`dashboard-${dialect}`, dialect);
  }, 60_000);
  afterAll(async () => suite?.close());

  it("guides an empty platform, then shows an event's sales on a desktop and a phone", async () => {
    const { browser, base, snap, t } = suite;
    const page = await (await browser.newContext({ locale: "en-GB", viewport: DESKTOP })).newPage();
    await setUpAdministrator(page, base, t, "Ada Admin", "ada@example.org");
    await page.goto(`${base}/admin`);
    const steps = page.getByRole("region", { name: "Next steps" });
    await expect(steps.getByRole("link", { name: "Create your first organizer" }).isVisible()).resolves.toBe(
      true,
    );
    await snap(page, "empty-platform");
    await page.setViewportSize(PHONE);
    await snap(page, "empty-platform-phone");
    await steps.getByRole("link", { name: "Create your first organizer" }).click();
    expect(page.url()).toBe(`${base}/admin/organizers`);

    await seedSales(t);
    await page.setViewportSize(DESKTOP);
    await page.goto(`${base}/admin`);
    await expect(page.getByRole("region", { name: "Your events" }).textContent()).resolves.toContain(
      "4 / 36",
    );
    await snap(page, "home-with-events");
    await page.getByRole("link", { name: "Summer Nights" }).click();
    expect(page.url()).toBe(`${base}${eventTabPath("fest", "summer", "dashboard")}`);

    await expect(page.getByTestId("figure-sold").textContent()).resolves.toContain("4 / 36");
    await expect(page.getByTestId("figure-revenue").textContent()).resolves.toContain("€66.00");
    await expect(page.getByTestId("figure-pending").textContent()).resolves.toContain("€32.00");
    const chart = page.getByRole("img", { name: "Orders per day" });
    await expect(chart.isVisible()).resolves.toBe(true);
    const xml = await chartAsXml(page);
    expect(xml).toMatchObject({ errors: 0, bars: 30, title: "Orders per day" });
    // Day before yesterday 1 order, yesterday 2 (the full height), today 1; nothing before.
    const [dayBefore, yesterday, today] = xml.heights.slice(-3) as [number, number, number];
    expect(xml.heights.slice(0, -3).every((h) => h === 0)).toBe(true);
    expect([dayBefore * 2, today * 2]).toEqual([yesterday, yesterday]);
    // No inline style anywhere: the CSP would refuse it, and the console would say so.
    expect(await page.locator("[style]").count()).toBe(0);
    await snap(page, "event-dashboard");
    await page.setViewportSize(PHONE);
    await snap(page, "event-dashboard-phone");
    // Laid out as a grid on a phone, the sales table is still a table to a screen reader.
    const sales = page.getByRole("table").filter({ hasText: "Date and ticket type" });
    await expect(sales.ariaSnapshot()).resolves.toMatch(/row "[^"]*Opening night 4 0 6 1"/);
    // Six rows of four figures: capacity and the bars give way on a phone.
    await expect(sales.getByRole("cell").count()).resolves.toBe(24);
    // The chart fits the phone's width (no sideways scrolling) and stays wide enough to read.
    const box = await chart.boundingBox();
    expect(box?.width).toBeGreaterThan(300);
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(PHONE.width);
  }, 120_000);
});
