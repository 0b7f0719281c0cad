import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserSuite, openBrowserSuite, setUpAdministrator } from "../../../testing/browser-suite.js";
import { dialects } from "../../../testing/databases.js";
import { type FakeStripe, startFakeStripe } from "../../../testing/fakes/stripe.js";
import { STRIPE_KEYS } from "../../../testing/fakes/stripe-setup.js";
import { seedSeries } from "../../../testing/ticketing.js";

const DEVICES = [
  { name: "laptop", viewport: { width: 1280, height: 800 }, locale: "en-GB", lang: "en" },
  { name: "phone", viewport: { width: 390, height: 844 }, locale: "fr-FR", lang: "fr" },
] as const;

const TEXT = {
  en: {
    pay: "Pay by card · Cards",
    paid: "Payment received.",
    back: "Back to your booking",
    testMode: "Test mode",
  },
  fr: {
    pay: "Payer par carte · Cards",
    paid: "Paiement reçu.",
    back: "Retour à la réservation",
    testMode: "Mode test",
  },
};

const sideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

describe.each(dialects)("paying by card through Stripe in Chromium, on %s", (dialect) => {
  let suite: BrowserSuite;
  let stripe: FakeStripe;
  let seeded: Awaited<ReturnType<typeof seedSeries>>;
  const codes: string[] = [];

  beforeAll(async () => {
    stripe = await startFakeStripe({
      secretKey: STRIPE_KEYS.secret_key,
      webhookSecret: STRIPE_KEYS.webhook_secret,
    });
    suite = await openBrowserSuite(`stripe-${dialect}`, dialect);
    stripe.webhookUrl = `${suite.base}/api/v1/payments/stripe/webhook/org`;
    // The webhook comes a moment after the browser is back, as it does from Stripe.
    stripe.webhookDelayMs = 1500;
    seeded = await seedSeries(suite.t, { price: "24.00" });
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

  async function register(page: Page, lang: string, name: string, email: string) {
    const { base } = suite;
    await page.goto(`${base}/lang/${lang}?next=/register`);
    await page.locator('input[name="name"]').fill(name);
    await page.locator('input[name="email"]').fill(email);
    await page.locator('input[name="password"]').fill("stripe-pass-123");
    await page.locator('form[action="/register"] button[type="submit"]').click();
    await page.waitForURL(`${base}/account`);
    const csrf = (await page.locator('input[name="_csrf"]').first().getAttribute("value")) ?? "";
    const booked = await page.request.post(`${base}${seeded.ev}/orders`, {
      headers: { "x-csrf-token": csrf },
      data: { positions: [{ ticket_type: seeded.typeId, date: seeded.dateId }] },
    });
    expect(booked.status()).toBe(201);
    return ((await booked.json()) as { code: string }).code;
  }

  for (const device of DEVICES) {
    it(`a buyer pays by card on Stripe's hosted page and comes back to a paid booking (${device.name})`, async () => {
      const { browser, base, snap } = suite;
      const text = TEXT[device.lang];
      const context = await browser.newContext({ locale: device.locale, viewport: device.viewport });
      const page = await context.newPage();
      const code = await register(
        page,
        device.lang,
        `Carla ${device.name}`,
        `carla-${device.name}@example.org`,
      );

      await page.goto(`${base}/account/orders/${code}/pay`);
      expect(await page.getByTestId("test-mode").textContent()).toContain(text.testMode);
      expect(await sideways(page)).toBe(false);
      await snap(page, `${device.name}-choose`);

      await page.getByRole("button", { name: text.pay }).click();
      await page.waitForURL(`${stripe.url}/pay/**`);
      expect(await page.getByTestId("checkout-amount").textContent()).toBe("€24.00");
      expect(stripe.last().client_reference_id).toBe(code);
      await snap(page, `${device.name}-stripe-checkout`);

      await page.getByTestId("checkout-pay").click();
      await page.waitForURL(new RegExp(`/account/orders/${code}/pay/stripe/\\d+$`));
      await page.getByTestId("stripe-state").filter({ hasText: text.paid }).waitFor({ timeout: 15_000 });
      expect(await page.getByTestId("test-mode").count()).toBe(1);
      expect(await sideways(page)).toBe(false);
      await snap(page, `${device.name}-paid`);

      await page.getByRole("link", { name: text.back }).first().click();
      await page.waitForURL(`${base}/account/orders/${code}`);
      expect(await sideways(page)).toBe(false);
      await snap(page, `${device.name}-order`);
      await context.close();
      codes.push(code);
    });
  }

  it("the organizer sees the test-mode card payment on the order and refunds it (laptop)", async () => {
    const { browser, base, snap, t } = suite;
    const code = codes[0] ?? "";
    const context = await browser.newContext({ locale: "en-GB", viewport: DEVICES[0].viewport });
    const page = await context.newPage();
    await setUpAdministrator(page, base, t, "Olga Organizer", "olga@example.org");
    await page.goto(`${base}/admin/organizers/org/events/series/orders/${code}`);
    expect(await page.getByTestId("test-mode-badge").count()).toBe(1);
    await snap(page, "admin-order-paid");
    stripe.webhookDelayMs = 0;
    await page.getByTestId("refund-card").click();
    await page.getByText("The payment was refunded.").waitFor();
    expect(await page.getByTestId("order-status").textContent()).not.toContain("Paid");
    expect(stripe.refunds).toHaveLength(1);
    await snap(page, "admin-order-refunded");
    await page.goto(`${base}/admin/organizers/org/payments`);
    expect(await page.getByTestId("stripe-webhook-url").textContent()).toBe(
      `${base}/api/v1/payments/stripe/webhook/org`,
    );
    await snap(page, "admin-accounts");
    await context.close();
  });
});
