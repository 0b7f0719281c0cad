import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../platform/db/index.js";
import type { TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { openExperiences } from "../../testing/experiences.js";
import { SHOP_AUTH, SHOP_V2_FIELDS, type startFakeShop } from "../../testing/fakes/shop.js";
import type { api } from "../../testing/ticketing.js";
import { formatTicketCode } from "../orders/ticket-code.js";
import { bookSlot } from "./bookings.js";

const EV = "/api/v1/organizers/org/events/series";
type ErrorBody = { error: { code: string; message: string } };

describe.each(dialects)("experiences on %s", (dialect) => {
  let t: TestApp;
  let shop: Awaited<ReturnType<typeof startFakeShop>>;
  let call: ReturnType<typeof api>;
  let sourceId: number;
  let experienceId: number;

  let env: Awaited<ReturnType<typeof openExperiences>>;

  beforeAll(async () => {
    env = await openExperiences(dialect, (url) => ({
      type: "http",
      url: `${url}/check`,
      headers: { Authorization: SHOP_AUTH },
      allowances: { Gold: 3, Silver: 2, Bronze: 1 },
    }));
    ({ t, shop, call, sourceId } = env);
    experienceId = (
      await call<{ id: number }>("POST", `${EV}/experiences`, { title: "VR dome" }, { expect: 201 })
    ).body.id;
  });
  afterAll(async () => env?.close());

  let slotSeq = 0;
  async function slot(capacity: number, experience = experienceId) {
    slotSeq += 1;
    const start = new Date(Date.UTC(2031, 5, 1, 8, 0) + slotSeq * 20 * 60_000);
    return (
      await call<{ id: number }>(
        "POST",
        `${EV}/experiences/${experience}/slots`,
        {
          starts_at: start.toISOString(),
          ends_at: new Date(start.getTime() + 20 * 60_000).toISOString(),
          capacity,
        },
        { expect: 201 },
      )
    ).body.id;
  }
  const book = (
    slotId: number,
    number: string,
    code = `code-${number}`,
    extra: Record<string, string> = {},
  ) =>
    t.app.inject({
      method: "POST",
      url: `${EV}/experience-bookings`,
      payload: { slot: slotId, ticket_number: number, security_code: code, ...extra },
    });
  const errorCode = (res: { json(): unknown }) => (res.json() as ErrorBody).error.code;
  const slotRow = (id: number) =>
    t.ctx.db.kysely.selectFrom("experience_slots").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

  it("keeps the shop's auth header sealed at rest and never returns it", async () => {
    const row = await t.ctx.db.kysely
      .selectFrom("ticket_sources")
      .selectAll()
      .where("id", "=", sourceId)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain("shop-secret-42");
    const { body } = await call<{ header_names: string[] }[]>("GET", `${EV}/ticket-sources`, undefined, {
      expect: 200,
    });
    expect(JSON.stringify(body)).not.toContain("shop-secret-42");
    expect(body[0]?.header_names).toEqual(["Authorization"]);
  });

  it("asks the real shop over HTTP: each kind gets its allowance; unknown tickets and wrong codes are refused", async () => {
    for (const [number, kind, allowance] of [
      ["GOLD-1", "Gold", 3],
      ["SILVER-1", "Silver", 2],
      ["BRONZE-1", "Bronze", 1],
    ] as const) {
      const res = await book(await slot(5), number, undefined, { name: "Ada", email: "ada@example.org" });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ ticket_number: number, kind, allowance, booked: 1 });
    }
    const sent = shop.requests.filter((r) => r.path === "/check").at(-1);
    expect(sent?.authorization).toBe(SHOP_AUTH);
    expect(JSON.parse(sent?.body ?? "{}")).toEqual({
      ticket_number: "BRONZE-1",
      security_code: "code-BRONZE-1",
    });

    const s = await slot(5);
    const unknown = await book(s, "NOPE-1", "whatever");
    expect([400, 403]).toContain(unknown.statusCode);
    expect(errorCode(unknown)).toBe("invalid_ticket");
    const wrongCode = await book(s, "GOLD-2", "code-GOLD-3");
    expect(errorCode(wrongCode)).toBe("invalid_ticket");
    // A kind the organizer did not map allows nothing.
    const platin = await book(s, "PLATIN-1");
    expect(errorCode(platin)).toBe("invalid_ticket");
    expect((await slotRow(s)).booked).toBe(0);
  });

  it("a slow, broken or unreachable shop means try again, and nothing is booked", async () => {
    const s = await slot(5);
    const slow = await call<{ id: number }>(
      "POST",
      `${EV}/ticket-sources`,
      { url: `${shop.url}/slow`, timeout_ms: 300, allowances: { Gold: 3 } },
      { expect: 201 },
    );
    await call("DELETE", `${EV}/ticket-sources/${sourceId}`, undefined, { expect: 204 });
    const started = Date.now();
    const timedOut = await book(s, "GOLD-50");
    expect(Date.now() - started).toBeLessThan(2500);
    expect([502, 503]).toContain(timedOut.statusCode);
    expect(errorCode(timedOut)).toBe("ticket_source_unavailable");
    await call("DELETE", `${EV}/ticket-sources/${slow.body.id}`, undefined, { expect: 204 });

    const broken = await call<{ id: number }>(
      "POST",
      `${EV}/ticket-sources`,
      { url: `${shop.url}/broken`, allowances: { Gold: 3 } },
      { expect: 201 },
    );
    const failed = await book(s, "GOLD-50");
    expect(failed.statusCode).toBe(502);
    expect(errorCode(failed)).toBe("ticket_source_unavailable");
    await call("DELETE", `${EV}/ticket-sources/${broken.body.id}`, undefined, { expect: 204 });

    const closed = await call<{ id: number }>(
      "POST",
      `${EV}/ticket-sources`,
      { url: "http://127.0.0.1:9/check", allowances: { Gold: 3 } },
      { expect: 201 },
    );
    const unreachable = await book(s, "GOLD-50");
    expect(unreachable.statusCode).toBe(503);
    await call("DELETE", `${EV}/ticket-sources/${closed.body.id}`, undefined, { expect: 204 });

    expect((await slotRow(s)).booked).toBe(0);
    const bookings = await t.ctx.db.kysely
      .selectFrom("experience_bookings")
      .select("id")
      .where("ticket_number", "=", "GOLD-50")
      .execute();
    expect(bookings).toHaveLength(0);

    // Back to the real shop for the tests that follow, with the shop's own field names this time.
    sourceId = (
      await call<{ id: number }>(
        "POST",
        `${EV}/ticket-sources`,
        {
          url: `${shop.url}/v2/verify`,
          fields: SHOP_V2_FIELDS,
          allowances: { Gold: 3, Silver: 2, Bronze: 1 },
        },
        { expect: 201 },
      )
    ).body.id;
    const mapped = await book(s, "SILVER-9");
    expect(mapped.statusCode, mapped.body).toBe(201);
    expect(mapped.json()).toMatchObject({ kind: "Silver", allowance: 2 });
    expect(JSON.parse(shop.requests.at(-1)?.body ?? "{}")).toEqual({
      number: "SILVER-9",
      pin: "code-SILVER-9",
    });
    expect(errorCode(await book(s, "SILVER-10", "wrong"))).toBe("invalid_ticket");
  });

  it("counts the allowance per ticket number; the guest lists and cancels with number and code, which gives it back", async () => {
    const slots = [await slot(5), await slot(5), await slot(5)];
    expect((await book(slots[0]!, "BRONZE-7")).statusCode).toBe(201);
    const second = await book(slots[1]!, "BRONZE-7");
    expect(second.statusCode).toBe(409);
    expect(errorCode(second)).toBe("allowance_exhausted");
    const again = await book(slots[0]!, "SILVER-7");
    expect(again.statusCode).toBe(201);
    const duplicate = await book(slots[0]!, "SILVER-7");
    expect(errorCode(duplicate)).toBe("already_booked");

    const lookup = await t.app.inject({
      method: "POST",
      url: `${EV}/experience-bookings/lookup`,
      payload: { ticket_number: "BRONZE-7", security_code: "code-BRONZE-7" },
    });
    expect(lookup.json()).toMatchObject({ kind: "Bronze", allowance: 1, booked: 1 });
    const bookingId = (lookup.json() as { bookings: { id: number }[] }).bookings[0]!.id;
    const wrong = await t.app.inject({
      method: "POST",
      url: `${EV}/experience-bookings/${bookingId}/cancel`,
      payload: { ticket_number: "BRONZE-7", security_code: "nope" },
    });
    expect(errorCode(wrong)).toBe("invalid_ticket");
    const other = await t.app.inject({
      method: "POST",
      url: `${EV}/experience-bookings/${bookingId}/cancel`,
      payload: { ticket_number: "SILVER-7", security_code: "code-SILVER-7" },
    });
    expect(other.statusCode).toBe(404);
    const cancelled = await t.app.inject({
      method: "POST",
      url: `${EV}/experience-bookings/${bookingId}/cancel`,
      payload: { ticket_number: "BRONZE-7", security_code: "code-BRONZE-7" },
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ booked: 0, bookings: [] });
    expect((await slotRow(slots[0]!)).booked).toBe(1);
    expect((await book(slots[2]!, "BRONZE-7")).statusCode).toBe(201);

    const { body: perTicket } = await call<{ ticket_number: string; booked: number; kind: string }[]>(
      "GET",
      `${EV}/experience-bookings/per-ticket`,
      undefined,
      { expect: 200 },
    );
    expect(perTicket.find((r) => r.ticket_number === "BRONZE-7")).toEqual({
      ticket_number: "BRONZE-7",
      kind: "Bronze",
      allowance: 1,
      booked: 1,
    });
    const xlsx = await t.app.inject({
      method: "GET",
      url: `${EV}/experience-bookings/per-ticket.xlsx`,
      headers: { authorization: "Bearer test-admin-token-0123456789" },
    });
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const rows = workbook.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows[0]?.slice(1)).toEqual(["Ticket number", "Kind", "Allowance", "Booked"]);
    expect(rows.some((r) => r[1] === "BRONZE-7" && r[4] === 1)).toBe(true);

    const { body: list } = await call<{ ticket_number: string }[]>(
      "GET",
      `${EV}/experience-bookings?slot=${slots[0]}`,
      undefined,
      { expect: 200 },
    );
    expect(list.map((b) => b.ticket_number)).toEqual(["SILVER-7"]);
    // The security code is never stored.
    const stored = await t.ctx.db.kysely.selectFrom("experience_tickets").selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain("code-BRONZE-7");
  });

  it("never exceeds a slot's capacity under parallel bookings", async () => {
    const s = await slot(5);
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => book(s, `GOLD-${1000 + i}`)));
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(5);
    expect(answers.filter((a) => a.statusCode === 409).every((a) => errorCode(a) === "slot_full")).toBe(true);
    expect(codes.filter((c) => c !== 201 && c !== 409)).toEqual([]);
    expect((await slotRow(s)).booked).toBe(5);
    const rows = await t.ctx.db.kysely
      .selectFrom("experience_bookings")
      .select("id")
      .where("slot_id", "=", s)
      .where("cancelled_at", "is", null)
      .execute();
    expect(rows).toHaveLength(5);
  });

  it("never exceeds a ticket's allowance when it books many slots at once", async () => {
    const slots = await Promise.all(Array.from({ length: 12 }, () => slot(10)));
    const answers = await Promise.all(slots.map((s) => book(s, "GOLD-77")));
    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(3);
    expect(
      answers.filter((a) => a.statusCode === 409).every((a) => errorCode(a) === "allowance_exhausted"),
    ).toBe(true);
    const counter = await t.ctx.db.kysely
      .selectFrom("experience_tickets")
      .selectAll()
      .where("ticket_number", "=", "GOLD-77")
      .executeTakeFirstOrThrow();
    expect(counter.booked).toBe(3);
    const taken = await Promise.all(slots.map(slotRow));
    expect(taken.reduce((n, r) => n + r.booked, 0)).toBe(3);

    // Both at once: many tickets, each booking several slots of small capacity.
    const small = await Promise.all(Array.from({ length: 4 }, () => slot(3)));
    const mixed = await Promise.all(
      Array.from({ length: 10 }, (_, i) => small.map((s) => book(s, `SILVER-${500 + i}`))).flat(),
    );
    expect(mixed.filter((a) => a.statusCode === 201)).toHaveLength(12);
    expect(mixed.filter((a) => a.statusCode !== 201 && a.statusCode !== 409)).toEqual([]);
    const perTicket = await t.ctx.db.kysely
      .selectFrom("experience_tickets")
      .select(["ticket_number", "booked"])
      .where("ticket_number", "like", "SILVER-5%")
      .execute();
    expect(perTicket.every((r) => r.booked <= 2)).toBe(true);
    for (const s of small) expect((await slotRow(s)).booked).toBe(3);
  });

  it("two app processes on one database: another connection pool books at the same time and the limits still hold", async () => {
    const second = t.database.databaseUrl
      ? openDatabase({ databaseUrl: t.database.databaseUrl, poolSize: 10 })
      : openDatabase({ sqlitePath: t.database.sqlitePath });
    try {
      const s = await slot(6);
      const event = await t.ctx.db.kysely.selectFrom("events").select("id").executeTakeFirstOrThrow();
      const ticket = (n: number) => ({
        ticketNumber: `GOLD-${3000 + n}`,
        sourceId,
        kind: "Gold",
        allowance: 3,
        codeHash: `hash-${n}`,
      });
      // Half through the other process's pool (the shop already asked), half through this app's HTTP API.
      const answers = await Promise.all([
        ...Array.from({ length: 15 }, (_, i) =>
          bookSlot(second, event.id, ticket(i), s, {}).then(
            () => 201,
            (e: { httpStatus?: number }) => e.httpStatus ?? 500,
          ),
        ),
        ...Array.from({ length: 15 }, (_, i) => book(s, `GOLD-${3100 + i}`).then((r) => r.statusCode)),
      ]);
      expect(answers.filter((c) => c === 201)).toHaveLength(6);
      expect(answers.filter((c) => c !== 201 && c !== 409)).toEqual([]);
      expect((await slotRow(s)).booked).toBe(6);
      // And one ticket from both processes at once, over many slots.
      const slots = await Promise.all(Array.from({ length: 8 }, () => slot(5)));
      const same = await Promise.all(
        slots.map((id, i) =>
          i % 2 === 0
            ? bookSlot(second, event.id, ticket(99), id, {}).then(
                () => 201,
                () => 409,
              )
            : book(id, "GOLD-3099").then((r) => r.statusCode),
        ),
      );
      expect(same.filter((c) => c === 201)).toHaveLength(3);
    } finally {
      await second.close();
    }
  });

  it("a booking whose slot has started can no longer be cancelled", async () => {
    const s = await slot(2);
    const booked = await book(s, "SILVER-800");
    expect(booked.statusCode).toBe(201);
    await t.ctx.db.kysely
      .updateTable("experience_slots")
      .set({ starts_at: "2020-01-01T10:00:00.000Z" })
      .where("id", "=", s)
      .execute();
    const res = await t.app.inject({
      method: "POST",
      url: `${EV}/experience-bookings/${booked.json<{ id: number }>().id}/cancel`,
      payload: { ticket_number: "SILVER-800", security_code: "code-SILVER-800" },
    });
    expect(res.statusCode).toBe(409);
    expect(errorCode(res)).toBe("slot_closed");
    const counter = await t.ctx.db.kysely
      .selectFrom("experience_tickets")
      .select("booked")
      .where("ticket_number", "=", "SILVER-800")
      .executeTakeFirstOrThrow();
    expect(counter.booked).toBe(1);
  });

  it("creates slots in bulk: every 20 minutes from 10:00 to 18:00", async () => {
    const x = (await call<{ id: number }>("POST", `${EV}/experiences`, { title: "Bulk" }, { expect: 201 }))
      .body.id;
    const { body } = await call<{ starts_at: string }[]>(
      "POST",
      `${EV}/experiences/${x}/slots/bulk`,
      { from: "2031-06-02T10:00:00Z", until: "2031-06-02T18:00:00Z", every_minutes: 20, capacity: 4 },
      { expect: 201 },
    );
    expect(body).toHaveLength(24);
    expect(body[0]?.starts_at).toBe("2031-06-02T10:00:00.000Z");
    expect(body.at(-1)?.starts_at).toBe("2031-06-02T17:40:00.000Z");
  });

  it("answers bad input with a 4xx and writes nothing", async () => {
    const before = await t.ctx.db.kysely.selectFrom("experience_slots").select("id").execute();
    const cases: [string, string, unknown][] = [
      ["POST", `${EV}/experiences`, { title: "" }],
      ["POST", `${EV}/experiences`, { title: "X", exhibitor: 999 }],
      ["POST", `${EV}/experiences/${experienceId}/slots`, { starts_at: "nope", ends_at: "x", capacity: 1 }],
      [
        "POST",
        `${EV}/experiences/${experienceId}/slots`,
        { starts_at: "2031-01-01T10:00:00Z", ends_at: "2031-01-01T09:00:00Z", capacity: 1 },
      ],
      ["POST", `${EV}/experiences/${experienceId}/slots`, { starts_at: 1, capacity: -1 }],
      [
        "POST",
        `${EV}/experiences/${experienceId}/slots/bulk`,
        { from: "2031-01-01T10:00:00Z", until: "2031-12-31T10:00:00Z", every_minutes: 5, capacity: 1 },
      ],
      [
        "POST",
        `${EV}/experiences/99999/slots`,
        { starts_at: "2031-01-01T10:00:00Z", ends_at: "2031-01-01T11:00:00Z", capacity: 1 },
      ],
      ["POST", `${EV}/ticket-sources`, { url: "ftp://x", allowances: { Gold: 3 } }],
      ["POST", `${EV}/ticket-sources`, { url: "https://shop.example.org", allowances: {} }],
      ["POST", `${EV}/ticket-sources`, { url: "https://shop.example.org", allowances: { Gold: -1 } }],
      [
        "POST",
        `${EV}/ticket-sources`,
        { url: "https://shop.example.org", headers: { "Bad Header": "x" }, allowances: { Gold: 1 } },
      ],
      ["POST", `${EV}/experience-bookings`, { slot: "x" }],
      [
        "POST",
        `${EV}/experience-bookings`,
        { slot: 999999, ticket_number: "GOLD-1", security_code: "code-GOLD-1" },
      ],
      ["POST", `${EV}/experience-bookings`, { slot: 1, ticket_number: "", security_code: "" }],
      ["PUT", `${EV}/experience-programme`, { embed_origins: ["javascript:alert(1)"] }],
      ["POST", `${EV}/exhibitors`, { name: "X", email: "not-an-email" }],
    ];
    for (const [method, url, payload] of cases) {
      const res = await t.app.inject({
        method: method as "POST",
        url,
        payload: payload as object,
        headers: { authorization: "Bearer test-admin-token-0123456789" },
      });
      expect(
        res.statusCode,
        `${method} ${url} ${JSON.stringify(payload)}: ${res.body}`,
      ).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, `${method} ${url}`).toBeLessThan(500);
      expect((res.json() as ErrorBody).error.code).toBeTruthy();
    }
    const after = await t.ctx.db.kysely.selectFrom("experience_slots").select("id").execute();
    expect(after).toHaveLength(before.length);
  });

  it("books with Tessera's own tickets: booking code and ticket secret", async () => {
    const { body: order } = await call<{ code: string; positions: { id: number; secret: string }[] }>(
      "POST",
      `${EV}/orders`,
      {
        email: "guest@example.org",
        positions: [{ ticket_type: 1, date: 1, attendee_name: "Ada" }],
      },
      { expect: 201 },
    );
    await call("POST", `${EV}/orders/${order.code}/mark-paid`, undefined, { expect: 200 });
    await call(
      "POST",
      `${EV}/ticket-sources`,
      { type: "tessera", allowances: { Standard: 2 } },
      { expect: 201 },
    );
    const secret = order.positions[0]!.secret;
    const res = await book(await slot(3), order.code.toLowerCase(), secret);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      kind: "Standard",
      allowance: 2,
      ticket_number: `${order.code}-${order.positions[0]!.id}`,
    });
    expect(errorCode(await book(await slot(3), order.code, "wrong-secret"))).toBe("invalid_ticket");
  });

  it("books with what a Tessera ticket prints: its ticket number and the ticket code under the QR", async () => {
    const { body: order } = await call<{ code: string; positions: { id: number }[] }>(
      "POST",
      `${EV}/orders`,
      { email: "printed@example.org", positions: [{ ticket_type: 1, date: 1, attendee_name: "Grace" }] },
      { expect: 201 },
    );
    await call("POST", `${EV}/orders/${order.code}/mark-paid`, undefined, { expect: 200 });
    await call(
      "POST",
      `${EV}/ticket-sources`,
      { type: "tessera", allowances: { Standard: 2 } },
      { expect: 201 },
    );
    const id = order.positions[0]!.id;
    const { ticket_code } = await t.ctx.db.kysely
      .selectFrom("order_positions")
      .select("ticket_code")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    const printed = formatTicketCode(ticket_code ?? "");
    const number = `${order.code}-${id}`;
    const res = await book(await slot(3), number, printed);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: "Standard", allowance: 2, ticket_number: number });
    // Typed in lower case without the dash, and with the booking code alone: the same ticket.
    const again = await book(await slot(3), order.code.toLowerCase(), printed.replace("-", "").toLowerCase());
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json()).toMatchObject({ ticket_number: number });
    expect(errorCode(await book(await slot(3), number, "ZZZZ-ZZZZ"))).toBe("invalid_ticket");
    expect(errorCode(await book(await slot(3), `${order.code}-${id + 1}`, printed))).toBe("invalid_ticket");
    expect(errorCode(await book(await slot(3), `${order.code}-99999999999`, printed))).toBe("invalid_ticket");
  });

  it("keeps other sites from framing pages, except the overview for the organizer's origins", async () => {
    await call(
      "PUT",
      `${EV}/experience-programme`,
      { embed_origins: ["https://festival.example.org/"] },
      { expect: 200 },
    );
    const embed = await t.app.inject({
      method: "GET",
      url: "/embed/org/series/experiences",
      headers: { accept: "text/html" },
    });
    expect(embed.statusCode).toBe(200);
    expect(embed.headers["content-security-policy"]).toContain(
      "frame-ancestors 'self' https://festival.example.org",
    );
    expect(embed.headers["x-frame-options"]).toBeUndefined();
    expect(embed.body).toContain("VR dome");
    const home = await t.app.inject({ method: "GET", url: "/", headers: { accept: "text/html" } });
    expect(home.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  });

  it("documents its API in OpenAPI", async () => {
    const spec = (await t.app.inject({ method: "GET", url: "/api/v1/openapi.json" })).json() as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    const base = "/api/v1/organizers/{organizer}/events/{event}";
    for (const path of [
      "ticket-sources",
      "experiences",
      "experiences/{id}/slots",
      "experiences/{id}/slots/bulk",
      "experience-bookings",
      "experience-bookings/per-ticket",
      "experience-programme",
      "exhibitors",
    ])
      expect(Object.keys(spec.paths)).toContain(`${base}/${path}`);
    expect(spec.paths[`${base}/experience-bookings`]?.post?.security).toEqual([]);
    expect(Object.keys(spec.paths).some((p) => p.startsWith("/embed") || p.startsWith("/exhibit"))).toBe(
      false,
    );
  });
});
