import fs from "node:fs";
import path from "node:path";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bbb } from "./modules/rooms/bbb.js";
import { createTestApp, type TestApp } from "./testing/app.js";
import { dialects } from "./testing/databases.js";
import { decodeQrPng } from "./testing/documents.js";
import { startFakeBbb } from "./testing/fakes/bbb.js";
import { registeredPerson } from "./testing/privacy.js";
import { seedRoomSeries } from "./testing/rooms.js";
import { adminHeaders } from "./testing/ticketing.js";

/**
 * "Achtung Datenschutz" (seeds 000, 001) and issue 10: people with recognizable names and e-mails run
 * the main flows; afterwards every QR payload, JWT payload and URL the flows produced, and every server
 * log line, is searched for them. Nothing may appear.
 *
 * To cover a new flow, append a function to FLOWS: it gets the harness (the app whose every inject is
 * recorded, the people, and `qr`/`url` collectors) and drives the flow as a user would.
 */

const PEOPLE = [
  { name: "Quirinus Zebulon", email: "quirinus.zebulon@example.org" },
  { name: "Philippa Xanthos", email: "philippa.xanthos@example.org" },
];
const SECRET = "bbb-shared-secret-grep";

interface Harness {
  t: TestApp;
  person: Awaited<ReturnType<typeof registeredPerson>>;
  who: (typeof PEOPLE)[number];
  seeded: Awaited<ReturnType<typeof seedRoomSeries>>;
  /** The fake BigBlueButton's API base. */
  bbbUrl: string;
  /** Payloads read back from QR codes (decoded from the ticket images). */
  qr: string[];
  /** URLs found outside responses (mails, links handed over). */
  url: string[];
  /** Shared between flows: what booking produced. */
  state: { code?: string; positions?: { id: number; secret: string }[]; links?: string[] };
}

type Flow = { name: string; run: (h: Harness) => Promise<void> };

const FLOWS: Flow[] = [
  {
    name: "booking",
    async run(h) {
      const { person, seeded, who } = h;
      await person.inject({ url: "/" });
      const booked = await person.inject({
        method: "POST",
        url: `${seeded.ev}/orders`,
        payload: {
          positions: [{ ticket_type: await seatType(h), date: seeded.dates.now, attendee_name: who.name }],
        },
      });
      expect(booked.statusCode, booked.body).toBe(201);
      const order = booked.json() as { code: string; positions: { id: number; secret: string }[] };
      h.state.code = order.code;
      h.state.positions = order.positions;
      await person.inject({ url: "/account/orders" });
      await person.inject({ url: `/account/orders/${order.code}` });
      for (const p of order.positions) {
        const png = await person.inject({
          url: `${seeded.ev}/orders/${order.code}/positions/${p.id}/ticket.png`,
        });
        expect(png.statusCode).toBe(200);
        const payload = decodeQrPng(png.rawPayload) ?? "";
        expect(payload).toBe(p.secret);
        h.qr.push(payload);
      }
      await h.t.worker.drain();
    },
  },
  {
    name: "ticket (room) link",
    async run(h) {
      const { person, seeded } = h;
      // The room is running (a moderator opened it), so entering ends in the join redirect.
      const room = await h.t.ctx.db.kysely.selectFrom("rooms").select("meeting_id").executeTakeFirstOrThrow();
      const server = { url: h.bbbUrl, secret: SECRET };
      await bbb.create(server, room.meeting_id, "Workshop");
      const host = {
        meetingID: room.meeting_id,
        fullName: "Host",
        userID: "host",
        role: "MODERATOR" as const,
      };
      await fetch(bbb.joinUrl(server, host), { redirect: "manual" });
      const links = await person.inject({ url: `${seeded.ev}/orders/${h.state.code}/room-links` });
      const list =
        links.statusCode === 200
          ? (links.json() as { url: string }[])
          : (
              await seeded.call<{ url: string }[]>(
                "GET",
                `${seeded.ev}/orders/${h.state.code}/room-links`,
                undefined,
                {
                  expect: 200,
                },
              )
            ).body;
      h.state.links = list.map((l) => l.url);
      expect(h.state.links.length).toBeGreaterThan(0);
      for (const link of h.state.links) {
        h.url.push(link);
        const pathOnly = new URL(link, "http://x").pathname;
        await h.t.app.inject({ url: pathOnly });
        const page = await person.browser.get(pathOnly);
        const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
        await h.t.app.inject({
          method: "POST",
          url: `${pathOnly}/enter`,
          headers: {
            ...person.headers(),
            "content-type": "application/x-www-form-urlencoded",
          },
          payload: new URLSearchParams({ _csrf: csrf }).toString(),
        });
      }
    },
  },
  {
    name: "check-in",
    async run(h) {
      const { seeded } = h;
      const list = await seeded.call<{ id: number }>(
        "POST",
        `${seeded.ev}/checkin-lists`,
        { name: "Door", entry_policy: "unlimited" },
        { expect: 201 },
      );
      for (const p of h.state.positions ?? []) {
        await seeded.call(
          "POST",
          `${seeded.ev}/checkin-lists/${list.body.id}/redeem`,
          { secret: p.secret },
          { expect: 200 },
        );
        await seeded.call("POST", `${seeded.ev}/checkin-lists/${list.body.id}/redeem`, {
          secret: p.secret,
          type: "exit",
        });
      }
      await seeded.call("GET", `${seeded.ev}/checkin-lists/${list.body.id}/offline`);
      await h.t.app.inject({
        url: `/admin/organizers/club/events/evenings/checkin`,
        headers: { ...adminHeaders, accept: "text/html" },
      });
    },
  },
  // Guest-card lookup (issue 7) and experience booking (issue 8) append their flows here.
];

async function seatType(h: Harness) {
  const row = await h.t.ctx.db.kysely
    .selectFrom("ticket_types")
    .select("id")
    .where("name", "=", "Seat")
    .executeTakeFirstOrThrow();
  return row.id;
}

type LightResponse = Awaited<ReturnType<TestApp["app"]["inject"]>>;

const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]*/g;
const URLS = /(?:href|src|action)="([^"]+)"|"(?:url|link|href)":"([^"]+)"|(https?:\/\/[^\s"'<>]+)/g;

/** Quoted-printable soft breaks and escapes undone, so links in mails read whole. */
const unQp = (raw: string) =>
  raw
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16)));

describe.each(dialects)("no personal data in codes, links or logs on %s", (dialect) => {
  let t: TestApp;
  let fake: Awaited<ReturnType<typeof startFakeBbb>>;
  const logLines: string[] = [];
  const requests: { url: string; location?: string; body: string }[] = [];

  beforeAll(async () => {
    t = await createTestApp(dialect, { PUBLIC_URL: "https://tickets.example.org" }, { logLines });
    const inject = t.app.inject.bind(t.app) as unknown as (o: unknown) => Promise<LightResponse>;
    // Every request a flow makes, with where it was sent next and what came back.
    t.app.inject = (async (options: { url?: string } | string) => {
      const res = await inject(options);
      const url = typeof options === "string" ? options : (options.url ?? "");
      requests.push({
        url,
        location: res.headers.location as string | undefined,
        body: /^(text|application\/json)/.test(String(res.headers["content-type"] ?? "")) ? res.body : "",
      });
      return res;
    }) as typeof t.app.inject;
    fake = await startFakeBbb(SECRET);
  });
  afterAll(async () => {
    await fake?.close();
    await t?.close();
  });

  it("QR payloads, JWT payloads, URLs and log lines of every flow hold no name and no e-mail", async () => {
    const seeded = await seedRoomSeries(t, fake.apiUrl, SECRET);
    const qr: string[] = [];
    const extra: string[] = [];
    for (const who of PEOPLE) {
      const person = await registeredPerson(t, who.name, who.email);
      const h: Harness = { t, person, who, seeded, bbbUrl: fake.apiUrl, qr, url: extra, state: {} };
      for (const flow of FLOWS) await flow.run(h);
    }
    await t.worker.drain();

    // Links in mails the flows sent.
    const outbox = path.join(t.ctx.config.dataDir, "outbox");
    const mails = fs.existsSync(outbox)
      ? fs.readdirSync(outbox).map((f) => unQp(fs.readFileSync(path.join(outbox, f), "utf8")))
      : [];
    expect(mails.length).toBeGreaterThan(0);

    const urls = new Set<string>(extra);
    for (const r of requests) {
      urls.add(r.url);
      if (r.location) urls.add(r.location);
      for (const m of r.body.matchAll(URLS)) urls.add(m[1] ?? m[2] ?? m[3] ?? "");
    }
    for (const mail of mails) for (const m of mail.matchAll(URLS)) urls.add(m[1] ?? m[2] ?? m[3] ?? "");
    urls.delete("");

    // The join redirect to the organizer's own BigBlueButton server carries the display name in the
    // room (BBB's join call has no other way): the one outbound exception, checked to go nowhere else.
    const joins = [...urls].filter((u) => u.startsWith(`${fake.apiUrl}join?`));
    expect(joins).toHaveLength(PEOPLE.length);
    for (const u of joins) urls.delete(u);

    const jwts = new Set<string>();
    for (const text of [...urls, ...requests.map((r) => r.body), ...mails])
      for (const m of text.matchAll(JWT)) jwts.add(m[0]);
    const jwtPayloads = [...jwts].map((j) => JSON.stringify(decodeJwt(j)));

    expect(qr.length).toBe(PEOPLE.length);
    expect(jwtPayloads.length).toBeGreaterThanOrEqual(PEOPLE.length);
    expect(urls.size).toBeGreaterThan(20);
    expect(logLines.length).toBeGreaterThan(20);
    const haystacks = {
      qr: qr.join("\n"),
      jwt: jwtPayloads.join("\n"),
      urls: [...urls].map((u) => decodeURIComponent(u.replace(/\+/g, " "))).join("\n"),
      log: logLines.join("\n"),
    };
    for (const who of PEOPLE) {
      const [first = "", last = ""] = who.name.split(" ");
      for (const needle of [who.name, first, last, who.email, who.email.split("@")[0] ?? ""])
        for (const [where, text] of Object.entries(haystacks))
          expect(text.toLowerCase().includes(needle.toLowerCase()), `${needle} in ${where}`).toBe(false);
    }
  });
});
