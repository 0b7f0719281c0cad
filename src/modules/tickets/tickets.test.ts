import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import { Browser, createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { decodeQrPng, pdfPageCount, pdfPagePng, pdfText } from "../../testing/documents.js";
import { adminHeaders, seedSeries } from "../../testing/ticketing.js";
import { formatTicketCode } from "../orders/ticket-code.js";
import { CODE_AREA, DETAILS_AREA, QR_AREA } from "./layout.js";
import { renderOrderTicketsPdf } from "./render.js";

const YELLOW = [0xf6, 0xd3, 0x65];

async function image(width: number, height: number, format: "png" | "jpeg" = "png") {
  const base = sharp({ create: { width, height, channels: 3, background: "#f6d365" } });
  return format === "png" ? base.png().toBuffer() : base.jpeg().toBuffer();
}

async function pixel(png: Buffer, left: number, top: number) {
  const rgb = await sharp(png).extract({ left, top, width: 1, height: 1 }).removeAlpha().raw().toBuffer();
  return [...rgb];
}

/** A registered user with a session: cookie and CSRF header for the JSON API. */
async function member(t: TestApp, name: string, email: string) {
  const browser = new Browser(t.app);
  await browser.submit("/register", "/register", { name, email, password: "correct-horse-1" });
  const csrf = /name="_csrf" value="([^"]+)"/.exec((await browser.get("/account")).body)?.[1] ?? "";
  const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  return { browser, cookie, json: { cookie, "x-csrf-token": csrf, "content-type": "application/json" } };
}

function multipart(fields: Record<string, string>, file: { name: string; type: string; bytes: Buffer }) {
  const boundary = "----tessera-test-boundary";
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="design.png"\r\nContent-Type: ${file.type}\r\n\r\n`;
  return {
    type: `multipart/form-data; boundary=${boundary}`,
    body: Buffer.concat([
      Buffer.from(parts.join("") + head),
      file.bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  };
}

/** The printed (grouped) ticket codes of positions, in their order. */
async function ticketCodes(t: TestApp, ids: number[]) {
  const rows = await t.ctx.db.kysely
    .selectFrom("order_positions")
    .select(["id", "ticket_code"])
    .where("id", "in", ids)
    .execute();
  return ids.map((id) => formatTicketCode(rows.find((r) => r.id === id)?.ticket_code ?? "missing"));
}

describe.each(dialects)("ticket documents on %s", (dialect) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("accepts only PNG or JPEG templates of exactly 2480 × 1169 px, keeping one file per ticket type", async () => {
    t = await createTestApp(dialect);
    const { ev, typeId } = await seedSeries(t);
    const template = `${ev}/ticket-types/${typeId}/template`;
    const put = (body: Buffer, type: string) =>
      t.app.inject({
        method: "PUT",
        url: template,
        headers: { ...adminHeaders, "content-type": type },
        payload: body,
      });
    const templates = path.join(t.ctx.config.dataDir, "templates");
    const stored = () => (fs.existsSync(templates) ? fs.readdirSync(templates) : []);
    const key = async () =>
      (
        await t.ctx.db.kysely
          .selectFrom("ticket_types")
          .select("template_key")
          .where("id", "=", typeId)
          .executeTakeFirstOrThrow()
      ).template_key;

    const portrait = await put(await image(1169, 2480), "image/png");
    expect(portrait.statusCode).toBe(400);
    expect(portrait.json().error).toMatchObject({
      code: "template_size",
      details: { expected: { width: 2480, height: 1169 }, received: { width: 1169, height: 2480 } },
    });
    expect(portrait.json().error.message).toContain("2480 × 1169");
    expect(portrait.json().error.message).toContain("1169 × 2480");
    const small = await put(await image(1240, 585, "jpeg"), "image/jpeg");
    expect(small.json().error.code).toBe("template_size");
    const garbage = await put(Buffer.from("not an image at all"), "image/png");
    expect(garbage.statusCode).toBe(415);
    expect(garbage.json().error.code).toBe("template_type");
    const gif = await put(
      await sharp(await image(2480, 1169))
        .gif()
        .toBuffer(),
      "image/png",
    );
    expect(gif.json().error.code).toBe("template_type");
    expect(stored()).toEqual([]);
    expect(await key()).toBeNull();

    expect((await put(await image(2480, 1169, "jpeg"), "image/jpeg")).statusCode).toBe(204);
    expect(stored()).toEqual([await key()]);
    expect(await key()).toMatch(/\.jpg$/);
    expect((await put(await image(2480, 1169), "image/png")).statusCode).toBe(204);
    expect(stored()).toEqual([await key()]); // the replaced one is gone
    expect(await key()).toMatch(/\.png$/);
    const back = await t.app.inject({ url: template, headers: adminHeaders });
    expect(back.headers["content-type"]).toBe("image/png");
    expect((await sharp(back.rawPayload).metadata()).width).toBe(2480);
    expect((await t.app.inject({ url: template })).statusCode).toBe(404);

    expect((await t.app.inject({ method: "DELETE", url: template, headers: adminHeaders })).statusCode).toBe(
      204,
    );
    expect(stored()).toEqual([]);
    expect(await key()).toBeNull();
    expect((await t.app.inject({ url: template, headers: adminHeaders })).statusCode).toBe(404);
  });

  it("renders PDF and PNG tickets whose QR code decodes to the secret, and guards their download", async () => {
    t = await createTestApp(dialect);
    const { call, ev, typeId, dateId } = await seedSeries(t, { price: "20.00" });
    await t.app.inject({
      method: "PUT",
      url: `${ev}/ticket-types/${typeId}/template`,
      headers: { ...adminHeaders, "content-type": "image/png" },
      payload: await image(2480, 1169),
    });
    await call(
      "POST",
      `${ev}/ticket-types/${typeId}/options`,
      { name: "Shuttle bus", price: "3.00" },
      { expect: 201 },
    );
    const option = (await call<{ id: number }[]>("GET", `${ev}/ticket-types/${typeId}/options`)).body[0];

    const buyer = await member(t, "Zoë Müller", "zoe@example.org");
    const stranger = await member(t, "Eve", "eve@example.org");
    const booked = await t.app.inject({
      method: "POST",
      url: `${ev}/orders`,
      headers: buyer.json,
      payload: {
        positions: [
          { ticket_type: typeId, date: dateId, attendee_name: "Zoë Müller", options: [option?.id] },
          { ticket_type: typeId, date: dateId, attendee_name: "Jean Dupont" },
        ],
      },
    });
    expect(booked.statusCode).toBe(201);
    const order = booked.json<{ code: string; positions: { id: number; secret: string }[] }>();
    const [first, second] = order.positions;
    if (!first || !second) throw new Error("two positions expected");
    const tickets = `${ev}/orders/${order.code}/tickets.pdf`;
    const asBuyer = (url: string) => t.app.inject({ url, headers: { cookie: buyer.cookie } });

    const early = await asBuyer(tickets);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe("tickets_unavailable");
    expect((await t.app.inject({ url: tickets })).statusCode).toBe(404);
    expect((await t.app.inject({ url: tickets, headers: { cookie: stranger.cookie } })).statusCode).toBe(404);
    const forAdmin = await t.app.inject({ url: tickets, headers: adminHeaders });
    expect(forAdmin.statusCode).toBe(200);
    expect(pdfPageCount(forAdmin.rawPayload)).toBe(2);
    expect((await buyer.browser.get(`/account/orders/${order.code}`)).body).not.toContain(tickets);

    await call("POST", `${ev}/orders/${order.code}/mark-paid`, undefined, { expect: 200 });
    expect((await t.app.inject({ url: tickets, headers: { cookie: stranger.cookie } })).statusCode).toBe(404);
    const pdf = await asBuyer(tickets);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdfPageCount(pdf.rawPayload)).toBe(2);
    const text = pdfText(pdf.rawPayload);
    for (const expected of [
      "Series",
      order.code,
      "Zoë Müller",
      "Jean Dupont",
      "Standard",
      "Shuttle bus",
      "First night",
      "Booking code",
      "Org",
    ])
      expect(text).toContain(expected);
    // Under each QR: the ticket code to type when the QR will not scan, and the ticket number.
    const printed = await ticketCodes(t, [first.id, second.id]);
    expect(printed).toHaveLength(2);
    for (const [index, position] of [first, second].entries()) {
      expect(text).toContain(printed[index]);
      expect(text).toContain(`${order.code}-${position.id}`);
    }
    expect(text).toContain("Ticket code");
    expect(text).toContain("Ticket number");
    // 19:00 UTC shown in the platform's time zone (Europe/Berlin by default).
    expect(text).toMatch(/Mar 1, 2031, 8:00\sPM/u);
    // Rasterised at 100 dpi, as a home printer's preview would: the code still reads back.
    expect(decodeQrPng(pdfPagePng(pdf.rawPayload, 1, 100))).toBe(first.secret);
    expect(decodeQrPng(pdfPagePng(pdf.rawPayload, 2, 100))).toBe(second.secret);

    const png = await asBuyer(`${ev}/orders/${order.code}/positions/${second.id}/ticket.png`);
    expect(png.statusCode).toBe(200);
    expect(png.headers["content-type"]).toBe("image/png");
    const meta = await sharp(png.rawPayload).metadata();
    expect([meta.width, meta.height]).toEqual([2480, 1169]);
    expect(decodeQrPng(png.rawPayload)).toBe(second.secret);
    // The design shows outside the white areas, and the areas are white where nothing is written.
    expect(await pixel(png.rawPayload, 5, 5)).toEqual(YELLOW);
    expect(await pixel(png.rawPayload, QR_AREA.x + 2, QR_AREA.y + 2)).toEqual([255, 255, 255]);
    expect(await pixel(png.rawPayload, CODE_AREA.x + 2, CODE_AREA.y + CODE_AREA.height - 2)).toEqual([
      255, 255, 255,
    ]);
    expect(await pixel(png.rawPayload, DETAILS_AREA.x + DETAILS_AREA.width - 5, DETAILS_AREA.y + 5)).toEqual(
      YELLOW,
    );

    const one = await asBuyer(`${ev}/orders/${order.code}/positions/${second.id}/ticket.pdf`);
    expect(pdfPageCount(one.rawPayload)).toBe(1);
    expect(pdfText(one.rawPayload)).toContain("Jean Dupont");
    expect(pdfText(one.rawPayload)).not.toContain("Zoë Müller");
    expect((await asBuyer(`${ev}/orders/${order.code}/positions/999999/ticket.pdf`)).statusCode).toBe(404);

    const page = await buyer.browser.get(`/account/orders/${order.code}`);
    expect(page.body).toContain(`href="${tickets}"`);
    for (const code of printed) expect(page.body).toContain(`<code data-testid="ticket-code">${code}</code>`);
    // The live ticket page shows its ticket's code beside the changing QR.
    const live = [...page.body.matchAll(/href="(\/tickets\/live\/[^"]+)"/g)].map((m) => m[1] ?? "");
    expect(live).toHaveLength(2);
    const livePage = await t.app.inject({ url: live[1] ?? "", headers: { accept: "text/html" } });
    expect(livePage.statusCode).toBe(200);
    expect(livePage.body).toContain(`<code data-testid="ticket-code">${printed[1]}</code>`);
    expect(livePage.body).not.toContain(printed[0]);
    const adminPage = await t.app.inject({
      url: `/admin/organizers/org/events/series/orders/${order.code}`,
      headers: { ...adminHeaders, accept: "text/html" },
    });
    expect(adminPage.body).toContain(`href="${tickets}"`);
    for (const code of printed) expect(adminPage.body).toContain(code);

    // What the mail module attaches: every ticket of the order, labels in the order's language.
    const { id } = await t.ctx.db.kysely
      .selectFrom("orders")
      .select("id")
      .where("code", "=", order.code)
      .executeTakeFirstOrThrow();
    await t.ctx.db.kysely.updateTable("orders").set({ locale: "fr" }).where("id", "=", id).execute();
    const forMail = await renderOrderTicketsPdf(t.ctx.db, t.ctx.config.dataDir, t.ctx.config.timeZone, id);
    expect(pdfPageCount(forMail)).toBe(2);
    const french = pdfText(forMail);
    expect(french).toContain("Code de réservation");
    expect(french).toContain("Organisateur");
    expect(french).toContain("Code du billet");
    expect(french).toContain(printed[0]);
    expect(french).toContain("1 mars 2031, 20:00");

    // Without a template the default design is used, with the same white areas.
    await t.app.inject({
      method: "DELETE",
      url: `${ev}/ticket-types/${typeId}/template`,
      headers: adminHeaders,
    });
    const plain = await asBuyer(`${ev}/orders/${order.code}/positions/${first.id}/ticket.png`);
    expect(decodeQrPng(plain.rawPayload)).toBe(first.secret);
    expect(await pixel(plain.rawPayload, 5, 5)).not.toEqual(YELLOW);
  });

  it("keeps the tickets back while information blocking admission is missing", async () => {
    t = await createTestApp(dialect);
    const { call, ev, typeId, dateId } = await seedSeries(t);
    const field = (
      await call<{ id: number }>(
        "POST",
        `${ev}/ticket-types/${typeId}/fields`,
        { label: "Student card no.", kind: "text", blocks: "admission" },
        { expect: 201 },
      )
    ).body.id;
    const buyer = await member(t, "Ada", "ada@example.org");
    const booked = await t.app.inject({
      method: "POST",
      url: `${ev}/orders`,
      headers: buyer.json,
      payload: { positions: [{ ticket_type: typeId, date: dateId, attendee_name: "Ada" }] },
    });
    const order = booked.json<{ code: string; positions: { id: number }[] }>();
    await call("POST", `${ev}/orders/${order.code}/mark-paid`, undefined, { expect: 200 });
    const tickets = `${ev}/orders/${order.code}/tickets.pdf`;

    const held = await t.app.inject({ url: tickets, headers: { cookie: buyer.cookie } });
    expect(held.statusCode).toBe(409);
    expect(held.json().error.code).toBe("information_missing");
    expect((await buyer.browser.get(`/account/orders/${order.code}`)).body).not.toContain(tickets);
    expect((await t.app.inject({ url: tickets, headers: adminHeaders })).statusCode).toBe(200);

    const filled = await t.app.inject({
      method: "PUT",
      url: `${ev}/orders/${order.code}/positions/${order.positions[0]?.id}/information/${field}`,
      headers: buyer.json,
      payload: { value: "S-42" },
    });
    expect(filled.statusCode).toBe(200);
    const pdf = await t.app.inject({ url: tickets, headers: { cookie: buyer.cookie } });
    expect(pdf.statusCode).toBe(200);
    expect(pdfText(pdf.rawPayload)).toContain("Ada");
  });

  it("uploads and removes a template from the event's ticket types page, without JavaScript", async () => {
    t = await createTestApp(dialect);
    const { call, typeId } = await seedSeries(t);
    const organizer = await member(t, "Olga", "olga@example.org");
    await call(
      "POST",
      "/api/v1/organizers/org/grants",
      { grantee: "user", email: "olga@example.org", level: "full" },
      { expect: 201 },
    );
    const eventPage = "/admin/organizers/org/events/series/ticket-types";
    const action = `${eventPage}/${typeId}/template`;
    const page = await organizer.browser.get(eventPage);
    expect(page.body).toContain(`action="${action}" enctype="multipart/form-data"`);
    expect(page.body).toContain('href="/api/v1/ticket-template-sample.png"');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
    const post = (file: Buffer, fields: Record<string, string> = { _csrf: csrf }) => {
      const form = multipart(fields, { name: "template", type: "image/png", bytes: file });
      return t.app.inject({
        method: "POST",
        url: action,
        headers: {
          cookie: organizer.cookie,
          accept: "text/html",
          "content-type": form.type,
          "accept-language": "fr",
        },
        payload: form.body,
      });
    };

    expect((await post(await image(2480, 1169), {})).statusCode).toBe(403);
    const wrong = await post(await image(800, 600));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain("2480 × 1169");
    expect(wrong.body).toContain("800 × 600");
    expect(wrong.body).toContain(`href="${eventPage}#type-${typeId}"`);
    const saved = await post(await image(2480, 1169));
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${eventPage}?flash=flash.saved#type-${typeId}`);
    const files = fs.readdirSync(path.join(t.ctx.config.dataDir, "templates"));
    expect(files).toHaveLength(1);

    const after = await organizer.browser.get(eventPage);
    expect(after.body).toContain(`action="${action}/delete"`);
    const removed = await organizer.browser.submit(eventPage, `${action}/delete`, {});
    expect(removed.statusCode).toBe(303);
    expect(fs.readdirSync(path.join(t.ctx.config.dataDir, "templates"))).toEqual([]);
  });

  it("offers the sample template: the white areas marked, labels in the reader's language", async () => {
    t = await createTestApp(dialect);
    const sample = await t.app.inject({
      url: "/api/v1/ticket-template-sample.png",
      headers: { "accept-language": "de" },
    });
    expect(sample.statusCode).toBe(200);
    expect(sample.headers["content-type"]).toBe("image/png");
    const meta = await sharp(sample.rawPayload).metadata();
    expect([meta.width, meta.height]).toEqual([2480, 1169]);
    expect(await pixel(sample.rawPayload, QR_AREA.x + 40, QR_AREA.y + 40)).toEqual([255, 255, 255]);
    expect(await pixel(sample.rawPayload, DETAILS_AREA.x + 40, DETAILS_AREA.y + 40)).toEqual([255, 255, 255]);
    expect(await pixel(sample.rawPayload, 20, 20)).not.toEqual([255, 255, 255]);
  });
});
