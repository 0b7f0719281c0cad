import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "./testing/app.js";
import { type BrowserSuite, openBrowserSuite, setUpAdministrator } from "./testing/browser-suite.js";
import { dialects } from "./testing/databases.js";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

/** Every answer the page got that was not found: a missing favicon or script shows up here. */
function notFoundLog(page: Page): string[] {
  const missing: string[] = [];
  page.on("response", (res) => {
    if (res.status() === 404) missing.push(res.url());
  });
  return missing;
}

describe.each(dialects)("first steps in Chromium, on %s", (dialect) => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let snap: BrowserSuite["snap"];
  let suite: BrowserSuite;

  beforeAll(async () => {
    suite = await openBrowserSuite(`onboarding-${dialect}`, dialect);
    ({ t, browser, base, snap } = suite);
  });
  afterAll(async () => {
    await suite?.close();
  });

  for (const [device, viewport] of [
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const) {
    it(`puts a German message at the password field, on a ${device}`, async () => {
      const context = await browser.newContext({ locale: "de-DE", viewport });
      const page = await context.newPage();
      const missing = notFoundLog(page);
      await page.goto(`${base}/register`);
      await page.getByLabel("Name", { exact: true }).fill("Hanna Schmidt");
      await page.getByLabel("E-Mail").fill("hanna@example.org");
      await page.getByLabel("Passwort").fill("kurz");
      await page.getByRole("button", { name: "Konto anlegen" }).click();
      const password = page.getByLabel("Passwort");
      await expect.poll(() => password.getAttribute("aria-invalid")).toBe("true");
      // The sentence is read out with the input, and sits right below it.
      const describedBy = (await password.getAttribute("aria-describedby")) ?? "";
      const message = page.locator(`[id="${describedBy.split(" ")[0]}"]`);
      expect(await message.textContent()).toBe("Das Passwort braucht mindestens 10 Zeichen.");
      const [messageBox, inputBox] = [await message.boundingBox(), await password.boundingBox()];
      expect(inputBox && messageBox && messageBox.y - (inputBox.y + inputBox.height)).toBeLessThan(12);
      expect(await page.getByLabel("Name", { exact: true }).inputValue()).toBe("Hanna Schmidt");
      await snap(page, `register-de-${device}`);
      expect(missing).toEqual([]);
      await context.close();
    });
  }

  it("fills the short name from the name as it is typed, and shows a wrong one at its field", async () => {
    const context = await browser.newContext({ locale: "en-GB", viewport: DESKTOP });
    const page = await context.newPage();
    const missing = notFoundLog(page);
    await setUpAdministrator(page, base, t, "Root", "root@example.org");
    await page.waitForURL(`${base}/admin`);

    await page.goto(`${base}/admin/organizers`);
    const slug = page.getByLabel("Short name (in links)");
    await page.getByLabel("Name", { exact: true }).pressSequentially("Grüße aus Köln");
    expect(await slug.inputValue()).toBe("gruesse-aus-koeln");
    await snap(page, "organizer-slug-filled");
    await page.getByRole("button", { name: "Create organizer" }).click();
    await page.waitForURL(`${base}/admin/organizers/gruesse-aus-koeln?flash=flash.organizerCreated`);
    await expect.poll(() => page.getByRole("cell", { name: "root@example.org" }).count()).toBe(1);

    // An event: the name fills the slug until the person types their own.
    const eventName = page.locator("#f-event-name");
    const eventSlug = page.locator("#f-event-slug");
    await eventName.pressSequentially("Été à Nîmes");
    expect(await eventSlug.inputValue()).toBe("ete-a-nimes");
    await eventSlug.fill("Été!");
    await eventName.fill("Été à Nîmes 2031");
    expect(await eventSlug.inputValue()).toBe("Été!");
    await page.getByRole("button", { name: "Create event" }).click();
    await expect.poll(() => eventSlug.getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#f-event-slug-error").textContent()).toContain(
      "The short name may only hold lowercase letters, digits and dashes",
    );
    expect(await eventName.inputValue()).toBe("Été à Nîmes 2031");
    await snap(page, "event-slug-error-desktop");
    await page.setViewportSize(PHONE);
    await page.locator("#f-event-slug").scrollIntoViewIfNeeded();
    await snap(page, "event-slug-error-phone");

    // Emptied, the slug is the name's again, and the new event opens.
    await eventSlug.fill("");
    expect(await eventSlug.inputValue()).toBe("ete-a-nimes-2031");
    await page.getByRole("button", { name: "Create event" }).click();
    await page.waitForURL(/\/admin\/organizers\/gruesse-aus-koeln\/events\/ete-a-nimes-2031\?flash=/);
    expect(missing.filter((url) => !url.includes("/events/ete-a-nimes-2031"))).toEqual([]);

    // The organizer's settings: its time zone, picked from every zone there is.
    await page.setViewportSize(DESKTOP);
    await page.goto(`${base}/admin/organizers/gruesse-aus-koeln/settings`);
    await page.getByLabel("Time zone").selectOption("America/New_York");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.waitForURL(/settings\?flash=flash.saved/);
    expect(await page.getByLabel("Time zone").inputValue()).toBe("America/New_York");
    await snap(page, "organizer-settings");
    await context.close();
  });
});
