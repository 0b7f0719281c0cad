import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BBB_TIMEOUT_MS } from "../modules/rooms/bbb.js";
import { roomWithServer } from "../modules/rooms/service.js";
import { escapeHtml } from "../platform/http/html.js";
import { type Locale, translator } from "../platform/i18n/index.js";
import { Browser, createTestApp, type TestApp } from "../testing/app.js";
import { dialects } from "../testing/databases.js";
import { openExperiences } from "../testing/experiences.js";
import { startFakeBbb } from "../testing/fakes/bbb.js";
import { type FaultyPartner, startFaultyPartner } from "../testing/fakes/faulty.js";
import { SHOP_AUTH } from "../testing/fakes/shop.js";
import {
  expectNoLeak,
  FAULTS,
  MARGIN_MS,
  PARTNER_SCENARIO as SCENARIO,
  timedAll,
  yesNo,
} from "../testing/partner-faults.js";
import { recordFault } from "../testing/reliability.js";
import { seedRoomSeries } from "../testing/rooms.js";

// A partner the buyer waits on (BigBlueButton when entering a room, the festival's ticket shop when
// booking an experience) hangs or answers 500: the buyer is answered within the client's deadline
// with a translated "try again", never the partner's body, nothing is half-done, and the same request
// goes through once the partner is back. The wallet provider, which only jobs talk to, is in
// wallet.fault.test.ts.

const LANGS: Locale[] = ["en", "de", "fr"];
const message = (lang: Locale, key: Parameters<ReturnType<typeof translator>>[0]) =>
  escapeHtml(translator(lang)(key));

describe.each(dialects)("BigBlueButton hanging or failing on %s", (dialect) => {
  const SECRET = "bbb-shared-secret-fault";
  let t: TestApp;
  let bbb: Awaited<ReturnType<typeof startFakeBbb>>;
  let partner: FaultyPartner;
  let seeded: Awaited<ReturnType<typeof seedRoomSeries>>;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    bbb = await startFakeBbb(SECRET);
    partner = await startFaultyPartner(bbb.apiUrl);
    seeded = await seedRoomSeries(t, partner.url, SECRET);
    const organizer = await t.ctx.db.kysely.selectFrom("organizers").select("id").executeTakeFirstOrThrow();
    const { room } = await roomWithServer(t.ctx.db, t.ctx.secrets, organizer.id, "workshop");
    // The moderator is in: the room is running, so only the server's health decides.
    bbb.meetings.set(room.meeting_id, {
      name: "Antenna workshop",
      attendees: [{ userID: "organizer-user-1", fullName: "Host", role: "MODERATOR", userdata: {} }],
    });
  });
  afterEach(() => partner.set("ok"));
  afterAll(async () => {
    await partner?.close();
    await bbb?.close();
    await t?.close();
  });

  /** The attendee's browser: the ticket page (for its form), then the timed click on "Enter". */
  async function attendee(lang: Locale, n: number) {
    const { link } = await seeded.ticket(seeded.dates.now, `Attendee ${n}`);
    const path = new URL(link).pathname;
    const browser = new Browser(t.app);
    const page = await browser.get(path, { "accept-language": lang });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
    const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    return () =>
      t.app.inject({
        method: "POST",
        url: `${path}/enter`,
        headers: {
          accept: "text/html",
          "accept-language": lang,
          cookie,
          "content-type": "application/x-www-form-urlencoded",
        },
        payload: new URLSearchParams({ _csrf: csrf }).toString(),
      });
  }

  it.each(FAULTS)(
    "the server %s: 'try again' in the buyer's language, then the same tickets enter",
    async (mode, fault) => {
      const buyers = await Promise.all(
        Array.from({ length: 6 }, (_, i) => attendee(LANGS[i % 3] ?? "en", i)),
      );
      const claims = async () =>
        (await t.ctx.db.kysely.selectFrom("checkin_claims").select("position_id").execute()).length;
      const claimsBefore = await claims();
      partner.set(mode);
      const during = await timedAll(buyers.length, (i) =>
        (buyers[i] as () => ReturnType<typeof t.app.inject>)(),
      );
      for (const [i, res] of during.answers.entries()) {
        const lang = LANGS[i % 3] ?? "en";
        expect(res.statusCode, res.body.slice(0, 300)).toBe(503);
        expect(res.headers["content-type"]).toContain("text/html");
        expect(res.body).toContain(message(lang, "room.unavailable"));
        expect(res.body).toContain("/enter"); // the button is there again: trying again is one click
        expectNoLeak(res.body);
      }
      expect(during.max).toBeLessThan(BBB_TIMEOUT_MS + MARGIN_MS);
      // Nobody was checked in by a room that could not be entered.
      expect(await claims()).toBe(claimsBefore);
      const reached = partner.faulted();
      expect(reached).toBe(buyers.length); // one call each: the first failure ends the attempt

      partner.set("ok");
      const after = await timedAll(buyers.length, (i) =>
        (buyers[i] as () => ReturnType<typeof t.app.inject>)(),
      );
      for (const res of after.answers) {
        expect(res.statusCode).toBe(303);
        expect(String(res.headers.location)).toContain(`${partner.origin}/bigbluebutton/api/join?`);
      }
      expect(await claims()).toBe(claimsBefore + buyers.length);
      recordFault({
        scenario: SCENARIO,
        database: dialect,
        fault: `BigBlueButton ${fault}; attendees press "Enter the room"`,
        figures: {
          requests: buyers.length,
          "buyer saw": `${during.statuses} (page: room unreachable, try again; en/de/fr)`,
          "ms max": during.max,
          "ms p50": during.p50,
          "deadline ms": BBB_TIMEOUT_MS,
          "calls reaching the fault": reached,
          "job retries": "— (no job)",
          "recovered after healing": yesNo(after.answers.every((r) => r.statusCode === 303)),
        },
        outcome: "503 page within the deadline, no check-in, no remote body; the same tickets entered after",
      });
    },
  );
});

describe.each(dialects)("the external ticket shop hanging or failing on %s", (dialect) => {
  const EV = "/api/v1/organizers/org/events/series";
  const EMBED = "/embed/org/series/experiences";
  const SHOP_DEADLINE_MS = 1500;
  let env: Awaited<ReturnType<typeof openExperiences>>;
  let partner: FaultyPartner;
  let slot: number;

  beforeAll(async () => {
    env = await openExperiences(dialect, (url) => ({
      url: `${url}/check`,
      headers: { Authorization: SHOP_AUTH },
      allowances: { Gold: 3 },
    }));
    partner = await startFaultyPartner(`${env.shop.url}/check`);
    // The organizer's source, asked through the faulty line with a deadline of its own.
    await env.call("DELETE", `${EV}/ticket-sources/${env.sourceId}`, undefined, { expect: 204 });
    await env.call(
      "POST",
      `${EV}/ticket-sources`,
      {
        url: partner.url,
        headers: { Authorization: SHOP_AUTH },
        allowances: { Gold: 3 },
        timeout_ms: SHOP_DEADLINE_MS,
      },
      { expect: 201 },
    );
    const experience = await env.call<{ id: number }>(
      "POST",
      `${EV}/experiences`,
      { title: "VR dome" },
      { expect: 201 },
    );
    slot = (
      await env.call<{ id: number }>(
        "POST",
        `${EV}/experiences/${experience.body.id}/slots`,
        { starts_at: "2031-06-01T10:00:00Z", ends_at: "2031-06-01T10:20:00Z", capacity: 20 },
        { expect: 201 },
      )
    ).body.id;
  });
  afterEach(() => partner.set("ok"));
  afterAll(async () => {
    await partner?.close();
    await env?.close();
  });

  // Half the buyers book through the API (JSON), half check their ticket on the embedded page.
  const buyer = (i: number, number: string) => {
    const lang = LANGS[i % 3] ?? "en";
    if (i % 2 === 0)
      return env.t.app.inject({
        method: "POST",
        url: `${EV}/experience-bookings`,
        headers: { "accept-language": lang },
        payload: { slot, ticket_number: number, security_code: `code-${number}` },
      });
    return env.t.app.inject({
      method: "POST",
      url: `${EMBED}/ticket`,
      headers: { accept: "text/html", "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams({
        ticket_number: number,
        security_code: `code-${number}`,
        lang,
      }).toString(),
    });
  };
  const bookings = async () =>
    (await env.t.ctx.db.kysely.selectFrom("experience_bookings").select("id").execute()).length;

  it.each(FAULTS)(
    "the shop %s: 'try again' within the source's deadline, nothing booked, then it books",
    async (mode, fault) => {
      const tickets = Array.from({ length: 6 }, (_, i) => `GOLD-${mode === "hang" ? 100 + i : 200 + i}`);
      const before = await bookings();
      partner.set(mode);
      const during = await timedAll(tickets.length, (i) => buyer(i, tickets[i] ?? ""));
      for (const [i, res] of during.answers.entries()) {
        expectNoLeak(res.body);
        if (i % 2 === 0) {
          expect([502, 503]).toContain(res.statusCode);
          expect(res.json()).toMatchObject({ error: { code: "ticket_source_unavailable" } });
        } else {
          expect(res.statusCode).toBe(400);
          expect(res.body).toContain(message(LANGS[i % 3] ?? "en", "error.ticket_source_unavailable"));
        }
      }
      expect(during.max).toBeLessThan(SHOP_DEADLINE_MS + MARGIN_MS);
      expect(await bookings()).toBe(before);
      const reached = partner.faulted();
      expect(reached).toBe(tickets.length); // asked once per buyer: a guest never waits twice the deadline

      partner.set("ok");
      const after = await timedAll(tickets.length, (i) => buyer(i, tickets[i] ?? ""));
      for (const [i, res] of after.answers.entries())
        expect(res.statusCode, res.body.slice(0, 200)).toBe(i % 2 === 0 ? 201 : 200);
      expect(await bookings()).toBe(before + tickets.length / 2);
      recordFault({
        scenario: SCENARIO,
        database: dialect,
        fault: `External ticket shop ${fault}; buyers book an experience (API) or check their ticket (embed)`,
        figures: {
          requests: tickets.length,
          "buyer saw": `${during.statuses} (API: ticket_source_unavailable; page: translated try again)`,
          "ms max": during.max,
          "ms p50": during.p50,
          "deadline ms": SHOP_DEADLINE_MS,
          "calls reaching the fault": reached,
          "job retries": "— (no job)",
          "recovered after healing": yesNo(after.answers.every((r) => r.statusCode < 300)),
        },
        outcome:
          "answered within the source's deadline, nothing booked, no remote body; the same tickets booked after",
      });
    },
  );
});
