import type { BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LANG_COOKIE } from "../../platform/http/request.js";
import { ADMIN_TOKEN, Browser } from "../../testing/app.js";
import { type BrowserSuite, openBrowserSuite } from "../../testing/browser-suite.js";
import { dialects } from "../../testing/databases.js";
import { adminHeaders, seedSeries } from "../../testing/ticketing.js";

const SCREENS = {
  laptop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

/** The order page a buyer reads (voucher, prices, venue, history in German) and the admin's, on two screens. */
describe.each(dialects)("the order pages in Chromium, on %s", (dialect) => {
  let suite: BrowserSuite;
  let code: string;
  let buyerCookies: Map<string, string>;

  const open = async (screen: keyof typeof SCREENS, options: BrowserContextOptions = {}) => {
    const context = await suite.browser.newContext({
      locale: "de-DE",
      viewport: SCREENS[screen],
      deviceScaleFactor: screen === "phone" ? 2 : 1,
      ...options,
    });
    return { context, page: await context.newPage() };
  };
  const sideways = (page: Page) =>
    page.evaluate(() => (document.scrollingElement ?? document.documentElement).scrollWidth);

  beforeAll(async () => {
    suite = await openBrowserSuite(`order-texts-${dialect}`, dialect);
    const { t } = suite;
    const seeded = await seedSeries(t, { price: "25.00" });
    const { call, ev } = seeded;
    const transfer = await call<{ id: number }>(
      "POST",
      "/api/v1/organizers/org/payment-accounts",
      {
        provider: "manual",
        description: "Überweisung",
        instructions: "Org e.V. · IBAN DE02 1203 0000 0000 2020 51",
      },
      { expect: 201 },
    );
    await call(
      "PATCH",
      ev,
      {
        time_zone: "Europe/Berlin",
        venue: "Stadthalle am Fluss\nHauptstraße 1\n10115 Berlin",
        payment_accounts: [transfer.body.id],
      },
      { expect: 200 },
    );
    await call(
      "POST",
      `${ev}/vouchers`,
      { code: "FREUNDE20", price_mode: "percent", value: 20, max_usages: 10 },
      { expect: 201 },
    );
    const buyer = new Browser(t.app);
    await buyer.submit("/register", "/register", {
      name: "Lea Bucher",
      email: "lea@example.org",
      password: "correct-horse-1",
    });
    buyerCookies = buyer.cookies;
    const cookie = [...buyer.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await buyer.get("/account")).body)?.[1] ?? "";
    const booked = await t.app.inject({
      method: "POST",
      url: `${ev}/orders`,
      headers: { cookie, "x-csrf-token": csrf, "content-type": "application/json", "accept-language": "de" },
      payload: {
        voucher: "FREUNDE20",
        positions: [
          { ticket_type: seeded.typeId, date: seeded.dateId, attendee_name: "Lea Bucher" },
          { ticket_type: seeded.typeId, date: seeded.dateId, attendee_name: "Jonas Bucher" },
        ],
      },
    });
    expect(booked.statusCode).toBe(201);
    code = booked.json<{ code: string }>().code;
    const paid = await t.app.inject({
      method: "POST",
      url: `${ev}/orders/${code}/mark-paid`,
      headers: adminHeaders,
    });
    expect(paid.statusCode).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await suite?.close();
  });

  it("shows the buyer the voucher, the regular and the paid price, the venue and the history in German", async () => {
    for (const screen of ["laptop", "phone"] as const) {
      const { context, page } = await open(screen);
      await context.addCookies(
        [...buyerCookies, [LANG_COOKIE, "de"] as const].map(([name, value]) => ({
          name,
          value,
          url: suite.base,
        })),
      );
      await page.goto(`${suite.base}/account/orders/${code}`);
      await expect.poll(() => page.getByTestId("voucher-code").textContent()).toBe("FREUNDE20");
      expect(await page.getByTestId("venue").innerText()).toMatch(
        /^Veranstaltungsort:\s*Stadthalle am Fluss\nHauptstraße 1\n10115 Berlin$/,
      );
      const log = await page.getByTestId("order-log").innerText();
      expect(log).toMatch(/Lea Bucher \(buchende Person\) hat 2 Tickets für 40,00\s€ bestellt\./);
      expect(log).toContain("Der Veranstalter hat die Bestellung als bezahlt markiert.");
      expect(log).not.toMatch(/[{}]/);
      expect(await page.locator("s").first().innerText()).toMatch(/25,00\s€/);
      expect(await sideways(page)).toBeLessThanOrEqual(SCREENS[screen].width);
      await suite.snap(page, `buyer-order-${screen}`);
      await context.close();
    }
  }, 120_000);

  it("shows the admin the same order with the log as sentences", async () => {
    for (const screen of ["laptop", "phone"] as const) {
      const { context, page } = await open(screen, {
        extraHTTPHeaders: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      await page.goto(`${suite.base}/admin/organizers/org/events/series/orders/${code}`);
      const log = await page.getByTestId("order-log").innerText();
      expect(log).toMatch(/Lea Bucher \(buchende Person\) hat 2 Tickets für 40,00\s€ bestellt\./);
      expect(log).toContain("Eine Plattform-Administration hat die Bestellung als bezahlt markiert.");
      expect(await page.getByTestId("voucher-code").textContent()).toBe("FREUNDE20");
      await suite.snap(page, `admin-order-${screen}`);
      await context.close();
    }
  }, 120_000);
});
