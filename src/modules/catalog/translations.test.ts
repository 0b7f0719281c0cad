import { type ParsedMail, simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { superadmin } from "../../platform/auth/actor.js";
import { LANG_COOKIE } from "../../platform/http/request.js";
import { Browser, createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { pdfText } from "../../testing/documents.js";
import { startSmtpServer } from "../../testing/smtp.js";
import { adminHeaders, api, seedSeries } from "../../testing/ticketing.js";
import { orderInformation } from "../information/answers.js";
import { findOrderByCode } from "../orders/queries.js";
import { liveTicket } from "../tickets/live.js";

/**
 * Organizer texts per language (issue 23): what an organizer gives in German and French is what a German
 * and a French reader see in the shop, the mails, the PDF ticket, the live ticket and the questions; a
 * language without its own text shows the text as entered.
 */
describe.each(dialects)("organizer texts per language on %s", (dialect) => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let seeded: Awaited<ReturnType<typeof seedSeries>>;
  let call: ReturnType<typeof api>;
  let optionId = 0;
  let fieldId = 0;
  const mailsTo = async (address: string): Promise<ParsedMail[]> =>
    Promise.all(smtp.received.filter((m) => m.to.includes(address)).map((m) => simpleParser(m.raw)));

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp(dialect, { SMTP_URL: smtp.url });
    seeded = await seedSeries(t, { quota: 20, price: "12.50" });
    call = api(t);
    await call(
      "PATCH",
      seeded.ev,
      {
        translations: {
          de: { name: "Reihe", description: "Ein Abend **auf Deutsch**." },
          fr: { name: "Série" },
        },
      },
      { expect: 200 },
    );
    await call(
      "PATCH",
      `${seeded.ev}/ticket-types/${seeded.typeId}`,
      { translations: { de: { name: "Normalpreis" }, fr: { name: "Plein tarif" } } },
      { expect: 200 },
    );
    // The date has a German name only: a French reader sees it as entered.
    await call(
      "PATCH",
      `${seeded.ev}/dates/${seeded.dateId}`,
      { translations: { de: { name: "Erster Abend" } } },
      { expect: 200 },
    );
    const option = await call<{ id: number }>(
      "POST",
      `${seeded.ev}/ticket-types/${seeded.typeId}/options`,
      { name: "Programme booklet", price: "2.00", translations: { de: { name: "Programmheft" } } },
      { expect: 201 },
    );
    optionId = option.body.id;
    const field = await call<{ id: number }>(
      "POST",
      `${seeded.ev}/ticket-types/${seeded.typeId}/fields`,
      {
        label: "Dietary needs",
        kind: "text",
        required: false,
        translations: { de: { label: "Ernährungswünsche" }, fr: { label: "Régime alimentaire" } },
      },
      { expect: 201 },
    );
    fieldId = field.body.id;
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const page = async (headers: Record<string, string>) => {
    const res = await t.app.inject({ method: "GET", url: `/e/org/series/dates/${seeded.dateId}`, headers });
    expect(res.statusCode).toBe(200);
    return res.body;
  };

  it("returns what was stored through the API, and refuses unknown languages, fields and over-long texts", async () => {
    const types = await call<{ id: number; translations: unknown }[]>("GET", `${seeded.ev}/ticket-types`);
    expect(types.body.find((x) => x.id === seeded.typeId)?.translations).toEqual({
      de: { name: "Normalpreis" },
      fr: { name: "Plein tarif" },
    });
    const event = await call<{ translations: unknown }>("GET", seeded.ev);
    expect(event.body.translations).toEqual({
      de: { name: "Reihe", description: "Ein Abend **auf Deutsch**." },
      fr: { name: "Série" },
    });
    const options = await call<{ id: number; translations: unknown }[]>(
      "GET",
      `${seeded.ev}/ticket-types/${seeded.typeId}/options`,
    );
    expect(options.body.find((o) => o.id === optionId)?.translations).toEqual({
      de: { name: "Programmheft" },
    });
    const fields = await call<{ id: number; translations: unknown }[]>(
      "GET",
      `${seeded.ev}/ticket-types/${seeded.typeId}/fields`,
    );
    expect(fields.body.find((f) => f.id === fieldId)?.translations).toEqual({
      de: { label: "Ernährungswünsche" },
      fr: { label: "Régime alimentaire" },
    });

    const url = `${seeded.ev}/ticket-types/${seeded.typeId}`;
    for (const translations of [
      { es: { name: "Normal" } },
      { de: { colour: "Rot" } },
      { de: { name: "x".repeat(201) } },
      { de: "Normalpreis" },
    ]) {
      const refused = await call<{ error: { code: string } }>("PATCH", url, { translations });
      expect(refused.status, JSON.stringify(translations)).toBe(400);
      expect(refused.body.error.code).toBe("validation_failed");
    }
    const date = await call<{ error: { code: string } }>("PATCH", `${seeded.ev}/dates/${seeded.dateId}`, {
      translations: { xx: { name: "?" } },
    });
    expect(date.status).toBe(400);
    // Nothing refused was written.
    const after = await call<{ id: number; translations: unknown }[]>("GET", `${seeded.ev}/ticket-types`);
    expect(after.body.find((x) => x.id === seeded.typeId)?.translations).toEqual({
      de: { name: "Normalpreis" },
      fr: { name: "Plein tarif" },
    });
  });

  it("clears translations with null and keeps them when a change does not mention them", async () => {
    const group = await call<{ id: number; translations: unknown }>(
      "POST",
      `${seeded.ev}/ticket-types/${seeded.typeId}/option-groups`,
      { name: "Seat", translations: { fr: { name: "Place" } } },
      { expect: 201 },
    );
    expect(group.body.translations).toEqual({ fr: { name: "Place" } });
    const renamed = await call<{ translations: unknown }>(
      "PATCH",
      `${seeded.ev}/ticket-types/${seeded.typeId}/option-groups/${group.body.id}`,
      { name: "Seats" },
      { expect: 200 },
    );
    expect(renamed.body.translations).toEqual({ fr: { name: "Place" } });
    const cleared = await call<{ translations: unknown }>(
      "PATCH",
      `${seeded.ev}/ticket-types/${seeded.typeId}/option-groups/${group.body.id}`,
      { name: "Seats", translations: null },
      { expect: 200 },
    );
    expect(cleared.body.translations).toEqual({});
    await call(
      "DELETE",
      `${seeded.ev}/ticket-types/${seeded.typeId}/option-groups/${group.body.id}`,
      undefined,
      {
        expect: 204,
      },
    );
  });

  it("shows the shop in the reader's language, the text as entered where a language has none", async () => {
    const de = await page({ "accept-language": "de-DE,de;q=0.9" });
    for (const text of [
      "Reihe",
      "Normalpreis",
      "Erster Abend",
      "Programmheft",
      "<strong>auf Deutsch</strong>",
    ])
      expect(de, text).toContain(text);
    expect(de).not.toContain("Standard");

    const fr = await page({ "accept-language": "fr" });
    for (const text of ["Série", "Plein tarif", "First night", "Programme booklet"])
      expect(fr, text).toContain(text);
    expect(fr).not.toContain("Normalpreis");

    const en = await page({ "accept-language": "en" });
    for (const text of ["Series", "Standard", "First night", "Programme booklet"])
      expect(en, text).toContain(text);

    // The language switch (its cookie) wins over the browser's languages.
    const switched = await page({ "accept-language": "en", cookie: `${LANG_COOKIE}=de` });
    expect(switched).toContain("Normalpreis");
    const list = await t.app.inject({
      method: "GET",
      url: "/e/org/series",
      headers: { "accept-language": "fr" },
    });
    expect(list.body).toContain("Série");
  });

  async function book(email: string, language: string, options: number[] = []) {
    const res = await t.app.inject({
      method: "POST",
      url: `${seeded.ev}/orders`,
      headers: { ...adminHeaders, "accept-language": language },
      payload: {
        email,
        positions: [{ ticket_type: seeded.typeId, date: seeded.dateId, attendee_name: "Ada", options }],
      },
    });
    expect(res.statusCode).toBe(201);
    const code = res.json<{ code: string }>().code;
    const paid = await t.app.inject({
      method: "POST",
      url: `${seeded.ev}/orders/${code}/mark-paid`,
      headers: adminHeaders,
    });
    expect(paid.statusCode).toBe(200);
    await t.worker.drain();
    return code;
  }

  it("writes the booking and paid mails and the PDF ticket in the order's language", async () => {
    const code = await book("hanna@example.org", "de", [optionId]);
    const [confirmation, paid] = await mailsTo("hanna@example.org");
    expect(confirmation?.subject).toBe(`Ihre Buchung ${code} für Reihe`);
    expect(confirmation?.text).toContain("Normalpreis · ");
    // Options stay as booked: their names were copied into the order.
    expect(confirmation?.text).toContain("Programme booklet");
    const pdf = paid?.attachments[0]?.content ?? Buffer.alloc(0);
    const text = pdfText(pdf);
    for (const expected of ["Reihe", "Normalpreis", "Erster Abend"])
      expect(text, expected).toContain(expected);
    expect(text).not.toContain("Standard");

    const french = await book("jean@example.org", "fr");
    const [mail, paidFr] = await mailsTo("jean@example.org");
    expect(mail?.subject).toContain(`${french}`);
    expect(mail?.subject).toContain("Série");
    expect(mail?.text).toContain("Plein tarif");
    const textFr = pdfText(paidFr?.attachments[0]?.content ?? Buffer.alloc(0));
    expect(textFr).toContain("Plein tarif");
    // No French date name: the one entered.
    expect(textFr).toContain("First night");

    const english = await book("paul@example.org", "en");
    const [mailEn] = await mailsTo("paul@example.org");
    expect(mailEn?.subject).toBe(`Your booking ${english} for Series`);
    expect(mailEn?.text).toContain("Standard · ");
  });

  it("shows the buyer's order pages in their language, with the questions' labels", async () => {
    const buyer = new Browser(t.app);
    buyer.cookies.set(LANG_COOKIE, "de");
    const registered = await buyer.submit("/register", "/register", {
      name: "Hanna Buyer",
      email: "hanna.account@example.org",
      password: "a-long-password-1",
    });
    expect(registered.statusCode).toBe(303);
    const booked = await buyer.submit(`/e/org/series/dates/${seeded.dateId}`, "/e/org/series/book", {
      date: String(seeded.dateId),
      [`qty_${seeded.typeId}`]: "1",
      attendee_name: "Hanna",
    });
    expect(booked.statusCode).toBe(303);
    const location = String(booked.headers.location).split("?")[0] ?? "";
    const order = await buyer.get(location);
    expect(order.statusCode).toBe(200);
    for (const text of ["Reihe", "Normalpreis", "Erster Abend", "Ernährungswünsche"])
      expect(order.body, text).toContain(text);
    expect(order.body).not.toContain("Dietary needs");
    expect((await buyer.get("/account/orders")).body).toContain("Reihe");
  });

  it("names the live ticket and the questions in the reader's language", async () => {
    const code = await book("lea@example.org", "de");
    const event = await t.ctx.db.kysely.selectFrom("events").selectAll().executeTakeFirstOrThrow();
    const order = await findOrderByCode(t.ctx.db, event.id, code);
    const ticketId = order.positions[0]?.id ?? 0;
    expect(await liveTicket(t.ctx.db, { ticketId, code }, "de")).toMatchObject({
      event_name: "Reihe",
      type_name: "Normalpreis",
    });
    expect(await liveTicket(t.ctx.db, { ticketId, code }, "fr")).toMatchObject({
      event_name: "Série",
      type_name: "Plein tarif",
    });
    const labels = async (locale?: "de" | "fr") =>
      (await orderInformation(t.ctx.db, superadmin, event, order, locale)).positions[0]?.items.map(
        (i) => i.field.label,
      );
    expect(await labels("de")).toEqual(["Ernährungswünsche"]);
    expect(await labels("fr")).toEqual(["Régime alimentaire"]);
    expect(await labels()).toEqual(["Dietary needs"]);
  });

  it("lets an option's translations change once it was booked (positions keep their own name)", async () => {
    const url = `${seeded.ev}/ticket-types/${seeded.typeId}/options/${optionId}`;
    const changed = await call<{ translations: unknown }>(
      "PATCH",
      url,
      { translations: { de: { name: "Programmheftchen" }, fr: { name: "Livret" } } },
      { expect: 200 },
    );
    expect(changed.body.translations).toEqual({ de: { name: "Programmheftchen" }, fr: { name: "Livret" } });
    // Its name and price still may not: what was sold stays what it is.
    expect((await call("PATCH", url, { name: "Booklet" })).status).toBe(409);
  });
});
