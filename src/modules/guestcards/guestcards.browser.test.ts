import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { superadmin } from "../../platform/auth/actor.js";
import { type BrowserSuite, openBrowserSuite } from "../../testing/browser-suite.js";
import { dialects } from "../../testing/databases.js";
import { decodeQrImage } from "../../testing/documents.js";
import { seedGuestcards } from "../../testing/guestcards.js";
import { addMember, findOrganizer } from "../organizers/service.js";

describe.each(dialects)("guest cards in Chromium, on %s", (dialect) => {
  let suite: BrowserSuite;

  beforeAll(async () => {
    suite = await openBrowserSuite(`guestcards-${dialect}`, dialect);
    await seedGuestcards(suite.t);
  });
  afterAll(async () => suite?.close());

  it("an organizer owner registers three guests in the page and sees three distinct codes and a card", async () => {
    const { browser, base, snap, t } = suite;
    const context = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/register`);
    await page.getByLabel("Name", { exact: true }).fill("Rita Region");
    await page.getByLabel("E-mail", { exact: true }).fill("rita@example.org");
    await page.getByLabel("Password").fill("region-rugen-1");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(`${base}/account`);
    const user = await t.ctx.db.kysely
      .selectFrom("users")
      .select("id")
      .where("email", "=", "rita@example.org")
      .executeTakeFirstOrThrow();
    await addMember(
      t.ctx.db,
      superadmin,
      await findOrganizer(t.ctx.db, superadmin, "region"),
      user.id,
      "owner",
    );

    await page.goto(`${base}/admin`);
    await page.getByRole("link", { name: "Guest cards" }).click();
    await page.getByRole("link", { name: "Region Rügen" }).click();
    await page.getByRole("link", { name: "New registration form" }).click();
    await page.getByLabel("Municipality").selectOption("1");
    await page.getByLabel("Form number").fill("2025-0815");
    await page.getByLabel("Arrival").fill("2025-07-24");
    await page.getByLabel("Departure").fill("2025-08-06");
    const guests = [
      ["Max", "Mustermann", "1", "Erwachsener"],
      ["Erika", "Mustermann", "1", "Erwachsener"],
      ["Mia", "Mustermann", "2", "Kind"],
    ];
    for (const [i, [first, last, tariffId, tariff]] of guests.entries()) {
      const who = `Guest ${i + 1}`;
      await page.getByLabel(`First name · ${who}`).fill(first ?? "");
      await page.getByLabel(`Last name · ${who}`).fill(last ?? "");
      await page.getByLabel(`E-mail · ${who}`).fill(`${first?.toLowerCase()}@mustermann.de`);
      await page.getByLabel(`Tariff id · ${who}`).fill(tariffId ?? "");
      await page.getByLabel(`Tariff · ${who}`).fill(tariff ?? "");
    }
    await snap(page, "new-form");
    await page.getByRole("button", { name: "Save registration form" }).click();
    await page.waitForURL(/\/guestcards\/forms\/\d+\?flash=/);
    expect(await page.locator("h1").textContent()).toBe("Registration form 2025-0815");
    const codes = await page.getByTestId("auth-code").allTextContents();
    expect(codes).toHaveLength(3);
    expect(new Set(codes).size).toBe(3);
    for (const code of codes) expect(code).toMatch(/^[abcdefghjkmnpqrstuvwxyz1234567890]{8}$/);
    expect(await page.locator("dd").nth(3).textContent()).toBe("13");
    expect(await page.locator("dd").nth(4).textContent()).toBe("39");
    await snap(page, "three-codes");

    await page.getByRole("link", { name: "Card", exact: true }).first().click();
    expect(await page.getByTestId("card-code").textContent()).toBe(codes[0]);
    const qr = await page.getByRole("img", { name: `QR code of the auth code ${codes[0]}` }).screenshot();
    expect(await decodeQrImage(qr)).toBe(codes[0]);
    await snap(page, "card");
    await page.emulateMedia({ media: "print" });
    await snap(page, "card-print");
    await page.emulateMedia({ media: "screen" });
    await page.goto(`${base}/admin/organizers/region/guestcards/setup`);
    expect(await page.getByLabel("1 · Binz").count()).toBeGreaterThan(1);
    await snap(page, "setup");
    await context.close();
  });
});
