import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserSuite, openBrowserSuite, setUpAdministrator } from "../../testing/browser-suite.js";
import { launchChromium } from "../../testing/chromium.js";
import { dialects } from "../../testing/databases.js";
import { qrVideo } from "../../testing/fake-camera.js";
import { seedSeries } from "../../testing/ticketing.js";
import { ROTATION_SECONDS, rotatingCodes } from "../credentials/rotating.js";

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
    await page.goto(`${base}/admin/organizers/org/events/series/settings`);
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
      await phone.getByLabel("Ticket code (under the QR)").fill(secret);
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

  it("refuses offline what the door refuses: missing information, another date or type, an expired live code", async () => {
    const { browser, base, snap, t } = suite;
    const ev = seeded.ev;
    // A climbing wall: one date, one ticket type whose certificate must be filled before entering.
    const wall = (
      await seeded.call<{ id: number }>("POST", `${ev}/ticket-types`, { name: "Climbing", price: "8.00" })
    ).body.id;
    await seeded.call(
      "POST",
      `${ev}/ticket-types/${wall}/fields`,
      { label: "Certificate number", kind: "text", required: true, blocks: "admission" },
      { expect: 201 },
    );
    const laterDate = (
      await seeded.call<{ id: number }>(
        "POST",
        `${ev}/dates`,
        { starts_at: "2031-03-02T19:00:00Z" },
        { expect: 201 },
      )
    ).body.id;
    const ticket = async (name: string, type: number, date: number) => {
      const { body } = await seeded.call<Placed>(
        "POST",
        `${ev}/orders`,
        { email: "wall@example.org", positions: [{ ticket_type: type, date, attendee_name: name }] },
        { expect: 201 },
      );
      await seeded.call("POST", `${ev}/orders/${body.code}/mark-paid`, undefined, { expect: 200 });
      const position = body.positions[0] ?? { id: 0, secret: "" };
      return { code: body.code, ...position };
    };
    const fill = async (placed: { code: string; id: number }) => {
      const field = (await seeded.call<{ id: number }[]>("GET", `${ev}/ticket-types/${wall}/fields`)).body[0];
      await seeded.call(
        "PUT",
        `${ev}/orders/${placed.code}/positions/${placed.id}/information/${field?.id}`,
        { value: "C-42" },
        { expect: 200 },
      );
    };
    const eve = await ticket("Eve", wall, seeded.dateId); // certificate missing
    const finn = await ticket("Finn", wall, laterDate); // another night
    await fill(finn);
    const gus = await ticket("Gus", seeded.typeId, seeded.dateId); // a standard ticket
    const hana = await ticket("Hana", wall, seeded.dateId); // all fine, shows a live ticket
    await fill(hana);
    const wallList = (
      await seeded.call<{ id: number }>(
        "POST",
        `${ev}/checkin-lists`,
        { name: "Climbing wall", date: seeded.dateId, ticket_types: [wall], entry_policy: "once" },
        { expect: 201 },
      )
    ).body.id;
    const rotation = rotatingCodes(t.ctx.secrets.signingPrivateKey);
    const screenshot = rotation.current(hana.id, hana.secret, Date.now() - 6 * ROTATION_SECONDS * 1000).code;

    // What the door says online, on the same list.
    const online = async (secret: string) =>
      (
        await seeded.call<{ status: string; reason?: string }>(
          "POST",
          `${ev}/checkin-lists/${wallList}/redeem`,
          { secret },
          { expect: 200 },
        )
      ).body;
    expect(await online(eve.secret)).toMatchObject({ status: "error", reason: "incomplete" });
    expect(await online(finn.secret)).toMatchObject({ status: "error", reason: "wrong_date" });
    expect(await online(gus.secret)).toMatchObject({ status: "error", reason: "wrong_ticket_type" });
    expect(await online(screenshot)).toMatchObject({ status: "error", reason: "expired_code" });

    const device = await seeded.call<{ token: string }>(
      "POST",
      "/api/v1/organizers/org/tokens",
      { name: "Wall gate", level: "checkin" },
      { expect: 201 },
    );
    const context = await browser.newContext({ locale: "en-GB", viewport: { width: 420, height: 900 } });
    const phone = await context.newPage();
    await phone.goto(`${base}/scanner#list=org/series/${wallList}&device=${device.body.token}`);
    await expect.poll(() => phone.locator("#scanner-offline-state").textContent()).toContain("2 tickets");
    await context.setOffline(true);
    const offline = async (secret: string) => {
      // The last answer's reason is cleared first, so that the poll waits for this scan's.
      await phone.locator("#scanner-reason").evaluate((e) => {
        e.textContent = "";
      });
      await phone.getByLabel("Ticket code (under the QR)").fill(secret);
      await phone.getByRole("button", { name: "Check", exact: true }).click();
      await expect.poll(() => phone.locator("#scanner-reason").textContent()).toContain("decided offline");
      const reason = (await phone.locator("#scanner-reason").textContent()) ?? "";
      return { ok: (await phone.locator("#scanner-result").getAttribute("class"))?.includes(" ok"), reason };
    };
    expect(await offline(eve.secret)).toEqual({
      ok: false,
      reason: "Required information missing · decided offline",
    });
    expect(await phone.locator("#scanner-name").textContent()).toContain("Eve");
    await snap(phone, "offline-incomplete");
    expect(await offline(finn.secret)).toEqual({
      ok: false,
      reason: "Ticket for another date · decided offline",
    });
    expect(await offline(gus.secret)).toEqual({
      ok: false,
      reason: "Ticket type not admitted here · decided offline",
    });
    await snap(phone, "offline-wrong-type");
    expect(await offline(screenshot)).toEqual({
      ok: false,
      reason: "Code expired: ask for the live ticket · decided offline",
    });
    await snap(phone, "offline-expired-code");
    // A live code of now cannot be checked offline (nor queued); the printed ticket is admitted.
    const live = rotation.current(hana.id, hana.secret).code;
    expect(await offline(live)).toEqual({
      ok: false,
      reason:
        "Unknown ticket · Live ticket codes can only be checked online: scan the printed ticket · decided offline",
    });
    expect(await offline(hana.secret)).toEqual({ ok: true, reason: "decided offline" });
    await expect.poll(() => phone.locator("#scanner-queue").textContent()).toBe("Waiting to upload: 5");
    await snap(phone, "offline-admitted");

    // Back online: the server agrees with every answer, so nothing conflicts.
    await context.setOffline(false);
    await expect.poll(() => phone.locator("#scanner-queue").textContent(), { timeout: 20_000 }).toBe("");
    expect(await phone.locator("#scanner-conflicts").isHidden()).toBe(true);
    const scans = await seeded.call<{ position_id: number | null; status: string; reason: string | null }[]>(
      "GET",
      `${ev}/checkin-lists/${wallList}/scans`,
    );
    expect(scans.body.filter((s) => s.status === "ok").map((s) => s.position_id)).toEqual([hana.id]);
    await context.close();
  }, 120_000);
});
