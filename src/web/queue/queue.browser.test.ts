import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserSuite, openBrowserSuite } from "../../testing/browser-suite.js";
import { dialects } from "../../testing/databases.js";
import { seedSeries } from "../../testing/ticketing.js";

describe.each(dialects)("the waiting room's queue page in Chromium, on %s", (dialect) => {
  let suite: BrowserSuite;
  beforeAll(async () => {
    suite = await openBrowserSuite(`queue-${dialect}`, dialect);
  });
  afterAll(async () => suite?.close());

  it("shows the place and updates it without a reload, then the way to the shop with the pass", async () => {
    const { t, base, browser } = suite;
    const { call, ev } = await seedSeries(t);
    const room = (opensAt: number, rate: number) =>
      call(
        "PUT",
        `${ev}/waiting-room`,
        { enabled: true, opens_at: new Date(opensAt).toISOString(), admit_per_minute: rate },
        { expect: 200 },
      );
    await room(Date.now() + 3_600_000, 12);
    // Two buyers arrived first, from elsewhere.
    for (const client of ["10.0.0.1", "10.0.0.2"])
      await t.app.inject({
        method: "POST",
        url: "/api/v1/waiting-room/org/series/join",
        headers: { "x-forwarded-for": client },
      });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/e/org/series/queue`);
    await expect.poll(() => page.locator("#wr-position").textContent()).toBe("3");
    await page.evaluate(() => {
      (window as unknown as { stayed: boolean }).stayed = true;
    });
    await suite.snap(page, "waiting");

    // The sale opens at 12 a minute: the two ahead are let in, the page follows by itself.
    await room(Date.now() - 60_000, 12);
    await expect.poll(() => page.locator("#wr-position").textContent(), { timeout: 15_000 }).toBe("1");
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    expect(Number(await page.locator("#wr-progress").getAttribute("value"))).toBeGreaterThan(0);
    await suite.snap(page, "moved-up");

    await room(Date.now() - 60_000, 600);
    await expect.poll(() => page.locator("#wr-admitted").isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name.startsWith("wr_pass_"))?.httpOnly).toBe(true);
    await expect(
      page.getByRole("link", { name: "Continue to the tickets" }).getAttribute("href"),
    ).resolves.toBe("/e/org/series");
    await suite.snap(page, "admitted");
    await context.close();
  });
});
