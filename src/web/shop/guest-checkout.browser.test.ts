import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browser as FormBrowser } from "../../testing/app.js";
import { type BrowserSuite, openBrowserSuite } from "../../testing/browser-suite.js";
import { dialects } from "../../testing/databases.js";
import { type FakeStripe, startFakeStripe } from "../../testing/fakes/stripe.js";
import { STRIPE_KEYS } from "../../testing/fakes/stripe-setup.js";
import { seedSeries } from "../../testing/ticketing.js";

const SIZES = [
  { name: "laptop", viewport: { width: 1280, height: 800 } },
  { name: "phone", viewport: { width: 390, height: 844 } },
];
const PASSWORD = "basket-password-1";

const noSidewaysScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

// A guest books with an e-mail and lands on the order's signed page; a buyer who logs in on the way
// finds what they chose again. On a laptop and on a phone.
describe.each(dialects)("guest checkout and the basket across a login in Chromium, on %s", (dialect) => {
  let suite: BrowserSuite;
  let seeded: Awaited<ReturnType<typeof seedSeries>>;
  let stripe: FakeStripe;

  beforeAll(async () => {
    stripe = await startFakeStripe({
      secretKey: STRIPE_KEYS.secret_key,
      webhookSecret: STRIPE_KEYS.webhook_secret,
    });
    suite = await openBrowserSuite(`guest-checkout-${dialect}`, dialect);
    stripe.webhookUrl = `${suite.base}/api/v1/payments/stripe/webhook/org`;
    seeded = await seedSeries(suite.t, { quota: 40 });
    const type = `${seeded.ev}/ticket-types/${seeded.typeId}`;
    await seeded.call("POST", `${type}/options`, { name: "Programme", price: "2.00" }, { expect: 201 });
    const account = await seeded.call<{ id: number }>(
      "POST",
      "/api/v1/organizers/org/payment-accounts",
      { provider: "stripe", description: "Cards", api_url: stripe.url, ...STRIPE_KEYS },
      { expect: 201 },
    );
    await seeded.call("PATCH", seeded.ev, { payment_accounts: [account.body.id] }, { expect: 200 });
  });
  afterAll(async () => {
    await suite?.close();
    await stripe?.close();
  });

  for (const size of SIZES) {
    it(`a guest books with an e-mail and sees the order behind its link (${size.name})`, async () => {
      const { browser, base, snap } = suite;
      const context = await browser.newContext({ locale: "en-GB", viewport: size.viewport });
      const page = await context.newPage();
      await page.goto(`${base}/e/org/series/dates/${seeded.dateId}`);
      expect(await page.getByTestId("guest-notice").textContent()).toContain("Book as a guest");
      await page.getByLabel("Standard").selectOption("2");
      await page.getByLabel("Your e-mail").fill(`guest-${size.name}@example.org`);
      await page.getByLabel("Attendee", { exact: true }).fill("Gus Guest");
      expect(await noSidewaysScroll(page)).toBe(true);
      await snap(page, `${size.name}-guest-form`);
      await page.getByRole("button", { name: "Book now" }).click();
      await page.waitForURL(/\/orders\/[\w-]+\.[\w-]+\.[\w-]+\?flash=flash\.booked/);
      expect(page.url()).not.toContain("guest");
      expect(await page.getByTestId("order-status").textContent()).toBe("Pending payment");
      expect(await page.locator("table.tickets").textContent()).toContain("Gus Guest");
      expect(await page.getByRole("link", { name: "My orders" }).count()).toBe(0);
      expect(await noSidewaysScroll(page)).toBe(true);
      await snap(page, `${size.name}-guest-order`);
      await context.close();
    });

    it(`a guest pays by card on Stripe's hosted page from their link (${size.name})`, async () => {
      const { browser, base, snap } = suite;
      const context = await browser.newContext({ locale: "en-GB", viewport: size.viewport });
      const page = await context.newPage();
      await page.goto(`${base}/e/org/series/dates/${seeded.dateId}`);
      await page.getByLabel("Standard").selectOption("1");
      await page.getByLabel("Your e-mail").fill(`payer-${size.name}@example.org`);
      await page.getByLabel("Attendee", { exact: true }).fill("Pat Payer");
      await page.getByRole("button", { name: "Book now" }).click();
      await page.waitForURL(/\/orders\/[\w-]+\.[\w-]+\.[\w-]+\?flash=flash\.booked/);
      const link = new URL(page.url()).pathname;
      await page.getByRole("link", { name: "Pay now" }).click();
      await page.waitForURL(`${base}${link}/pay`);
      expect(await noSidewaysScroll(page)).toBe(true);
      await snap(page, `${size.name}-guest-pay-choose`);
      await page.getByRole("button", { name: "Pay by card · Cards" }).click();
      await page.waitForURL(`${stripe.url}/pay/**`);
      await page.getByTestId("checkout-pay").click();
      await page.waitForURL(new RegExp(`${link.replaceAll(".", "\\.")}/pay/stripe/\\d+$`));
      await page
        .getByTestId("stripe-state")
        .filter({ hasText: "Payment received." })
        .waitFor({ timeout: 15_000 });
      expect(page.url()).not.toContain("payer");
      expect(await noSidewaysScroll(page)).toBe(true);
      await snap(page, `${size.name}-guest-paid`);
      await page.getByRole("link", { name: "Back to your booking" }).first().click();
      await page.waitForURL(`${base}${link}`);
      expect(await page.getByTestId("order-status").textContent()).toBe("Paid");
      await snap(page, `${size.name}-guest-paid-order`);
      await context.close();
    });

    it(`the basket survives a login (${size.name})`, async () => {
      const { browser, base, snap, t } = suite;
      const email = `returning-${size.name}@example.org`;
      await new FormBrowser(t.app).submit("/register", "/register", {
        name: "Rae",
        email,
        password: PASSWORD,
      });
      const context = await browser.newContext({ locale: "en-GB", viewport: size.viewport });
      const page = await context.newPage();
      const datePage = `${base}/e/org/series/dates/${seeded.dateId}`;
      await page.goto(datePage);
      await page.getByLabel("Standard").selectOption("3");
      await page.getByLabel("Programme").check();
      await page.getByLabel("Attendee", { exact: true }).fill("Rae Returning");
      await page.getByRole("button", { name: "Log in and book" }).click();
      await page.waitForURL(/\/login\?next=/);
      expect(await page.locator(".alert.ok").textContent()).toContain("What you chose is kept");
      expect(page.url()).not.toContain("Rae");
      await snap(page, `${size.name}-login-basket-kept`);
      await page.getByLabel("E-mail").fill(email);
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Log in" }).click();
      await page.waitForURL(datePage);
      expect(await page.getByLabel("Standard").inputValue()).toBe("3");
      expect(await page.getByLabel("Programme").isChecked()).toBe(true);
      expect(await page.getByLabel("Attendee", { exact: true }).inputValue()).toBe("Rae Returning");
      expect(await page.getByTestId("confirm-banner").count()).toBe(1);
      expect(await noSidewaysScroll(page)).toBe(true);
      await snap(page, `${size.name}-basket-restored`);
      await page.getByRole("button", { name: "Book now" }).click();
      await page.waitForURL(/\/account\/orders\/[A-Z0-9]+\?flash=flash\.booked/);
      expect(await page.locator("table.tickets").textContent()).toContain("+ Programme");
      await snap(page, `${size.name}-basket-booked`);
      await context.close();
    });
  }
});
