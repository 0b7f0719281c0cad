import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSetupToken } from "./modules/accounts/service.js";
import type { TestApp } from "./testing/app.js";
import { type BrowserSuite, openBrowserSuite } from "./testing/browser-suite.js";
import { dialects } from "./testing/databases.js";

describe.each(dialects)("in Chromium, on %s", (dialect) => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let snap: BrowserSuite["snap"];
  let suite: BrowserSuite;

  beforeAll(async () => {
    suite = await openBrowserSuite(dialect, dialect);
    ({ t, browser, base, snap } = suite);
  });
  afterAll(async () => suite?.close());

  it("a visitor registers, switches language, logs out and in", async () => {
    const context = await browser.newContext({ locale: "de-DE", viewport: { width: 1200, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    expect(await page.locator("h1").textContent()).toBe("Willkommen bei Tessera");
    await snap(page, "home-de");

    await page.getByRole("link", { name: "Registrieren" }).click();
    await page.getByLabel("Name", { exact: true }).fill("Grace Hopper");
    await page.getByLabel("E-Mail").fill("grace@example.org");
    await page.getByLabel("Passwort").fill("cobol-compiler-1959");
    await snap(page, "register-de");
    await page.getByRole("button", { name: "Konto anlegen" }).click();
    await page.waitForURL(`${base}/account`);
    expect(await page.getByTestId("account-email").textContent()).toBe("grace@example.org");
    await snap(page, "account-de");

    await page.getByRole("link", { name: "FR", exact: true }).click();
    await page.waitForURL(`${base}/account`);
    expect(await page.locator("h1").textContent()).toBe("Mon compte");
    await snap(page, "account-fr");

    await page.getByRole("button", { name: "Se déconnecter" }).click();
    await page.waitForURL(/\/login/);
    expect(await page.getByRole("status").textContent()).toContain("déconnecté");
    await snap(page, "logged-out-fr");

    await page.getByRole("link", { name: "EN", exact: true }).click();
    await page.getByLabel("E-mail").fill("grace@example.org");
    await page.getByLabel("Password").fill("wrong-password-0");
    await page.getByRole("button", { name: "Log in" }).click();
    expect(await page.getByRole("alert").textContent()).toContain("E-mail or password is wrong.");
    await snap(page, "login-error-en");
    await page.getByLabel("Password").fill("cobol-compiler-1959");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(`${base}/account`);
    expect(await page.locator("h1").textContent()).toBe("My account");
    await context.close();
  });

  it("the platform admin sets up, creates an organizer, invites a member, grants rights and creates an API token", async () => {
    const context = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const token = await createSetupToken(t.database.db);
    await page.goto(`${base}/setup/${token}`);
    await snap(page, "setup");
    await page.getByLabel("Name", { exact: true }).fill("Ada Admin");
    await page.getByLabel("E-mail").fill("ada@example.org");
    await page.getByLabel("Password").fill("analytical-engine-1");
    await page.getByRole("button", { name: "Create administrator" }).click();
    await page.waitForURL(`${base}/admin`);
    await snap(page, "admin-home");

    await page
      .getByRole("navigation", { name: "Administration" })
      .getByRole("link", { name: "Organizers" })
      .click();
    await page.getByLabel("Name", { exact: true }).fill("City Theatre");
    await page.getByLabel("Short name (in links)").fill("city-theatre");
    await page.getByRole("button", { name: "Create organizer" }).click();
    await page.waitForURL(`${base}/admin/organizers/city-theatre?flash=flash.organizerCreated`);
    expect(await page.getByRole("status").first().textContent()).toContain("The organizer was created.");

    const events = page.locator("section", { has: page.locator("#h-events") });
    await events.getByLabel("Name", { exact: true }).fill("Winter season");
    await events.getByLabel("Short name (in links)").fill("winter");
    await events.getByLabel("Kind").selectOption("series");
    await events.getByRole("button", { name: "Create event" }).click();
    // A new event opens on its own page (its dashboard says what to set up next); back to the organizer.
    await page.waitForURL(
      `${base}/admin/organizers/city-theatre/events/winter?flash=onboarding.eventCreated`,
    );
    await page.goto(`${base}/admin/organizers/city-theatre`);

    const members = page.locator("section", { has: page.locator("#h-members") });
    await members.getByLabel("E-mail").fill("grace@example.org");
    await members.getByRole("button", { name: "Send invitation" }).click();
    const inviteLink = (await page.getByTestId("secret").textContent()) ?? "";
    expect(inviteLink).toMatch(/\/invitations\/[\w-]+$/);

    const grants = page.locator("section", { has: page.locator("#h-grants") });
    await grants.getByLabel("Who").selectOption("user");
    await grants.getByLabel("Account e-mail").fill("grace@example.org");
    await grants.getByLabel("Event", { exact: true }).selectOption({ label: "Winter season" });
    await grants.getByLabel("Level").selectOption("checkin");
    await grants.getByRole("button", { name: "Grant rights" }).click();
    await page.waitForURL(/flash=flash.granted/);
    expect(
      await page
        .locator("section", { has: page.locator("#h-grants") })
        .locator("tbody")
        .textContent(),
    ).toContain("grace@example.org");

    const tokens = page.locator("section", { has: page.locator("#h-tokens") });
    await tokens.getByLabel("Name", { exact: true }).fill("Door scanner sync");
    await tokens.getByRole("button", { name: "Create token" }).click();
    const apiToken = (await page.getByTestId("secret").textContent()) ?? "";
    expect(apiToken).toMatch(/^tsk_/);
    await snap(page, "organizer-token-created");
    const me = await fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${apiToken}` } });
    expect(await me.json()).toMatchObject({ kind: "token", level: "full" });

    // The invited person accepts in their own browser and sees the organizer with the rights granted.
    const grace = await browser.newContext({ locale: "en-GB" });
    const gp = await grace.newPage();
    await gp.goto(inviteLink.replace(/^https?:\/\/[^/]+/, base));
    await gp.getByRole("link", { name: "Log in" }).last().click();
    await gp.getByLabel("E-mail").fill("grace@example.org");
    await gp.getByLabel("Password").fill("cobol-compiler-1959");
    await gp.getByRole("button", { name: "Log in" }).click();
    // Grace registered in German: her saved language wins over the browser's.
    await gp.getByRole("button", { name: "Einladung annehmen" }).click();
    await gp.waitForURL(`${base}/admin/organizers/city-theatre?flash=flash.joined`);
    expect(await gp.locator("h1").textContent()).toBe("City Theatre");
    // A member without the owner role sees no token or invitation forms.
    expect(await gp.locator("#h-tokens").count()).toBe(0);
    await snap(gp, "member-view");
    await grace.close();

    await page.goto(`${base}/admin/users`);
    await page
      .getByLabel("CSV")
      .fill("email,name,school,class_year,memberships\nlin@school.example,Lin,N7,2027,BDE|Chess");
    await page.getByRole("button", { name: "Import" }).click();
    expect(await page.getByRole("status").textContent()).toContain("1 created, 0 updated.");
    await snap(page, "admin-users");
    await context.close();
  });

  it("pages fit a phone screen", async () => {
    const context = await browser.newContext({
      locale: "fr-FR",
      viewport: { width: 375, height: 740 },
      isMobile: true,
    });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(overflow).toBe(false);
    await snap(page, "login-phone-fr");
    await context.close();
  });
});
