import { afterEach, describe, expect, it } from "vitest";
import { anonymous, superadmin } from "../../platform/auth/actor.js";
import { createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { registeredPerson } from "../../testing/privacy.js";
import { seedSeries } from "../../testing/ticketing.js";
import { findBookableEvent } from "../events/service.js";
import { readPass, signPass } from "./pass.js";
import { advance, findRoom, mustQueue } from "./room.js";

type Status = { token: string; state: string; position: number; pass: string | null; eta_seconds: number };

describe.each(dialects)("waiting room on %s", (dialect) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  async function setup(quota = 20) {
    t = await createTestApp(dialect);
    const seeded = await seedSeries(t, { quota });
    const room = "/api/v1/waiting-room/org/series";
    const open = (opensAt: Date, rate: number, passMinutes = 15) =>
      seeded.call(
        "PUT",
        `${seeded.ev}/waiting-room`,
        { enabled: true, opens_at: opensAt.toISOString(), admit_per_minute: rate, pass_minutes: passMinutes },
        { expect: 200 },
      );
    const join = async (client: string) => {
      const res = await t.app.inject({
        method: "POST",
        url: `${room}/join`,
        headers: { "x-forwarded-for": client },
      });
      return { status: res.statusCode, body: res.json() as Status };
    };
    const poll = async (token: string) =>
      (
        await t.app.inject({
          method: "GET",
          url: `${room}/position`,
          headers: { "waiting-room-place": token },
        })
      ).json() as Status;
    const order = (pass?: string | null) =>
      t.app.inject({
        method: "POST",
        url: `${seeded.ev}/orders`,
        headers: pass ? { "waiting-room-pass": pass } : {},
        payload: {
          email: "buyer@example.org",
          positions: [{ ticket_type: seeded.typeId, date: seeded.dateId }],
        },
      });
    return { ...seeded, open, join, poll, order };
  }

  it("admits in arrival order at the organizer's rate, and limits places per client", async () => {
    const s = await setup();
    await s.open(new Date(Date.now() + 3_600_000), 18);
    const tokens: string[] = [];
    for (let i = 1; i <= 6; i++) {
      const joined = await s.join(`10.0.0.${i}`);
      expect(joined.status).toBe(201);
      expect(joined.body).toMatchObject({ state: "waiting", position: i, pass: null });
      // Before the opening the wait includes the hour left.
      expect(joined.body.eta_seconds).toBeGreaterThan(3500);
      tokens.push(joined.body.token);
    }
    // A client holds at most three places; the fourth is refused, the others keep theirs.
    for (let i = 0; i < 2; i++) expect((await s.join("10.0.0.1")).status).toBe(201);
    const bot = await s.join("10.0.0.1");
    expect(bot.status).toBe(429);
    expect(bot.body).toMatchObject({ error: { code: "waiting_room_client_limit" } });

    // Open a minute ago at 18 a minute: the 10 s not banked give 3 admissions, the first three.
    await s.open(new Date(Date.now() - 60_000), 18);
    const states = [];
    for (const token of tokens) states.push(await s.poll(token));
    expect(states.map((x) => x.state)).toEqual([
      "admitted",
      "admitted",
      "admitted",
      "waiting",
      "waiting",
      "waiting",
    ]);
    expect(states.slice(3).map((x) => x.position)).toEqual([1, 2, 3]);
    for (const [i, x] of states.slice(0, 3).entries()) {
      const pass = readPass(t.ctx.secrets.cookieSecret, x.pass);
      expect(pass).toMatchObject({ placeId: expect.any(Number) });
      // The pass names the event, the place and its expiry: nothing about the person.
      expect(x.pass?.split(".")).toHaveLength(5);
      expect(i).toBeLessThan(3);
    }
    const figures = await s.call("GET", `${s.ev}/waiting-room`, undefined, { expect: 200 });
    expect(figures.body).toMatchObject({ enabled: true, joined: 8, admitted: 3, queue_length: 5, orders: 0 });
  });

  it("advances one counter for every process: concurrent advances admit each place once", async () => {
    const s = await setup();
    await s.open(new Date(Date.now() + 3_600_000), 60);
    for (let i = 1; i <= 30; i++) await s.join(`10.0.1.${i}`);
    const room = await findRoom(
      t.ctx.db,
      (await t.ctx.db.kysely.selectFrom("events").select("id").executeTakeFirstOrThrow()).id,
    );
    if (!room) throw new Error("no room");
    const opens = Date.parse(room.opens_at);
    // Ten "processes" advancing at the same instant, 5 s after the opening: 5 admitted, not 50.
    const results = await Promise.all(
      Array.from({ length: 10 }, () => advance(t.ctx.db, room, 30, opens + 5_000)),
    );
    expect(Math.max(...results)).toBe(5);
    const after = await findRoom(t.ctx.db, room.event_id);
    expect(after?.admitted).toBe(5);
    // A quiet spell banks at most 10 s of admissions (10 at 60 a minute), and never more than the queue.
    const late = (await findRoom(t.ctx.db, room.event_id)) ?? room;
    expect(await advance(t.ctx.db, late, 30, opens + 600_000)).toBe(15);
    const later = (await findRoom(t.ctx.db, room.event_id)) ?? room;
    expect(await advance(t.ctx.db, later, 16, opens + 1_200_000)).toBe(16);
  });

  it("the checkout requires a valid pass, spends it once even under 10 concurrent orders, staff bypass", async () => {
    const s = await setup();
    await s.open(new Date(Date.now() - 60_000), 600);
    const joined = await s.join("10.0.2.1");
    expect(joined.body.state).toBe("admitted");
    const pass = joined.body.pass as string;
    const real = readPass(t.ctx.secrets.cookieSecret, pass);
    if (!real) throw new Error("the pass does not read back");

    const refusals = [
      await s.order(),
      await s.order(`${pass.slice(0, -2)}xx`),
      await s.order(
        signPass(t.ctx.secrets.cookieSecret, {
          ...real,
          expiresAt: Date.now() - 1000,
        }),
      ),
      await s.order(
        signPass(t.ctx.secrets.cookieSecret, { eventId: 999, placeId: 1, expiresAt: Date.now() + 60_000 }),
      ),
    ];
    for (const res of refusals) {
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ error: { code: "waiting_room_pass_required" } });
    }
    const quota = await s.call("GET", `${s.ev}/quotas/${s.quotaId}`, undefined, { expect: 200 });
    expect(quota.body).toMatchObject({ taken: 0 });

    const attempts = await Promise.all(Array.from({ length: 10 }, () => s.order(pass)));
    const statuses = attempts.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([201, ...Array(9).fill(403)]);
    for (const r of attempts.filter((a) => a.statusCode === 403))
      expect(r.json()).toMatchObject({ error: { code: "waiting_room_pass_used" } });
    expect((await s.poll(joined.body.token)).state).toBe("used");
    const figures = await s.call("GET", `${s.ev}/waiting-room`, undefined, { expect: 200 });
    expect(figures.body).toMatchObject({ orders: 1 });

    // The box office (an admin of the event) books past the queue.
    const staff = await s.call(
      "POST",
      `${s.ev}/orders`,
      { email: "door@example.org", positions: [{ ticket_type: s.typeId, date: s.dateId }] },
      {},
    );
    expect(staff.status).toBe(201);
    const after = await s.call("GET", `${s.ev}/quotas/${s.quotaId}`, undefined, { expect: 200 });
    expect(after.body).toMatchObject({ taken: 2 });
  });

  it("the queue page keeps the buyer's place in a cookie, refreshes without JavaScript, sets the pass", async () => {
    const s = await setup();
    await s.open(new Date(Date.now() + 3_600_000), 60);
    const page = await t.app.inject({ method: "GET", url: "/e/org/series/queue" });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<noscript><meta http-equiv="refresh"');
    expect(page.body).toContain('id="wr-position">1<');
    const cookies = ([] as string[]).concat(page.headers["set-cookie"] ?? []);
    const place = cookies.find((c) => c.startsWith("wr_place_"))?.split(";")[0] ?? "";
    expect(place).not.toBe("");
    // Coming back with the cookie keeps the place (no second place is taken).
    const again = await t.app.inject({
      method: "GET",
      url: "/e/org/series/queue",
      headers: { cookie: place },
    });
    expect(again.body).toContain('id="wr-position">1<');
    await s.open(new Date(Date.now() - 60_000), 600);
    const poll = await t.app.inject({
      method: "GET",
      url: "/api/v1/waiting-room/org/series/position",
      headers: { cookie: place },
    });
    expect(poll.json()).toMatchObject({ state: "admitted", position: 0 });
    const passCookie = ([] as string[])
      .concat(poll.headers["set-cookie"] ?? [])
      .find((c) => c.startsWith("wr_pass_"));
    expect(passCookie).toMatch(/HttpOnly/i);
    const figures = await s.call("GET", `${s.ev}/waiting-room`, undefined, { expect: 200 });
    expect(figures.body).toMatchObject({ joined: 1, admitted: 1 });
    // The shop's hook: a buyer without a pass goes to the queue, one with it and the staff do not.
    const event = await findBookableEvent(t.ctx.db, "org", "series");
    const secret = t.ctx.secrets.cookieSecret;
    const passValue = passCookie?.split(";")[0]?.split("=")[1];
    expect(await mustQueue(t.ctx.db, secret, anonymous, event, undefined)).toBe(true);
    expect(await mustQueue(t.ctx.db, secret, anonymous, event, passValue)).toBe(false);
    expect(await mustQueue(t.ctx.db, secret, superadmin, event, undefined)).toBe(false);
    // No room, no queue.
    await s.call(
      "PUT",
      `${s.ev}/waiting-room`,
      { enabled: false, opens_at: new Date().toISOString(), admit_per_minute: 1 },
      { expect: 200 },
    );
    expect((await t.app.inject({ method: "GET", url: "/e/org/series/queue" })).statusCode).toBe(404);
    expect((await s.order()).statusCode).toBe(201);
  });

  it("the shop sends a buyer without a pass to the queue, and books with the pass the queue gave", async () => {
    const s = await setup();
    await s.open(new Date(Date.now() + 3_600_000), 60);
    const { browser, headers } = await registeredPerson(t, "Queue Buyer", "queue.buyer@example.org");
    const shopPage = `/e/org/series/dates/${s.dateId}`;
    for (const url of ["/e/org/series", shopPage]) {
      const res = await browser.get(url);
      expect(res.statusCode, url).toBe(303);
      expect(res.headers.location).toBe("/e/org/series/queue");
    }
    expect((await browser.get("/e/org/series/queue")).statusCode).toBe(200);
    // The form cannot be posted past the queue either.
    const early = await t.app.inject({
      method: "POST",
      url: "/e/org/series/book",
      headers: { ...headers(), "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams({ date: String(s.dateId), [`qty_${s.typeId}`]: "1" }).toString(),
    });
    expect(early.headers.location).toBe("/e/org/series/queue");
    await s.open(new Date(Date.now() - 60_000), 600);
    const admitted = await browser.get("/api/v1/waiting-room/org/series/position");
    expect(admitted.json()).toMatchObject({ state: "admitted" });
    expect((await browser.get(shopPage)).statusCode).toBe(200);
    const booked = await browser.submit(shopPage, "/e/org/series/book", {
      date: String(s.dateId),
      [`qty_${s.typeId}`]: "1",
    });
    expect(booked.statusCode).toBe(303);
    expect(booked.headers.location).toMatch(/^\/account\/orders\/\w+/);
    // One pass, one order: a second booking with it is refused, nothing written.
    const again = await browser.submit(shopPage, "/e/org/series/book", {
      date: String(s.dateId),
      [`qty_${s.typeId}`]: "1",
    });
    expect(again.statusCode).toBe(403);
    const orders = await t.ctx.db.kysely.selectFrom("orders").select("id").execute();
    expect(orders).toHaveLength(1);
  });
});
