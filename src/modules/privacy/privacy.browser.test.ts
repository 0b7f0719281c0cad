import fs from "node:fs";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserSuite, openBrowserSuite, setUpAdministrator } from "../../testing/browser-suite.js";
import { dialects } from "../../testing/databases.js";
import { seedSeries } from "../../testing/ticketing.js";

const NAME = "Marguerite Yourcenar";
const EMAIL = "marguerite.y@example.org";

describe.each(dialects)("privacy in Chromium on %s", (dialect) => {
  let suite: BrowserSuite;
  let seeded: Awaited<ReturnType<typeof seedSeries>>;

  beforeAll(async () => {
    suite = await openBrowserSuite(`privacy-${dialect}`, dialect);
    seeded = await seedSeries(suite.t, { price: "8.00" });
  }, 60_000);
  afterAll(async () => suite?.close());

  it("downloads the person's data, then deletes the account after confirmation; the organizer sees Anonymous", async () => {
    const { browser, base, snap, t } = suite;
    const context = await browser.newContext({ locale: "en-GB", acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${base}/register`);
    await page.getByLabel("Name", { exact: true }).fill(NAME);
    await page.getByLabel("E-mail").fill(EMAIL);
    await page.getByLabel("Password").fill(`${EMAIL}-password`);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(`${base}/account`);

    const { body: order } = await seeded.call<{ code: string }>(
      "POST",
      `${seeded.ev}/orders`,
      { email: EMAIL, positions: [{ ticket_type: seeded.typeId, date: seeded.dateId, attendee_name: NAME }] },
      { expect: 201 },
    );
    await seeded.call("POST", `${seeded.ev}/orders/${order.code}/mark-paid`, undefined, { expect: 200 });

    await page.reload();
    expect(await page.getByTestId("deletion-status").textContent()).toContain(
      "You can delete your account from",
    );
    expect(await page.getByRole("link", { name: "Delete my account…" }).count()).toBe(0);
    await snap(page, "account-before-event");

    const [json] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "As JSON" }).click(),
    ]);
    const data = JSON.parse(fs.readFileSync((await json.path()) ?? "", "utf8")) as {
      account: { name: string };
      orders: { code: string }[];
    };
    expect(data.account.name).toBe(NAME);
    expect(data.orders.map((o) => o.code)).toEqual([order.code]);
    const [zip] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: /As ZIP/ }).click(),
    ]);
    expect(zip.suggestedFilename()).toBe("my-data.zip");
    const archive = await JSZip.loadAsync(fs.readFileSync((await zip.path()) ?? ""));
    expect(Object.keys(archive.files)).toContain("my-data.json");

    // Forty days after the event.
    const past = new Date(Date.now() - 40 * 86_400_000).toISOString();
    await t.ctx.db.kysely.updateTable("event_dates").set({ starts_at: past, ends_at: past }).execute();
    await page.reload();
    expect(await page.getByTestId("deletion-status").textContent()).toBe("You can delete your account now.");
    await snap(page, "account-deletable");
    await page.getByRole("link", { name: "Delete my account…" }).click();
    await page.waitForURL(`${base}/account/delete`);
    await snap(page, "confirm-deletion");
    // The box must be ticked: the browser does not send the form without it.
    await page.getByRole("button", { name: "Delete my account for good" }).click();
    expect(page.url()).toBe(`${base}/account/delete`);
    await page.getByLabel("I understand that this cannot be undone").check();
    await page.getByRole("button", { name: "Delete my account for good" }).click();
    await page.waitForURL(/\/login/);
    expect(await page.locator(".alert.ok").textContent()).toContain("Your account was deleted");
    await snap(page, "deleted");

    const admin = await (await browser.newContext({ locale: "en-GB" })).newPage();
    await setUpAdministrator(admin, base, t, "Platform Admin", "admin@example.org");
    await admin.goto(
      `${base}/lang/de?next=${encodeURIComponent(`/admin/organizers/org/events/series/orders/${order.code}`)}`,
    );
    expect(await admin.getByTestId("order-email").textContent()).toBe("Anonym");
    expect(await admin.locator("main").textContent()).not.toContain("Marguerite");
    await snap(admin, "organizer-sees-anonym");
    await admin.goto(`${base}/admin/privacy`);
    expect(await admin.getByTestId("audit-log").textContent()).toContain("order.view");
    await snap(admin, "audit-log");
    await seeded.call(
      "POST",
      `${seeded.ev}/orders`,
      { email: "someone@example.org", positions: [{ ticket_type: seeded.typeId, date: seeded.dateId }] },
      { expect: 201 },
    );
    await admin.goto(`${base}/admin/organizers/org/privacy`);
    await admin.getByLabel("Aufbewahrung in Tagen").fill("365");
    await admin.getByRole("button", { name: "Aufbewahrung speichern" }).click();
    await admin.waitForURL(/flash=/);
    expect(await admin.getByTestId("retention-schedule").textContent()).toContain("Series");
    await snap(admin, "retention");
  }, 120_000);
});
