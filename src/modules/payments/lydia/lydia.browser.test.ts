import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserSuite, openBrowserSuite } from "../../../testing/browser-suite.js";
import { dialects } from "../../../testing/databases.js";
import { type FakeLydia, startFakeLydia } from "../../../testing/fakes/lydia.js";
import { seedSeries } from "../../../testing/ticketing.js";

const TOKENS = { vendorToken: "vendor-browser-1", privateToken: "private-browser-1" };

describe.each(dialects)("paying with Lydia in Chromium, on %s", (dialect) => {
  let suite: BrowserSuite;
  let lydia: FakeLydia;
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
        description: "Lydia BDE",
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

  /** A new buyer, in French, with a pending order of their own; returns its code. */
  async function register(page: Page, name: string, email: string) {
    const { base } = suite;
    await page.goto(`${base}/lang/fr?next=/register`);
    await page.locator('input[name="name"]').fill(name);
    await page.locator('input[name="email"]').fill(email);
    await page.locator('input[name="password"]').fill("lydia-pass-123");
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

  it("a buyer enters a phone number, accepts on the phone, and the waiting page turns paid by itself", async () => {
    const { browser, base, snap, t } = suite;
    const context = await browser.newContext({ locale: "fr-FR" });
    const page = await context.newPage();
    const code = await register(page, "Léa Lydia", "lea@example.org");

    await page.goto(`${base}/account/orders/${code}/pay`);
    await page.getByRole("button", { name: "Payer avec Lydia BDE" }).click();
    await page.waitForURL(new RegExp(`/account/orders/${code}/pay/\\d+/lydia$`));
    expect(await page.getByTestId("amount").textContent()).toMatch(/^6,50\s€$/);
    await page.getByLabel("Numéro de mobile").fill("06 12 34 56 78");
    await snap(page, "phone");
    await page.getByRole("button", { name: "Envoyer la demande sur mon téléphone" }).click();
    await page.waitForURL(new RegExp(`/account/orders/${code}/pay/lydia/\\d+$`));
    expect(await page.getByTestId("lydia-state").textContent()).toContain("acceptez la demande");
    expect(await page.getByText("Demande envoyée au 0612345678.").count()).toBe(1);
    expect(lydia.last().fields).toMatchObject({ recipient: "0612345678", amount: "6.50" });
    await snap(page, "waiting");

    await lydia.accept();
    await t.worker.drain();
    // No click: the page's script polls the status and reloads.
    await page.getByTestId("lydia-state").filter({ hasText: "Paiement reçu" }).waitFor({ timeout: 15_000 });
    await snap(page, "paid");
    await page.getByRole("link", { name: "Retour à la réservation" }).first().click();
    expect(await page.getByTestId("order-status").textContent()).toBe("Payée");
    await snap(page, "order-paid");
    await context.close();
  });

  it("without JavaScript, a refused request offers a retry, and the check button finds the payment", async () => {
    const { browser, base, snap } = suite;
    const context = await browser.newContext({ locale: "fr-FR", javaScriptEnabled: false });
    const page = await context.newPage();
    const code = await register(page, "Noé Sans-Script", "noe@example.org");

    await page.goto(`${base}/account/orders/${code}/pay`);
    await page.getByRole("button", { name: "Payer avec Lydia BDE" }).click();
    await page.getByLabel("Numéro de mobile").fill("+99 6 12 34 56 78");
    await page.getByRole("button", { name: "Envoyer la demande sur mon téléphone" }).click();
    expect(await page.getByRole("alert").textContent()).toContain("Lydia a refusé la demande de paiement.");
    await snap(page, "refused-number");

    await page.getByLabel("Numéro de mobile").fill("0698765432");
    await page.getByRole("button", { name: "Envoyer la demande sur mon téléphone" }).click();
    await lydia.refuse();
    await suite.t.worker.drain();
    await page.reload();
    expect(await page.getByTestId("lydia-state").textContent()).toContain(
      "La demande a été annulée ou a expiré.",
    );
    await snap(page, "refused-on-phone");

    await page.getByRole("link", { name: "Réessayer" }).click();
    expect(await page.getByLabel("Numéro de mobile").inputValue()).toBe("0698765432");
    await page.getByRole("button", { name: "Envoyer la demande sur mon téléphone" }).click();
    await lydia.accept({ callback: false });
    await page.getByRole("button", { name: "J'ai payé — vérifier" }).click();
    expect(await page.getByTestId("lydia-state").textContent()).toContain("Paiement reçu");
    await snap(page, "checked-paid");
    await context.close();
  });
});
