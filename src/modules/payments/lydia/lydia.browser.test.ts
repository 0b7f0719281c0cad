import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserSuite, openBrowserSuite } from "../../../testing/browser-suite.js";
import { dialects } from "../../../testing/databases.js";
import { startFakeLydia } from "../../../testing/fakes/lydia.js";
import { seedSeries } from "../../../testing/ticketing.js";

const TOKENS = { vendorToken: "vendor-browser-1", privateToken: "private-browser-1" };

describe.each(dialects)("paying with Lydia in Chromium, on %s", (dialect) => {
  let suite: BrowserSuite;
  let lydia: Awaited<ReturnType<typeof startFakeLydia>>;
  let seeded: Awaited<ReturnType<typeof seedSeries>>;

  beforeAll(async () => {
    lydia = await startFakeLydia(TOKENS);
    suite = await openBrowserSuite(`lydia-${dialect}`, dialect);
    seeded = await seedSeries(suite.t, { price: "6.50" });
    const account = await seeded.call<{ id: number }>(
      "POST",
      "/api/v1/organizers/org/payment-accounts",
      {
        provider: "lydia",
        vendor_token: TOKENS.vendorToken,
        private_token: TOKENS.privateToken,
        description: "Lydia",
        api_url: lydia.url,
      },
      { expect: 201 },
    );
    await seeded.call("PATCH", seeded.ev, { payment_accounts: [account.body.id] }, { expect: 200 });
  });
  afterAll(async () => {
    await suite?.close();
    await lydia?.close();
  });

  it("a buyer enters a phone number, accepts on the phone, and the waiting page turns paid by itself", async () => {
    const { browser, base, snap } = suite;
    const context = await browser.newContext({ locale: "fr-FR" });
    const page = await context.newPage();
    await page.goto(`${base}/lang/fr?next=/register`);
    await page.goto(`${base}/register`);
    await page.locator('input[name="name"]').fill("Léa Lydia");
    await page.locator('input[name="email"]').fill("lea@example.org");
    await page.locator('input[name="password"]').fill("lydia-pass-123");
    await page.locator('form[action="/register"] button[type="submit"]').click();
    await page.waitForURL(`${base}/account`);
    const csrf = (await page.locator('input[name="_csrf"]').first().getAttribute("value")) ?? "";
    const booked = await page.request.post(`${base}${seeded.ev}/orders`, {
      headers: { "x-csrf-token": csrf, "accept-language": "fr" },
      data: { positions: [{ ticket_type: seeded.typeId, date: seeded.dateId }] },
    });
    const { code } = (await booked.json()) as { code: string };

    await page.goto(`${base}/account/orders/${code}/pay`);
    await page.getByRole("button", { name: "Payer avec Lydia" }).click();
    await page.getByLabel("Numéro de mobile").fill("06 12 34 56 78");
    await snap(page, "phone");
    await page.getByRole("button", { name: "Envoyer la demande sur mon téléphone" }).click();
    await page.waitForURL(new RegExp(`/account/orders/${code}/pay/lydia/\\d+$`));
    expect(await page.getByTestId("lydia-state").textContent()).toContain("acceptez la demande");
    expect(lydia.last().fields.recipient).toBe("0612345678");
    await snap(page, "waiting");

    await lydia.accept();
    await page.getByTestId("lydia-state").filter({ hasText: "Paiement reçu" }).waitFor({ timeout: 10_000 });
    await snap(page, "paid");
    await page.getByRole("link", { name: "Retour à la réservation" }).first().click();
    expect(await page.getByTestId("order-status").textContent()).toBe("Payée");
    await context.close();
  });
});
