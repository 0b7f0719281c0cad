import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserSuite, openBrowserSuite, setUpAdministrator } from "../../testing/browser-suite.js";
import { dialects } from "../../testing/databases.js";
import { startFakeBbb } from "../../testing/fakes/bbb.js";
import { seedRoomSeries } from "../../testing/rooms.js";

const SECRET = "bbb-shared-secret-browser";

describe.each(dialects)("entering an online room by ticket link in Chromium, on %s", (dialect) => {
  let suite: BrowserSuite;
  let fake: Awaited<ReturnType<typeof startFakeBbb>>;
  let seeded: Awaited<ReturnType<typeof seedRoomSeries>>;

  beforeAll(async () => {
    suite = await openBrowserSuite(`rooms-${dialect}`, dialect);
    fake = await startFakeBbb(SECRET);
    seeded = await seedRoomSeries(suite.t, fake.apiUrl, SECRET);
  }, 60_000);
  afterAll(async () => {
    await fake?.close();
    await suite?.close();
  });

  const enter = async (page: Page, link: string) => {
    await page.goto(link);
    await page.getByRole("button", { name: "Enter the room" }).click();
    await page.waitForLoadState();
  };

  it("shows the next dates while closed, lets the ticket in, refuses it twice at once, and on another day", async () => {
    const { browser, base, snap, t } = suite;
    const ada = await seeded.ticket(seeded.dates.now, "Ada Lovelace", { callSign: "DL1ADA", consent: "yes" });
    expect(ada.link.startsWith(`${base}/tickets/room/`)).toBe(true);
    const attendee = await (await browser.newContext({ locale: "en-GB" })).newPage();

    await attendee.goto(ada.link);
    expect(await attendee.locator("main").textContent()).toContain("Antenna workshop");
    await snap(attendee, "ticket-page");
    await enter(attendee, ada.link);
    expect(await attendee.locator(".alert.error").textContent()).toContain("The room is not open yet");
    const next = await attendee.locator(".next-dates li").allTextContents();
    expect(next).toHaveLength(3);
    expect(next.map((line) => line.split(" · ").at(-1))).toEqual(["Tonight", "Week 1", "Week 2"]);
    await snap(attendee, "not-running");

    // The organizer opens the room as moderator.
    const organizer = await (await browser.newContext({ locale: "en-GB" })).newPage();
    await setUpAdministrator(organizer, base, t, "Club Host", "host@example.org");
    await organizer.goto(`${base}/admin/organizers/club/rooms`);
    await snap(organizer, "admin-rooms");
    await organizer.getByRole("button", { name: "Open as moderator" }).click();
    await expect.poll(() => organizer.locator("#who").textContent()).toBe("Club Host · MODERATOR");

    await enter(attendee, ada.link);
    expect(await attendee.locator("#who").textContent()).toBe("Ada Lovelace (DL1ADA) · VIEWER");
    expect(JSON.parse((await attendee.locator("#userdata").textContent()) ?? "{}")).toMatchObject({
      tessera_call_sign: "DL1ADA",
      tessera_video_consent: "true",
    });
    await snap(attendee, "in-the-room");

    // A second tab with the same ticket while the first is still in the room.
    await enter(attendee, ada.link);
    expect(await attendee.locator(".alert.error").textContent()).toContain("about 2 minutes after leaving");
    await snap(attendee, "already-present");

    // The connection dropped and BBB has let go of her: the same day, she enters again.
    const meeting = [...fake.meetings.keys()][0] ?? "";
    fake.leave(meeting, `ticket-${ada.position.id}`);
    await enter(attendee, ada.link);
    expect(await attendee.locator("#who").textContent()).toBe("Ada Lovelace (DL1ADA) · VIEWER");

    // Bob's ticket was used on an earlier day.
    const bob = await seeded.ticket(seeded.dates.now, "Bob");
    expect((await seeded.enteredOnAnotherDay(bob.position)).status).toBe("ok");
    await enter(attendee, bob.link);
    expect(await attendee.locator(".alert.error").textContent()).toContain("already used on another day");
    await snap(attendee, "another-day");
    expect(
      fake.meetings
        .get(meeting)
        ?.attendees.map((a) => a.fullName)
        .sort(),
    ).toEqual(["Ada Lovelace (DL1ADA)", "Club Host"]);
  }, 120_000);
});
