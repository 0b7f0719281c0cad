import { decodeJwt } from "jose";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { startFakeBbb } from "../../testing/fakes/bbb.js";
import { seedRoomSeries } from "../../testing/rooms.js";
import { startSmtpServer } from "../../testing/smtp.js";
import { BbbError, bbb } from "./bbb.js";
import { attendeeUserId, enterRoom } from "./enter.js";
import { ticketLinkSigner } from "./links.js";
import { roomWithServer } from "./service.js";

const SECRET = "bbb-shared-secret-0123";

describe.each(dialects)("online rooms on %s", (dialect) => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let fake: Awaited<ReturnType<typeof startFakeBbb>>;
  let seeded: Awaited<ReturnType<typeof seedRoomSeries>>;
  let signer: ReturnType<typeof ticketLinkSigner>;
  let deps: Parameters<typeof enterRoom>[0];
  let meetingID: string;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp(dialect, { SMTP_URL: smtp.url, PUBLIC_URL: "https://tickets.example.org" });
    fake = await startFakeBbb(SECRET);
    seeded = await seedRoomSeries(t, fake.apiUrl, SECRET);
    signer = ticketLinkSigner(t.ctx.secrets.signingPrivateKey);
    deps = { db: t.ctx.db, secrets: t.ctx.secrets, timeZone: t.ctx.config.timeZone };
    const organizer = await t.ctx.db.kysely.selectFrom("organizers").select("id").executeTakeFirstOrThrow();
    meetingID = (await roomWithServer(t.ctx.db, t.ctx.secrets, organizer.id, "workshop")).room.meeting_id;
  });
  afterAll(async () => {
    await fake?.close();
    await t?.close();
    await smtp?.close();
  });

  const tokenOf = (link: string) => link.slice(link.lastIndexOf("/") + 1);

  it("signs room links that hold only the booking code and the ticket id, and refuses tampered or foreign ones", async () => {
    const { code, position, link } = await seeded.ticket(seeded.dates.now, "Grace Hopper");
    expect(link).toMatch(/\/tickets\/room\/[\w-]+\.[\w-]+\.[\w-]+$/);
    const token = tokenOf(link);
    const payload = decodeJwt(token);
    expect(Object.keys(payload).sort()).toEqual(["aud", "code", "iat", "iss", "tid"]);
    expect(payload).toMatchObject({ code, tid: position.id });
    expect(JSON.stringify(payload)).not.toContain("Grace");
    expect(await signer.verify(token)).toEqual({ code, ticketId: position.id });

    const [header, body, signature] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ ...payload, tid: position.id + 1 })).toString("base64url");
    await expect(signer.verify(`${header}.${forged}.${signature}`)).rejects.toMatchObject({
      code: "invalid_link",
    });
    const foreign = await ticketLinkSigner("another platform's key").sign({ code, ticketId: position.id });
    await expect(signer.verify(foreign)).rejects.toMatchObject({ code: "invalid_link" });
    await expect(signer.verify(`${header}.${body}`)).rejects.toMatchObject({ code: "invalid_link" });
    // The ticket mail carries the same link.
    await t.worker.drain();
    const mails = await Promise.all(smtp.received.map((m) => simpleParser(m.raw)));
    const mailed = mails
      .map((m) => /Online room:\s+(\S+)/.exec(m.text ?? "")?.[1])
      .find((url) => url?.startsWith("https://tickets.example.org/tickets/room/"));
    expect(await signer.verify(tokenOf(mailed ?? ""))).toEqual({ code, ticketId: position.id });
    expect(link.startsWith("https://tickets.example.org/tickets/room/")).toBe(true);
    const ticketPage = await t.app.inject({ url: `/tickets/room/${token}` });
    expect(ticketPage.statusCode).toBe(200);
    expect(ticketPage.body).toContain("Antenna workshop");
    const page = await t.app.inject({ url: `/tickets/room/${header}.${forged}.${signature}` });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain("This room link is not valid");
  });

  it("the client's checksums are what the server checks; a wrong secret is refused", async () => {
    const server = { url: fake.apiUrl, secret: SECRET };
    await bbb.create(server, "probe", "Probe");
    expect(await bbb.isMeetingRunning(server, "probe")).toBe(false);
    expect(await bbb.attendees(server, "missing")).toEqual([]);
    await expect(
      bbb.create({ url: fake.apiUrl, secret: "wrong-secret-000" }, "x", "X"),
    ).rejects.toMatchObject({
      messageKey: "checksumError",
    });
    await expect(
      bbb.isMeetingRunning({ url: "http://127.0.0.1:9/api/", secret: SECRET }, "x"),
    ).rejects.toBeInstanceOf(BbbError);
  });

  it("walks seed 000's entry: not running, join, already present, same-day re-entry, another day refused", async () => {
    const ada = await seeded.ticket(seeded.dates.now, "Ada Lovelace", { callSign: "DL1ADA", consent: "yes" });
    const link = await signer.verify(tokenOf(ada.link));

    const closed = await enterRoom(deps, link);
    expect(closed.kind).toBe("not_running");
    if (closed.kind !== "not_running") return;
    expect(closed.nextDates.map((d) => d.name)).toEqual(["Tonight", "Week 1", "Week 2"]);
    // Nobody was checked in by a closed room.
    expect(await t.ctx.db.kysely.selectFrom("checkin_claims").selectAll().execute()).toEqual([]);

    fake.meetings.set(meetingID, {
      name: "Antenna workshop",
      attendees: [{ userID: "organizer-user-1", fullName: "Host", role: "MODERATOR", userdata: {} }],
    });
    const joined = await enterRoom(deps, link);
    expect(joined.kind).toBe("join");
    if (joined.kind !== "join") return;
    const url = new URL(joined.url);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      fullName: "Ada Lovelace (DL1ADA)",
      meetingID,
      role: "VIEWER",
      userID: attendeeUserId(ada.position.id),
      "userdata-tessera_call_sign": "DL1ADA",
      "userdata-tessera_video_consent": "true",
    });
    await fetch(joined.url);
    expect(fake.meetings.get(meetingID)?.attendees.map((a) => a.userID)).toContain(
      attendeeUserId(ada.position.id),
    );

    expect((await enterRoom(deps, link)).kind).toBe("already_present");
    fake.leave(meetingID, attendeeUserId(ada.position.id));
    expect((await enterRoom(deps, link)).kind).toBe("join");
    const scans = await t.ctx.db.kysely
      .selectFrom("checkin_scans")
      .select(["status", "device", "nonce"])
      .where("position_id", "=", ada.position.id)
      .execute();
    expect(scans).toHaveLength(1);
    expect(scans[0]).toMatchObject({ status: "ok", device: "room" });

    // Bob was let in yesterday: today's nonce is another one, and the list admits once.
    const bob = await seeded.ticket(seeded.dates.now, "Bob");
    expect((await seeded.enteredOnAnotherDay(bob.position)).status).toBe("ok");
    const bobLink = await signer.verify(tokenOf(bob.link));
    expect(await enterRoom(deps, bobLink)).toEqual({ kind: "used_another_day" });
  });

  it("refuses a ticket under opposition, with the reason", async () => {
    fake.meetings.set(meetingID, {
      name: "Antenna workshop",
      attendees: [{ userID: "organizer-user-1", fullName: "Host", role: "MODERATOR", userdata: {} }],
    });
    const eve = await seeded.ticket(seeded.dates.now, "Eve");
    await seeded.call(
      "POST",
      `${seeded.ev}/orders/${eve.code}/oppose`,
      { reason: "chargeback" },
      { expect: 200 },
    );
    expect(await enterRoom(deps, await signer.verify(tokenOf(eve.link)))).toEqual({
      kind: "refused",
      reason: "opposed",
    });
  });
});
