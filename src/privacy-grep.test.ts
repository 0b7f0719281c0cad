import fs from "node:fs";
import path from "node:path";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bbb } from "./modules/rooms/bbb.js";
import { createTestApp, type TestApp } from "./testing/app.js";
import { dialects } from "./testing/databases.js";
import { decodeQrImage, decodeQrPng } from "./testing/documents.js";
import { startFakeBbb } from "./testing/fakes/bbb.js";
import {
  bookExperience,
  experienceSlot,
  partnerLookup,
  partnerToken,
  registeredPerson,
  registerGuests,
} from "./testing/privacy.js";
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
  /** JWTs handed over outside recorded responses (e.g. sent in an Authorization header). */
  jwt: string[];
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
  {
    name: "guest-card lookup",
    async run(h) {
      const { who } = h;
      const [first = "", last = ""] = who.name.split(" ");
      // The person stays in a municipality of the club's organizer; a partner app looks up their card.
      const form = await registerGuests(h.t, "club", 21, [
        { first_name: first, last_name: last, email: who.email },
      ]);
      const code = form.guests[0]?.auth_code ?? "";
      const token = await partnerToken(h.t, "club", `partner-${who.email.split(".")[0]}`, [21]);
      h.jwt.push(token);
      const res = await partnerLookup(h.t, token, code, 21);
      expect(res.statusCode, res.body).toBe(200);
      const answer = res.json() as {
        qr_code_data: string;
        meldeschein: { gast_data: { Gast_Email: string }[] };
      };
      expect(answer.meldeschein.gast_data[0]?.Gast_Email).toBe(who.email);
      const payload = (await decodeQrImage(Buffer.from(answer.qr_code_data, "base64"))) ?? "";
      expect(payload).toContain(code);
      h.qr.push(payload);
      // The admin's form page links the guest's own card page (an HMAC link); the guest opens it.
      const detail = await h.t.app.inject({
        url: `/admin/organizers/club/guestcards/forms/${form.id}`,
        headers: { ...adminHeaders, accept: "text/html" },
      });
      expect(detail.statusCode).toBe(200);
      const link = /href="(\/guest-cards\/[^"]+)"/.exec(detail.body)?.[1] ?? "";
      expect(link).not.toBe("");
      const card = await h.t.app.inject({ url: link, headers: { accept: "text/html" } });
      expect(card.statusCode).toBe(200);
      const image = /data:image\/jpeg;base64,([^"]+)"/.exec(card.body)?.[1] ?? "";
      const cardPayload = (await decodeQrImage(Buffer.from(image, "base64"))) ?? "";
      expect(cardPayload).toContain(code);
      h.qr.push(cardPayload);
    },
  },
  {
    name: "experience booking",
    async run(h) {
      const { seeded, who } = h;
      const own = h.state.positions?.[0];
      const ticket = { code: h.state.code ?? "", secret: own?.secret ?? "" };
      const soon = new Date(Date.now() + 2 * 86_400_000).toISOString();
      // Through the API, as the organizer's own site does; the guest looks at and cancels the booking.
      const apiSlot = await experienceSlot(h.t, seeded.ev, "Seat", soon);
      await bookExperience(h.t, seeded.ev, apiSlot, ticket, { name: who.name, email: who.email });
      const pass = { ticket_number: ticket.code, security_code: ticket.secret };
      const looked = await h.t.app.inject({
        method: "POST",
        url: `${seeded.ev}/experience-bookings/lookup`,
        payload: pass,
      });
      expect(looked.statusCode, looked.body).toBe(200);
      const bookings = (looked.json() as { bookings: { id: number }[] }).bookings;
      expect(bookings.length).toBeGreaterThan(0);
      const cancelled = await h.t.app.inject({
        method: "POST",
        url: `${seeded.ev}/experience-bookings/${bookings[0]?.id}/cancel`,
        payload: pass,
      });
      expect(cancelled.statusCode, cancelled.body).toBe(200);
      // Through the embedded page's forms: ticket first, then the booking with name and e-mail.
      const embedSlot = await experienceSlot(h.t, seeded.ev, "Seat", soon);
      const embed = "/embed/club/evenings/experiences";
      await h.t.app.inject({ url: embed, headers: { accept: "text/html" } });
      const form = (url: string, fields: Record<string, string>) =>
        h.t.app.inject({
          method: "POST",
          url,
          headers: { accept: "text/html", "content-type": "application/x-www-form-urlencoded" },
          payload: new URLSearchParams(fields).toString(),
        });
      const recognised = await form(`${embed}/ticket`, pass);
      expect(recognised.statusCode, recognised.body).toBe(200);
      const sealed = /name="pass" value="([^"]+)"/.exec(recognised.body)?.[1] ?? "";
      expect(sealed).not.toBe("");
      const booked = await form(`${embed}/book`, {
        pass: sealed,
        slot: String(embedSlot),
        name: who.name,
        email: who.email,
      });
      expect(booked.statusCode, booked.body).toBe(200);
      const row = await h.t.ctx.db.kysely
        .selectFrom("experience_bookings")
        .select("id")
        .where("slot_id", "=", embedSlot)
        .where("email", "=", who.email)
        .executeTakeFirst();
      expect(row).toBeDefined();
      await h.t.worker.drain();
    },
  },
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
    const handed: string[] = [];
    for (const who of PEOPLE) {
      const person = await registeredPerson(t, who.name, who.email);
      const h: Harness = {
        t,
        person,
        who,
        seeded,
        bbbUrl: fake.apiUrl,
        qr,
        url: extra,
        jwt: handed,
        state: {},
      };
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

    const jwts = new Set<string>(handed);
    for (const text of [...urls, ...requests.map((r) => r.body), ...mails])
      for (const m of text.matchAll(JWT)) jwts.add(m[0]);
    const jwtPayloads = [...jwts].map((j) => JSON.stringify(decodeJwt(j)));

    // Per person: one ticket, the guest card from the partner API and from the card page.
    expect(qr.length).toBe(PEOPLE.length * 3);
    expect(handed).toHaveLength(PEOPLE.length);
    expect(jwtPayloads.length).toBeGreaterThanOrEqual(PEOPLE.length);
    expect(urls.size).toBeGreaterThan(20);
    // The guest-card and experience flows' links are among them.
    expect([...urls].some((u) => u.startsWith("/guest-cards/"))).toBe(true);
    expect([...urls].some((u) => u.startsWith("/embed/club/evenings/experiences"))).toBe(true);
    expect([...urls].some((u) => u.includes("/experience-bookings/"))).toBe(true);
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
