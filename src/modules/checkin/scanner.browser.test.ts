import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserSuite, openBrowserSuite, setUpAdministrator } from "../../testing/browser-suite.js";
import { launchChromium } from "../../testing/chromium.js";
import { dialects } from "../../testing/databases.js";
import { qrVideo } from "../../testing/fake-camera.js";
import { seedSeries } from "../../testing/ticketing.js";

type Placed = { code: string; positions: { id: number; secret: string }[] };

describe.each(dialects)("the door scanner in Chromium, on %s", (dialect) => {
  let suite: BrowserSuite;
  let seeded: Awaited<ReturnType<typeof seedSeries>>;
  let camera: Browser;
  let listId: number;
  const tickets: Record<string, { id: number; secret: string }> = {};

  beforeAll(async () => {
    suite = await openBrowserSuite(`scanner-${dialect}`, dialect);
    seeded = await seedSeries(suite.t, { quota: 50 });
    for (const name of ["Ada", "Ben", "Cleo", "Dora"]) {
      const { body } = await seeded.call<Placed>(
        "POST",
        `${seeded.ev}/orders`,
        {
          email: "door@example.org",
          positions: [{ ticket_type: seeded.typeId, date: seeded.dateId, attendee_name: name }],
        },
        { expect: 201 },
      );
      await seeded.call("POST", `${seeded.ev}/orders/${body.code}/mark-paid`, undefined, { expect: 200 });
      tickets[name] = body.positions[0] ?? { id: 0, secret: "" };
    }
    listId = (
      await seeded.call<{ id: number }>(
        "POST",
        `${seeded.ev}/checkin-lists`,
        { name: "Main door", date: seeded.dateId, entry_policy: "once" },
        { expect: 201 },
      )
    ).body.id;
    // The phone at the door films Ada's ticket.
    const video = await qrVideo(tickets.Ada?.secret ?? "");
    camera = await launchChromium([
      "--use-fake-device-for-media-stream",
      "--use-fake-ui-for-media-stream",
      `--use-file-for-fake-video-capture=${video}`,
    ]);
  }, 120_000);
  afterAll(async () => {
    await camera?.close();
    await suite?.close();
  });

  it("pairs a device, scans by camera and by hand, keeps scanning offline and uploads with conflicts", async () => {
    const { browser, base, snap, t } = suite;
    // The organizer: a check-in by hand without JavaScript, then a scanner device.
    const admin = await browser.newContext({ locale: "en-GB", javaScriptEnabled: false });
    const page = await admin.newPage();
    await setUpAdministrator(page, base, t, "Door Manager", "door-manager@example.org");
    await page.goto(`${base}/admin/organizers/org/events/series`);
    await page.getByRole("link", { name: "Check-in" }).first().click();
    await page.getByLabel("Ticket code").fill(tickets.Cleo?.secret ?? "");
    await page.getByRole("button", { name: "Check", exact: true }).click();
    await expect.poll(() => page.locator(".scan-result.ok").textContent()).toContain("Cleo");
    await snap(page, "admin-manual-ok");
    await page.getByLabel("Device name").fill("Gate 1");
    await page.getByRole("button", { name: "Add device" }).click();
    const pairing = (await page.locator("#pairing-link").getAttribute("href")) ?? "";
    expect(pairing).toMatch(new RegExp(`/scanner#list=org/series/${listId}&device=tsk_`));
    await snap(page, "admin-device");

    // The door: the phone opens the pairing link and films Ada's ticket.
    const door = await camera.newContext({ locale: "en-GB", viewport: { width: 420, height: 900 } });
    await door.grantPermissions(["camera"], { origin: base });
    const phone = await door.newPage();
    await phone.goto(pairing);
    expect(phone.url()).toBe(`${base}/scanner`);
    await expect.poll(() => phone.locator("#scanner-offline-state").textContent()).toContain("4 tickets");
    await phone.getByRole("button", { name: "Start camera" }).click();
    await expect
      .poll(() => phone.locator("#scanner-result").textContent(), { timeout: 20_000 })
      .toContain("Ada");
    expect(await phone.locator("#scanner-result").getAttribute("class")).toContain("ok");
    await phone.getByRole("button", { name: "Stop camera" }).click();
    await snap(phone, "camera-ok");

    const manual = async (secret: string) => {
      await phone.getByLabel("Code", { exact: true }).fill(secret);
      await phone.getByRole("button", { name: "Check", exact: true }).click();
    };
    await manual(tickets.Ada?.secret ?? "");
    await expect.poll(() => phone.locator("#scanner-reason").textContent()).toBe("Already checked in");
    expect(await phone.locator("#scanner-result").getAttribute("class")).toContain("error");
    await snap(phone, "already-redeemed");

    // The network goes; the device decides alone and queues.
    await door.setOffline(true);
    await manual(tickets.Ben?.secret ?? "");
    await expect.poll(() => phone.locator("#scanner-reason").textContent()).toContain("decided offline");
    expect(await phone.locator("#scanner-result").getAttribute("class")).toContain("ok");
    await manual(tickets.Dora?.secret ?? "");
    await expect.poll(() => phone.locator("#scanner-name").textContent()).toContain("Dora");
    await manual(tickets.Ada?.secret ?? "");
    await expect.poll(() => phone.locator("#scanner-reason").textContent()).toContain("Already checked in");
    await manual("not-a-ticket.forged");
    await expect.poll(() => phone.locator("#scanner-reason").textContent()).toContain("Unknown ticket");
    await expect.poll(() => phone.locator("#scanner-queue").textContent()).toBe("Waiting to upload: 4");
    await snap(phone, "offline");
    // Meanwhile another gate, online, lets Ben in.
    const other = await seeded.call<{ status: string }>(
      "POST",
      `${seeded.ev}/checkin-lists/${listId}/redeem`,
      { secret: tickets.Ben?.secret },
      { expect: 200 },
    );
    expect(other.body.status).toBe("ok");

    await door.setOffline(false);
    await expect.poll(() => phone.locator("#scanner-queue").textContent(), { timeout: 20_000 }).toBe("");
    await expect
      .poll(() => phone.locator("#scanner-conflicts").textContent())
      .toContain("Ben: admitted offline here, but the server says: Already checked in");
    await snap(phone, "uploaded-conflict");

    const scans = await seeded.call<{ position_id: number | null; status: string; device: string }[]>(
      "GET",
      `${seeded.ev}/checkin-lists/${listId}/scans`,
    );
    const dora = scans.body.filter((s) => s.position_id === tickets.Dora?.id);
    expect(dora).toMatchObject([{ status: "ok", device: expect.stringMatching(/^token:\d+$/) }]);
    const counts = await seeded.call<{ admitted: number; tickets: number }>(
      "GET",
      `${seeded.ev}/checkin-lists/${listId}/counts`,
    );
    expect(counts.body).toMatchObject({ admitted: 4, tickets: 4 });
    await door.close();
    await admin.close();
  }, 120_000);
});
