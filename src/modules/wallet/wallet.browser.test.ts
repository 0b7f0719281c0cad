import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserSuite, openBrowserSuite, setUpAdministrator } from "../../testing/browser-suite.js";
import { dialects } from "../../testing/databases.js";
import { startFakeWalletProvider } from "../../testing/fakes/wallet.js";
import { seedSeries } from "../../testing/ticketing.js";

describe.each(dialects)("the tickets and wallet page in Chromium, on %s", (dialect) => {
  let suite: BrowserSuite;
  let provider: Awaited<ReturnType<typeof startFakeWalletProvider>>;

  beforeAll(async () => {
    suite = await openBrowserSuite(`wallet-${dialect}`, dialect);
    provider = await startFakeWalletProvider("page-key-1");
  }, 60_000);
  afterAll(async () => {
    await provider?.close();
    await suite?.close();
  });

  it("configures the provider, warns about history mode, syncs, counts per family and filters", async () => {
    const { browser, base, snap, t } = suite;
    const seeded = await seedSeries(t, { quota: 20, price: "0" });
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { body } = await seeded.call<{ code: string; positions: { id: number }[] }>(
        "POST",
        `${seeded.ev}/orders`,
        { email: `w${i}@example.org`, positions: [{ ticket_type: seeded.typeId, date: seeded.dateId }] },
        { expect: 201 },
      );
      codes.push(body.code);
    }
    await seeded.call("POST", `${seeded.ev}/orders/${codes[2]}/oppose`, { reason: "test" }, { expect: 200 });
    const page = await (await browser.newContext({ locale: "en-GB" })).newPage();
    await setUpAdministrator(page, base, t, "Wallet Admin", "wallet-admin@example.org");
    await page.goto(`${base}/admin/organizers/org/wallet`);
    await page.getByLabel("Wallet provider API URL").fill(provider.apiUrl);
    await page.getByLabel("API key (leave empty to keep)").fill("page-key-1");
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(/flash=wallet.saved/);
    expect(await page.locator(".alert.error").textContent()).toContain("History mode is deprecated");
    await page.getByRole("button", { name: "Sync now" }).click();
    await page.waitForURL(/flash=wallet.synced/);
    expect(await page.locator('[data-family="printed"]').textContent()).toBe("2");
    expect(await page.locator('[data-family="invalidated"]').textContent()).toBe("1");
    expect(await page.locator("tbody tr", { hasText: "INJECTED" }).count()).toBe(2);
    await snap(page, "overview");
    await page
      .getByLabel("Custom parameters (one KEY=value per line)")
      .fill("TIXNGO_LIFECYCLE_MODE=lifecycle");
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(/flash=wallet.saved/);
    expect(await page.locator(".alert.error").count()).toBe(0);
    await page.getByLabel("Family").selectOption("invalidated");
    await page.getByRole("button", { name: "Filter" }).click();
    expect(await page.locator("tbody tr").count()).toBe(1);
    expect(await page.locator("tbody tr").textContent()).toContain(codes[2] ?? "");
    await snap(page, "filtered");
    await page.goto(`${base}/admin/organizers/org/events/series/orders/${codes[0]}`);
    expect(await page.locator("tbody tr").first().textContent()).toContain("Printed · INJECTED");
    await snap(page, "order");
  }, 120_000);
});
