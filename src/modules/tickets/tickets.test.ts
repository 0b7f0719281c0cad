import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import { Browser, createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { decodeQrPng, pdfPageCount, pdfPagePng, pdfText } from "../../testing/documents.js";
import { adminHeaders, seedSeries } from "../../testing/ticketing.js";
import { renderOrderTicketsPdf } from "./render.js";

async function image(width: number, height: number, format: "png" | "jpeg" = "png") {
  const base = sharp({ create: { width, height, channels: 3, background: "#f6d365" } });
  return format === "png" ? base.png().toBuffer() : base.jpeg().toBuffer();
}

describe.each(dialects)("ticket documents on %s", (dialect) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("checks templates, renders PDF and PNG with a QR code that decodes to the ticket secret, and guards downloads", async () => {
    t = await createTestApp(dialect);
    const { call, ev, typeId, dateId } = await seedSeries(t, { price: "20.00" });
    const template = `${ev}/ticket-types/${typeId}/template`;
    const put = (body: Buffer, type: string) =>
      t.app.inject({
        method: "PUT",
        url: template,
        headers: { ...adminHeaders, "content-type": type },
        payload: body,
      });

    const portrait = await put(await image(1169, 2480), "image/png");
    expect(portrait.statusCode).toBe(400);
    expect(portrait.json().error.code).toBe("template_size");
    expect(portrait.json().error.message).toContain("2480 × 1169");
    const garbage = await put(Buffer.from("not an image at all"), "image/png");
    expect(garbage.statusCode).toBe(415);
    expect(garbage.json().error.code).toBe("template_type");
    const templates = path.join(t.database.dataDir, "templates");
    expect(fs.existsSync(templates) ? fs.readdirSync(templates) : []).toEqual([]);

    expect((await put(await image(2480, 1169, "jpeg"), "image/jpeg")).statusCode).toBe(204);
    expect((await put(await image(2480, 1169), "image/png")).statusCode).toBe(204);
    expect(fs.readdirSync(templates)).toHaveLength(1); // the replaced one is gone
    const stored = await t.app.inject({ url: template, headers: adminHeaders });
    expect(stored.headers["content-type"]).toBe("image/png");
    expect((await sharp(stored.rawPayload).metadata()).width).toBe(2480);

    await call(
      "POST",
      `${ev}/ticket-types/${typeId}/options`,
      { name: "Shuttle bus", price: "3.00" },
      { expect: 201 },
    );
    const option = (await call<{ id: number }[]>("GET", `${ev}/ticket-types/${typeId}/options`)).body[0];

    // The buyer: an account whose order is first pending, then paid.
    const buyer = new Browser(t.app);
    await buyer.submit("/register", "/register", {
      name: "Zoë Müller",
      email: "zoe@example.org",
      password: "correct-horse-1",
    });
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await buyer.get("/account")).body)?.[1] ?? "";
    const cookie = [...buyer.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const booked = await t.app.inject({
      method: "POST",
      url: `${ev}/orders`,
      headers: { cookie, "x-csrf-token": csrf, "content-type": "application/json" },
      payload: {
        positions: [
          { ticket_type: typeId, date: dateId, attendee_name: "Zoë Müller", options: [option?.id] },
          { ticket_type: typeId, date: dateId, attendee_name: "Jean Dupont" },
        ],
      },
    });
    expect(booked.statusCode).toBe(201);
    const order = booked.json<{ code: string; positions: { id: number; secret: string }[] }>();
    const tickets = `${ev}/orders/${order.code}/tickets.pdf`;
    const asBuyer = (url: string) => t.app.inject({ url, headers: { cookie } });

    const early = await asBuyer(tickets);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe("tickets_unavailable");
    expect((await t.app.inject({ url: tickets })).statusCode).toBe(404);
    expect((await t.app.inject({ url: tickets, headers: adminHeaders })).statusCode).toBe(200);

    await call("POST", `${ev}/orders/${order.code}/mark-paid`, undefined, { expect: 200 });
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
    ])
      expect(text).toContain(expected);
    expect(decodeQrPng(pdfPagePng(pdf.rawPayload, 1))).toBe(order.positions[0]?.secret);
    expect(decodeQrPng(pdfPagePng(pdf.rawPayload, 2))).toBe(order.positions[1]?.secret);

    const second = order.positions[1];
    const png = await asBuyer(`${ev}/orders/${order.code}/positions/${second?.id}/ticket.png`);
    expect(png.headers["content-type"]).toBe("image/png");
    const meta = await sharp(png.rawPayload).metadata();
    expect([meta.width, meta.height]).toEqual([2480, 1169]);
    expect(decodeQrPng(png.rawPayload)).toBe(second?.secret);
    // The template's own colour survives outside the white areas.
    const corner = await sharp(png.rawPayload)
      .extract({ left: 5, top: 5, width: 1, height: 1 })
      .raw()
      .toBuffer();
    expect([...corner].slice(0, 3)).toEqual([0xf6, 0xd3, 0x65]);

    const one = await asBuyer(`${ev}/orders/${order.code}/positions/${second?.id}/ticket.pdf`);
    expect(pdfPageCount(one.rawPayload)).toBe(1);
    expect((await asBuyer(`${ev}/orders/${order.code}/positions/999999/ticket.pdf`)).statusCode).toBe(404);

    const event = await t.ctx.db.kysely
      .selectFrom("orders")
      .select("id")
      .where("code", "=", order.code)
      .executeTakeFirstOrThrow();
    const forMail = await renderOrderTicketsPdf(
      t.ctx.db,
      t.ctx.config.dataDir,
      t.ctx.config.timeZone,
      event.id,
    );
    expect(pdfPageCount(forMail)).toBe(2);

    const page = await buyer.get(`/account/orders/${order.code}`);
    expect(page.body).toContain(`href="${tickets}"`);
    const sample = await t.app.inject({ url: "/api/v1/ticket-template-sample.png" });
    expect((await sharp(sample.rawPayload).metadata()).width).toBe(2480);
    expect((await t.app.inject({ method: "DELETE", url: template, headers: adminHeaders })).statusCode).toBe(
      204,
    );
    expect(fs.readdirSync(templates)).toEqual([]);
  });
});
