import fs from "node:fs";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "../../platform/crypto.js";
import { createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import {
  bookExperience,
  dumpDatabase,
  experienceSlot,
  partnerLookup,
  partnerToken,
  registeredPerson,
  registerGuests,
} from "../../testing/privacy.js";
import { adminHeaders, seedSeries } from "../../testing/ticketing.js";
import { ticketBatches } from "../exports/rows.js";
import { uploadsDir } from "../information/answers.js";
import { anonymizeExpiredOrders } from "./retention.js";

const NAME = "Zelda Quixotic";
const EMAIL = "zelda.quixotic@example.org";
const FRIEND = "Yorick Sponsored";
const ANSWER = "Allergic to quinces QX-7731";
const FILE_TEXT = "PASSPORT-OF-ZELDA-Q-99812";
const PDF = Buffer.from(`%PDF-1.7\n${FILE_TEXT}\n%%EOF\n`);

type Placed = { code: string; positions: { id: number; secret: string; attendee_name: string | null }[] };
type Answer = { status: string; reason?: string };

describe.each(dialects)("privacy on %s", (dialect) => {
  let t: TestApp;
  let seeded: Awaited<ReturnType<typeof seedSeries>>;
  let person: Awaited<ReturnType<typeof registeredPerson>>;
  let placed: Placed;
  let door: number;
  let fields: { text: number; file: number };
  /** Zelda's guest card (seed 001) and the partner's JWT to look it up. */
  let guestCode: string;
  let partner: string;

  const scan = async (secret: string, list = door) =>
    (
      await seeded.call<Answer>(
        "POST",
        `${seeded.ev}/checkin-lists/${list}/redeem`,
        { secret },
        { expect: 200 },
      )
    ).body;

  /** One ticket in `attendee`'s name, booked by `buyer`. */
  async function oneTicket(buyer: Awaited<ReturnType<typeof registeredPerson>>, attendee: string) {
    const booked = await buyer.inject({
      method: "POST",
      url: `${seeded.ev}/orders`,
      payload: { positions: [{ ticket_type: seeded.typeId, date: seeded.dateId, attendee_name: attendee }] },
    });
    expect(booked.statusCode, booked.body).toBe(201);
    return booked.json() as Placed;
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
    seeded = await seedSeries(t, { quota: 50, price: "12.50" });
    const f = `${seeded.ev}/ticket-types/${seeded.typeId}/fields`;
    fields = {
      text: (
        await seeded.call<{ id: number }>(
          "POST",
          f,
          { label: "Diet", kind: "text", required: false },
          { expect: 201 },
        )
      ).body.id,
      file: (
        await seeded.call<{ id: number }>(
          "POST",
          f,
          { label: "Passport", kind: "file", required: false, allowed_types: ["application/pdf"] },
          { expect: 201 },
        )
      ).body.id,
    };
    person = await registeredPerson(t, NAME, EMAIL);
    const booked = await person.inject({
      method: "POST",
      url: `${seeded.ev}/orders`,
      payload: {
        positions: [
          { ticket_type: seeded.typeId, date: seeded.dateId, attendee_name: NAME },
          { ticket_type: seeded.typeId, date: seeded.dateId, attendee_name: FRIEND },
        ],
      },
    });
    expect(booked.statusCode, booked.body).toBe(201);
    placed = booked.json() as Placed;
    const own = placed.positions[0]?.id ?? 0;
    const info = `${seeded.ev}/orders/${placed.code}/positions/${own}/information`;
    expect(
      (await person.inject({ method: "PUT", url: `${info}/${fields.text}`, payload: { value: ANSWER } }))
        .statusCode,
    ).toBe(200);
    const up = await person.inject({
      method: "PUT",
      url: `${info}/${fields.file}/file`,
      payload: PDF,
      headers: {
        "content-type": "application/pdf",
        "content-disposition": 'attachment; filename="zelda-passport.pdf"',
      },
    });
    expect(up.statusCode, up.body).toBe(200);
    await seeded.call("POST", `${seeded.ev}/orders/${placed.code}/mark-paid`, undefined, { expect: 200 });
    door = (
      await seeded.call<{ id: number }>(
        "POST",
        `${seeded.ev}/checkin-lists`,
        { name: "Door", entry_policy: "unlimited" },
        { expect: 201 },
      )
    ).body.id;
    expect(await scan(placed.positions[0]?.secret ?? "")).toMatchObject({ status: "ok" });

    // Guest cards (seed 001): Zelda stays in a municipality of the organizer, with a companion.
    const form = await registerGuests(t, "org", 11, [
      { first_name: "Zelda", last_name: "Quixotic", email: EMAIL },
      { first_name: "Yorick", last_name: "Sponsored", email: "yorick@example.org" },
    ]);
    guestCode = form.guests[0]?.auth_code ?? "";
    partner = await partnerToken(t, "org", "kurkarte-app", [11]);
    // Experiences (seed 002) booked with her own ticket (found by its number, no e-mail given) and with
    // the friend's ticket under her e-mail (found by the e-mail).
    const slot = await experienceSlot(
      t,
      seeded.ev,
      "Standard",
      new Date(Date.now() + 86_400_000).toISOString(),
    );
    const [ownTicket, friendTicket] = placed.positions;
    await bookExperience(
      t,
      seeded.ev,
      slot,
      { code: placed.code, secret: ownTicket?.secret ?? "" },
      { name: NAME },
    );
    await bookExperience(
      t,
      seeded.ev,
      slot,
      { code: placed.code, secret: friendTicket?.secret ?? "" },
      {
        name: "Zelda for Yorick",
        email: EMAIL,
      },
    );
    // Yorick books with his own ticket himself: his, not hers (neither exported nor erased with her).
    const later = await experienceSlot(
      t,
      seeded.ev,
      "Standard",
      new Date(Date.now() + 2 * 86_400_000).toISOString(),
    );
    await bookExperience(
      t,
      seeded.ev,
      later,
      { code: placed.code, secret: friendTicket?.secret ?? "" },
      { name: "Yorick Himself", email: "yorick@example.org" },
    );
  });
  afterAll(async () => t?.close());

  it("downloads everything about the person as JSON and as a ZIP with their files", async () => {
    const json = await person.inject({ url: "/api/v1/me/data" });
    expect(json.statusCode, json.body).toBe(200);
    const data = json.json() as {
      account: { name: string; email: string };
      orders: {
        code: string;
        tickets: { attendee_name: string; answers: { value: string | null }[]; check_ins: unknown[] }[];
        payments: unknown[];
      }[];
    };
    expect(data.account).toMatchObject({ name: NAME, email: EMAIL });
    expect(data.orders[0]?.code).toBe(placed.code);
    expect(data.orders[0]?.tickets.map((p) => p.attendee_name)).toEqual([NAME, FRIEND]);
    expect(data.orders[0]?.tickets[0]?.answers.map((a) => a.value)).toContain(ANSWER);
    expect(data.orders[0]?.tickets[0]?.check_ins).toHaveLength(1);
    const more = json.json() as {
      experience_bookings: { name: string | null; email: string | null; ticket_number: string }[];
      guest_cards: { first_name: string; email: string; municipality: string }[];
    };
    expect(more.experience_bookings.map((b) => [b.name, b.email])).toEqual([
      [NAME, null],
      ["Zelda for Yorick", EMAIL],
    ]);
    expect(more.guest_cards).toMatchObject([{ first_name: "Zelda", email: EMAIL, municipality: "Ort 11" }]);
    expect(JSON.stringify(more)).not.toContain(guestCode);
    const zip = await person.inject({ url: "/api/v1/me/data.zip" });
    expect(zip.statusCode).toBe(200);
    expect(zip.headers["content-type"]).toBe("application/zip");
    const archive = await JSZip.loadAsync(zip.rawPayload);
    const names = Object.keys(archive.files);
    expect(names).toContain("my-data.json");
    const file = names.find((n) => n.startsWith("files/"));
    expect(file).toMatch(/zelda-passport\.pdf$/);
    expect(await archive.file(file ?? "")?.async("string")).toContain(FILE_TEXT);
    // Nobody signed in: nothing.
    expect((await t.app.inject({ url: "/api/v1/me/data" })).statusCode).toBe(401);
  });

  it("says when deletion becomes possible and refuses it before", async () => {
    const status = await person.inject({ url: "/api/v1/me/deletion" });
    expect(status.json()).toMatchObject({
      allowed: true,
      possible_now: false,
      from: "2031-03-31T21:00:00.000Z",
    });
    const page = await person.browser.get("/account");
    expect(page.body).toContain("You can delete your account from");
    expect(page.body).not.toContain('href="/account/delete"');
    const early = await person.inject({
      method: "DELETE",
      url: "/api/v1/me",
      payload: { confirm: "DELETE" },
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe("deletion_too_early");
  });

  it("records who viewed or exported personal data, by ids only", async () => {
    await seeded.call("GET", `${seeded.ev}/orders/${placed.code}`, undefined, { expect: 200 });
    const own = placed.positions[0]?.id ?? 0;
    const file = await t.app.inject({
      url: `${seeded.ev}/orders/${placed.code}/positions/${own}/information/${fields.file}/file`,
      headers: adminHeaders,
    });
    expect(file.statusCode).toBe(200);
    await seeded.call("POST", `${seeded.ev}/exports`, { list: "paid", format: "xlsx" }, { expect: 202 });
    // The buyer looking at their own order is no audit matter.
    await person.inject({ url: `${seeded.ev}/orders/${placed.code}` });
    const log = await seeded.call<{ action: string; subject: string; actor: string }[]>(
      "GET",
      "/api/v1/audit-log",
      undefined,
      { expect: 200 },
    );
    const actions = log.body.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(["order.view", "file.download", "export.run", "data.export"]),
    );
    expect(log.body.filter((e) => e.action === "order.view")).toHaveLength(1);
    expect(JSON.stringify(log.body)).not.toMatch(/Zelda|zelda/);
    const page = await t.app.inject({
      url: "/admin/privacy",
      headers: { ...adminHeaders, accept: "text/html" },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("file.download");
    // Not for organizers' staff or the person.
    expect((await person.inject({ url: "/api/v1/audit-log" })).statusCode).toBe(403);
  });

  it("deletes the account 30 days after the last event: nothing personal left, proof kept, own ticket void, sponsored one valid", async () => {
    await t.worker.drain();
    const past = new Date(Date.now() - 40 * 86_400_000).toISOString();
    await t.ctx.db.kysely.updateTable("event_dates").set({ starts_at: past, ends_at: past }).execute();
    const page = await person.browser.get("/account");
    expect(page.body).toContain("You can delete your account now.");
    expect(page.body).toContain('href="/account/delete"');
    const confirm = await person.browser.get("/account/delete");
    expect(confirm.body).toContain("cannot be undone");
    // Without the confirmation nothing happens.
    const unconfirmed = await person.browser.submit("/account/delete", "/account/delete", {});
    expect(unconfirmed.statusCode).toBe(400);
    const uploadsBefore = fs.readdirSync(uploadsDir(t.ctx.config.dataDir));
    expect(uploadsBefore).toHaveLength(1);
    const before = await t.ctx.db.kysely.selectFrom("checkin_scans").select("id").execute();

    const done = await person.browser.submit("/account/delete", "/account/delete", { confirm: "yes" });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe("/login?flash=flash.accountDeleted");

    // Irreversible and complete: the dump holds neither name, e-mail, answer nor file.
    const dump = await dumpDatabase(t);
    for (const needle of ["Quixotic", "Zelda for Yorick"]) expect(dump, needle).not.toContain(needle);
    for (const needle of [NAME, EMAIL, "Zelda", "zelda", ANSWER, FILE_TEXT, "zelda-passport"])
      expect(dump, needle).not.toContain(needle);
    expect(fs.readdirSync(uploadsDir(t.ctx.config.dataDir))).toHaveLength(0);
    // The sponsored person's name stays: it is theirs.
    expect(dump).toContain(FRIEND);

    // Proof kept: order, amount, payment, check-ins.
    const order = await t.ctx.db.kysely.selectFrom("orders").selectAll().executeTakeFirstOrThrow();
    expect(order).toMatchObject({ status: "paid", total_minor: 2500, code: placed.code });
    expect(order.anonymized_at).not.toBeNull();
    expect(await t.ctx.db.kysely.selectFrom("payments").select("amount_minor").execute()).toEqual([
      { amount_minor: 2500 },
    ]);
    expect(await t.ctx.db.kysely.selectFrom("checkin_scans").select("id").execute()).toHaveLength(
      before.length,
    );

    // "Anonyme" in the API, by the reader's language; the sponsored ticket keeps its holder.
    const fr = await t.app.inject({
      url: `${seeded.ev}/orders/${placed.code}`,
      headers: { ...adminHeaders, "accept-language": "fr" },
    });
    expect(fr.json()).toMatchObject({
      email: "Anonyme",
      anonymized: true,
      positions: [
        { attendee_name: "Anonyme", valid: false },
        { attendee_name: FRIEND, valid: true },
      ],
    });
    const list = await t.app.inject({
      url: `${seeded.ev}/orders`,
      headers: { ...adminHeaders, "accept-language": "de" },
    });
    expect(list.json()[0]).toMatchObject({ email: "Anonym", total: "25.00" });
    const admin = await t.app.inject({
      url: `/admin/organizers/org/events/series/orders/${placed.code}`,
      headers: { ...adminHeaders, accept: "text/html" },
    });
    expect(admin.body).toContain("Anonymous");
    const rows = [];
    for await (const batch of ticketBatches(t.ctx.db, order.event_id, "paid", "booking", "Anonyme"))
      rows.push(...batch);
    expect(rows.map((r) => [r.email, r.attendee])).toEqual([
      ["Anonyme", "Anonyme"],
      ["Anonyme", FRIEND],
    ]);

    // The deleted person's own ticket admits no one; the ticket bought for a friend still does.
    expect(await scan(placed.positions[0]?.secret ?? "")).toMatchObject({
      status: "error",
      reason: "anonymized",
    });
    expect(await scan(placed.positions[1]?.secret ?? "")).toMatchObject({ status: "ok" });
    // Offline scanners get the void ticket among the refused ones (as void), only the sponsored one as a ticket.
    const offline = await seeded.call<{
      others: { hash: string; anonymized: boolean }[];
      tickets: { id: number; attendee_name: string | null }[];
    }>("GET", `${seeded.ev}/checkin-lists/${door}/offline`, undefined, { expect: 200 });
    expect(offline.body.others).toContainEqual(
      expect.objectContaining({ hash: hashToken(placed.positions[0]?.secret ?? ""), anonymized: true }),
    );
    expect(offline.body.tickets.map((x) => x.attendee_name)).toEqual([FRIEND]);

    // Experience bookings stay (counts per ticket number right), without name and e-mail.
    const bookings = await t.ctx.db.kysely
      .selectFrom("experience_bookings")
      .select(["ticket_number", "name", "email", "cancelled_at"])
      .orderBy("id")
      .execute();
    expect(bookings).toEqual([
      {
        ticket_number: `${placed.code}-${placed.positions[0]?.id}`,
        name: null,
        email: null,
        cancelled_at: null,
      },
      {
        ticket_number: `${placed.code}-${placed.positions[1]?.id}`,
        name: null,
        email: null,
        cancelled_at: null,
      },
      {
        ticket_number: `${placed.code}-${placed.positions[1]?.id}`,
        name: "Yorick Himself",
        email: "yorick@example.org",
        cancelled_at: null,
      },
    ]);
    // Her guest card's code still answers the partner, but only with the placeholder; the companion stays.
    const lookup = await partnerLookup(t, partner, guestCode, 11);
    expect(lookup.statusCode, lookup.body).toBe(200);
    expect(
      (lookup.json() as { meldeschein: { gast_data: Record<string, unknown>[] } }).meldeschein.gast_data,
    ).toMatchObject([{ Gast_Vorname: "Anonym", Gast_Name: "Anonym", Gast_Email: "" }]);
    const companion = await t.ctx.db.kysely
      .selectFrom("guests")
      .select(["first_name", "email"])
      .where("last_name", "=", "Sponsored")
      .execute();
    expect(companion).toEqual([{ first_name: "Yorick", email: "yorick@example.org" }]);

    // The session is gone, and so is the login.
    expect((await person.browser.get("/account")).statusCode).toBe(303);
    const login = await person.browser.submit("/login", "/login", {
      email: EMAIL,
      password: `${EMAIL}-password`,
    });
    expect(login.statusCode).toBe(401);
  });

  it("anonymizes orders of events past the organizer's retention period, and shows what is due when", async () => {
    const other = await registeredPerson(t, "Walter Retained", "walter.retained@example.org");
    const date = new Date(Date.now() + 5 * 86_400_000).toISOString();
    await t.ctx.db.kysely.updateTable("event_dates").set({ starts_at: date, ends_at: date }).execute();
    const booked = await oneTicket(other, "Walter Retained");
    const set = await seeded.call<{ days: number; schedule: { anonymize_at: string; orders: number }[] }>(
      "PUT",
      "/api/v1/organizers/org/retention",
      { days: 10 },
      { expect: 200 },
    );
    expect(set.body.days).toBe(10);
    expect(set.body.schedule).toHaveLength(1);
    expect(set.body.schedule[0]?.orders).toBe(1);
    expect(Date.parse(set.body.schedule[0]?.anonymize_at ?? "")).toBe(Date.parse(date) + 10 * 86_400_000);
    const page = await t.app.inject({
      url: "/admin/organizers/org/privacy",
      headers: { ...adminHeaders, accept: "text/html" },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Series");
    // Not due yet: nothing happens.
    expect(await anonymizeExpiredOrders(t.ctx.db, t.ctx.config.dataDir)).toBe(0);
    // Twenty days after the event: due.
    expect(
      await anonymizeExpiredOrders(t.ctx.db, t.ctx.config.dataDir, new Date(Date.now() + 20 * 86_400_000)),
    ).toBe(1);
    const dump = await dumpDatabase(t);
    // The order's data is gone; the account itself stays (retention is about orders).
    expect(dump).not.toContain('"attendee_name":"Walter Retained"');
    const order = await t.ctx.db.kysely
      .selectFrom("orders")
      .selectAll()
      .where("code", "=", booked.code)
      .executeTakeFirstOrThrow();
    expect(order).toMatchObject({ email: "", status: "pending" });
    expect(order.anonymized_at).not.toBeNull();
    expect(
      (
        await seeded.call<{ schedule: unknown[] }>("GET", "/api/v1/organizers/org/retention", undefined, {
          expect: 200,
        })
      ).body.schedule,
    ).toEqual([]);
    await seeded.call("PUT", "/api/v1/organizers/org/retention", { days: -1 }, { expect: 400 });
  });

  it("anonymizes guests of forms departed and experience bookings of events past the retention period", async () => {
    // The organizer keeps data 10 days (set above); its event's date lies 5 days ahead.
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    await registerGuests(
      t,
      "org",
      12,
      [{ first_name: "Gustav", last_name: "Departed", email: "gustav.departed@example.org" }],
      { arrival: day(-30), departure: day(-11) },
    );
    await registerGuests(
      t,
      "org",
      12,
      [{ first_name: "Hedwig", last_name: "Staying", email: "hedwig.staying@example.org" }],
      { arrival: day(-9), departure: day(12) },
    );
    const ida = await registeredPerson(t, "Ida Booker", "ida.booker@example.org");
    const order = await oneTicket(ida, "Ida Booker");
    await seeded.call("POST", `${seeded.ev}/orders/${order.code}/mark-paid`, undefined, { expect: 200 });
    const slot = await experienceSlot(
      t,
      seeded.ev,
      "Standard",
      new Date(Date.now() + 5 * 86_400_000).toISOString(),
    );
    await bookExperience(
      t,
      seeded.ev,
      slot,
      { code: order.code, secret: order.positions[0]?.secret ?? "" },
      { name: "Ida Booker", email: "ida.booker@example.org" },
    );

    // Now: the departed guest is due, the staying one and the coming event are not.
    await anonymizeExpiredOrders(t.ctx.db, t.ctx.config.dataDir);
    const dump = await dumpDatabase(t);
    for (const gone of ["Gustav", "Departed", "gustav.departed"]) expect(dump, gone).not.toContain(gone);
    for (const kept of ["Hedwig", "hedwig.staying"]) expect(dump, kept).toContain(kept);
    const booking = () =>
      t.ctx.db.kysely
        .selectFrom("experience_bookings")
        .select(["name", "email"])
        .where("slot_id", "=", slot)
        .execute();
    expect(await booking()).toEqual([{ name: "Ida Booker", email: "ida.booker@example.org" }]);

    // Twenty days on: the event (and its slots) ended more than 10 days ago.
    await anonymizeExpiredOrders(t.ctx.db, t.ctx.config.dataDir, new Date(Date.now() + 20 * 86_400_000));
    // The guest departing in 12 days is not due yet.
    expect(await dumpDatabase(t)).toContain("Hedwig");
    expect(await booking()).toEqual([{ name: null, email: null }]);
    const slotRow = await t.ctx.db.kysely
      .selectFrom("experience_slots")
      .select("booked")
      .where("id", "=", slot)
      .executeTakeFirstOrThrow();
    expect(slotRow.booked).toBe(1);
  });

  it("internal accounts follow the platform's rule", async () => {
    const call = seeded.call;
    await call(
      "POST",
      "/api/v1/users",
      { email: "inside@example.org", name: "Inside Person" },
      { expect: 200 },
    );
    const { deletionStatus } = await import("./deletion.js");
    const user = await t.ctx.db.kysely
      .selectFrom("users")
      .select("id")
      .where("email", "=", "inside@example.org")
      .executeTakeFirstOrThrow();
    expect(await deletionStatus(t.ctx.db, user.id)).toMatchObject({ allowed: false, reason: "internal" });
    await call("PUT", "/api/v1/privacy/settings", { internal_deletion: true }, { expect: 200 });
    expect(await deletionStatus(t.ctx.db, user.id)).toMatchObject({ allowed: true, possibleNow: true });
  });
});
