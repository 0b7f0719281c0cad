import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserSuite, openBrowserSuite } from "../../../testing/browser-suite.js";
import { dialects } from "../../../testing/databases.js";
import { startFakePaypal } from "../../../testing/fakes/paypal.js";
import { seedSeries } from "../../../testing/ticketing.js";

describe.each(dialects)("paying with PayPal in Chromium, on %s", (dialect) => {
  let suite: BrowserSuite;
  let paypal: Awaited<ReturnType<typeof startFakePaypal>>;
  let seeded: Awaited<ReturnType<typeof seedSeries>>;

  beforeAll(async () => {
    paypal = await startFakePaypal();
    suite = await openBrowserSuite(`paypal-${dialect}`, dialect);
    seeded = await seedSeries(suite.t, { price: "12.50" });
    const transfer = await seeded.call<{ id: number }>(
      "POST",
      "/api/v1/organizers/org/payment-accounts",
      { provider: "manual", description: "Bank transfer", instructions: "IBAN DE02 1203 0000 0000 2020 51" },
      { expect: 201 },
    );
    const account = await seeded.call<{ id: number }>(
      "POST",
      "/api/v1/organizers/org/payment-accounts",
      { provider: "paypal", email: "shop@example.org", description: "PayPal", verify_url: paypal.verifyUrl },
      { expect: 201 },
    );
    await seeded.call(
      "PATCH",
      seeded.ev,
      { payment_accounts: [account.body.id, transfer.body.id] },
      { expect: 200 },
    );
  });
  afterAll(async () => {
    await suite?.close();
    await paypal?.close();
  });

  it("a buyer books, chooses PayPal, pays on PayPal's page, comes back, and the order turns paid", async () => {
    const { browser, base, snap, t } = suite;
    const context = await browser.newContext({ locale: "en-GB" });
    const page = await context.newPage();
    await page.goto(`${base}/register`);
    await page.getByLabel("Name", { exact: true }).fill("Pia Payer");
    await page.getByLabel("E-mail", { exact: true }).fill("pia@example.org");
    await page.getByLabel("Password").fill("pay-pal-pass-1");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(`${base}/account`);
    const csrf = (await page.locator('input[name="_csrf"]').first().getAttribute("value")) ?? "";
    const booked = await page.request.post(`${base}${seeded.ev}/orders`, {
      headers: { "x-csrf-token": csrf },
      data: { positions: [{ ticket_type: seeded.typeId, date: seeded.dateId, attendee_name: "Pia Payer" }] },
    });
    expect(booked.status()).toBe(201);
    const { code } = (await booked.json()) as { code: string };

    await page.goto(`${base}/account/orders/${code}`);
    await page.getByRole("link", { name: "Pay now" }).click();
    expect(await page.getByTestId("amount").textContent()).toBe("€12.50");
    await snap(page, "choose");
    await page.getByRole("button", { name: "Pay with Bank transfer" }).click();
    expect(await page.locator("pre").textContent()).toContain("IBAN DE02");
    await snap(page, "transfer-instructions");
    await page.goBack();
    await page.getByRole("button", { name: "Pay with PayPal" }).click();
    await snap(page, "handoff");
    await page.getByRole("button", { name: "Continue to PayPal" }).click();
    await page.waitForURL(`${paypal.url}/cgi-bin/webscr`);
    expect(await page.locator("h1").textContent()).toBe("Pay 12.50 EUR");
    await snap(page, "paypal");
    await page.getByRole("button", { name: "Pay now" }).click();
    await page.waitForURL(new RegExp(`/account/orders/${code}\\?flash=payments.paypal.returned`));
    expect(await page.getByRole("status").textContent()).toContain("as soon as PayPal confirms");

    await t.worker.drain();
    await page.goto(`${base}/account/orders/${code}`);
    expect(await page.getByTestId("order-status").textContent()).toBe("Paid");
    await snap(page, "paid");
    const download = page.getByTestId("download-tickets");
    expect(await download.getAttribute("href")).toBe(`${seeded.ev}/orders/${code}/tickets.pdf`);
    const pdf = await page.request.get(`${base}${seeded.ev}/orders/${code}/tickets.pdf`);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");

    await context.close();

    // The organizer sees the attempt and the message PayPal sent, with how it was judged.
    const adminContext = await browser.newContext({
      locale: "en-GB",
      extraHTTPHeaders: { authorization: "Bearer test-admin-token-0123456789" },
    });
    const admin = await adminContext.newPage();
    await admin.goto(`${base}/admin/organizers/org/events/series/orders/${code}`);
    const attempt = admin.getByTestId("payments").locator("tbody tr");
    expect(await attempt.count()).toBe(1);
    expect(await attempt.locator("td").nth(0).textContent()).toBe("PayPal");
    expect(await attempt.locator("td").nth(1).textContent()).toBe("Completed");
    const message = admin.getByTestId("notifications").locator("tbody tr");
    expect(await message.locator("td").nth(2).textContent()).toBe("VERIFIED");
    expect(await message.locator("td").nth(3).textContent()).toBe("paid");
    await message.locator("summary").click();
    expect(await message.locator("pre").textContent()).toContain(`custom=${code}`);
    await snap(admin, "admin-order");
    await adminContext.close();
  });
});
