import { type ParsedMail, simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LANG_COOKIE } from "../../platform/http/request.js";
import { Browser, createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { pdfText } from "../../testing/documents.js";
import { organizerOwner } from "../../testing/guestcards.js";
import { startSmtpServer } from "../../testing/smtp.js";
import { adminHeaders as admin, seedSeries } from "../../testing/ticketing.js";
import { logOrder } from "../audit/order-log.js";
import { presentOrderLog } from "../audit/order-log-presenter.js";
import { renderOrderTicketsPdf } from "../tickets/render.js";
import { findOrderByCode } from "./queries.js";

const VENUE = "Stadthalle\nHauptstraße 1\n10115 Berlin";
const TOUR_VENUE = "Kulturhaus\nMarkt 2\n04109 Leipzig";
const IBAN = "IBAN DE02 1203 0000 0000 2020 51 · BIC BYLADEM1001";

/** What a buyer reads about an order (issue 23): mails, ticket, order pages and the order log. */
describe.each(dialects)("what a buyer reads on %s", (dialect) => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let seeded: Awaited<ReturnType<typeof seedSeries>>;
  let buyer: Browser;
  let code: string;
  let tourDate: number;
  const mailsTo = async (address: string): Promise<ParsedMail[]> =>
    Promise.all(smtp.received.filter((m) => m.to.includes(address)).map((m) => simpleParser(m.raw)));
  const cookie = (lang: string) =>
    `${[...buyer.cookies].map(([k, v]) => `${k}=${v}`).join("; ")}; ${LANG_COOKIE}=${lang}`;
  const orderId = async (c: string) => {
    const event = await t.ctx.db.kysely.selectFrom("events").select("id").executeTakeFirstOrThrow();
    return (await findOrderByCode(t.ctx.db, event.id, c)).id;
  };
  const adminPage = (c: string, lang: string) =>
    t.app.inject({
      url: `/admin/organizers/org/events/series/orders/${c}`,
      headers: { ...admin, accept: "text/html", cookie: `${LANG_COOKIE}=${lang}` },
    });

  async function book(lang: string, positions: { date: number }[], voucher?: string) {
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await buyer.get("/account")).body)?.[1] ?? "";
    const res = await t.app.inject({
      method: "POST",
      url: `${seeded.ev}/orders`,
      headers: { cookie: cookie(lang), "x-csrf-token": csrf, "content-type": "application/json" },
      payload: {
        ...(voucher ? { voucher } : {}),
        positions: positions.map((p) => ({ ticket_type: seeded.typeId, date: p.date, attendee_name: "Lea" })),
      },
    });
    expect(res.statusCode).toBe(201);
    return res.json<{ code: string }>().code;
  }

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp(dialect, { SMTP_URL: smtp.url, PUBLIC_URL: "https://tickets.example.org" });
    seeded = await seedSeries(t, { price: "25.00" });
    const { call, ev } = seeded;
    const transfer = await call<{ id: number }>(
      "POST",
      "/api/v1/organizers/org/payment-accounts",
      { provider: "manual", description: "Bank transfer", instructions: `Org e.V.\n${IBAN}` },
      { expect: 201 },
    );
    await call(
      "PATCH",
      ev,
      {
        time_zone: "Europe/Berlin",
        venue: ` ${VENUE.replaceAll("\n", "\r\n\r\n")} `,
        payment_accounts: [transfer.body.id],
      },
      { expect: 200 },
    );
    tourDate = (
      await call<{ id: number; venue: string | null }>(
        "POST",
        `${ev}/dates`,
        { name: "On tour", starts_at: "2031-03-08T19:00:00Z", venue: TOUR_VENUE },
        { expect: 201 },
      )
    ).body.id;
    await call(
      "POST",
      `${ev}/quotas`,
      { name: "Tour", size: 10, ticket_types: [seeded.typeId], date: tourDate },
      { expect: 201 },
    );
    await call(
      "POST",
      `${ev}/ticket-types/${seeded.typeId}/fields`,
      { label: "Date of birth", kind: "date", required: true, blocks: "admission" },
      { expect: 201 },
    );
    await call(
      "POST",
      `${ev}/vouchers`,
      { code: "FRIEND20", price_mode: "percent", value: 20, max_usages: 10 },
      { expect: 201 },
    );
    buyer = new Browser(t.app);
    await buyer.submit("/register", "/register", {
      name: "Lea Buyer",
      email: "lea@example.org",
      password: "correct-horse-1",
    });
    code = await book("de", [{ date: seeded.dateId }, { date: seeded.dateId }], "FRIEND20");
    await t.worker.drain();
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it("keeps the venue of the event and of a date on tour, trimmed, through the API", async () => {
    const event = await seeded.call<{ venue: string }>("GET", seeded.ev, undefined, { expect: 200 });
    expect(event.body.venue).toBe(VENUE);
    const dates = await seeded.call<{ id: number; venue: string | null }[]>("GET", `${seeded.ev}/dates`);
    expect(dates.body.find((d) => d.id === tourDate)?.venue).toBe(TOUR_VENUE);
    expect(dates.body.find((d) => d.id === seeded.dateId)?.venue).toBeNull();
    const tooLong = await seeded.call("PATCH", seeded.ev, { venue: "x".repeat(501) });
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(tooLong.body)).toContain("venue");
  });

  it("shows the venue on the shop's pages: the event's, and a date's own on tour", async () => {
    const list = await t.app.inject({ url: "/e/org/series", headers: { "accept-language": "de" } });
    expect(list.body).toContain("Stadthalle<br>Hauptstraße 1<br>10115 Berlin");
    expect(list.body).toContain("Kulturhaus, Markt 2, 04109 Leipzig");
    const home = await t.app.inject({ url: `/e/org/series/dates/${seeded.dateId}` });
    expect(home.body).toContain("Stadthalle<br>Hauptstraße 1<br>10115 Berlin");
    const away = await t.app.inject({ url: `/e/org/series/dates/${tourDate}` });
    expect(away.body).toContain("Kulturhaus<br>Markt 2<br>04109 Leipzig");
    expect(away.body).not.toContain("Stadthalle");
  });

  it("lets the organizer edit the venues in the event settings and date forms", async () => {
    const owner = await organizerOwner(t, "org");
    const event = "/admin/organizers/org/events/series";
    const form = await owner.get(`${event}/settings`);
    expect(form.body).toContain('<label for="f-settings-venue">Venue</label>');
    expect(form.body).toContain(`>${VENUE}</textarea>`);
    const tooLong = await owner.submit(`${event}/settings`, `${event}/settings`, {
      name: "Series",
      venue: "x".repeat(501),
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain('id="f-settings-venue-error"');
    const edit = await owner.get(`${event}/dates/${tourDate}/edit`);
    expect(edit.body).toContain(`>${TOUR_VENUE}</textarea>`);
    const moved = await owner.submit(`${event}/dates/${tourDate}/edit`, `${event}/dates/${tourDate}/edit`, {
      name: "On tour",
      starts_at: "2031-03-08T20:00",
      venue: "Kulturhaus\nMarkt 2\n04109 Leipzig",
      location: "Saal 2",
    });
    expect(moved.statusCode).toBe(303);
    const row = await t.ctx.db.kysely
      .selectFrom("event_dates")
      .select(["venue", "location"])
      .where("id", "=", tourDate)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ venue: TOUR_VENUE, location: "Saal 2" });
  });

  it("sends a booking mail with the venue, the zone, the bank details, the voucher and the open questions", async () => {
    const mail = (await mailsTo("lea@example.org")).find((m) => m.subject?.includes(code));
    const text = mail?.text ?? "";
    expect(mail?.subject).toBe(`Ihre Buchung ${code} für Series`);
    expect(text).toContain("Veranstaltungsort:");
    expect(text).toContain("Stadthalle, Hauptstraße 1, 10115 Berlin");
    expect(text).toContain("Europe/Berlin");
    // 1 March 2031, 19:00 UTC is 20:00 in Berlin (winter time), and says so.
    expect(text).toMatch(/01\.03\.2031, 20:00 MEZ/);
    expect(text).toContain("Zahlung per Überweisung:");
    expect(text).toContain(IBAN);
    expect(text).toMatch(new RegExp(`Betrag: 40,00\\s€\\. Verwendungszweck: ${code}`));
    expect(text).toContain("FRIEND20");
    expect(text).toMatch(/20,00\s€ statt 25,00\s€/);
    expect(text).toContain("Pflichtfragen (2 offen)");
    expect(text).toContain(`https://tickets.example.org/account/orders/${code}#h-info`);
    expect(mail?.html).toContain(IBAN);
  });

  it("names each ticket's venue when a booking spans the stops of a tour, in French", async () => {
    const tour = await book("fr", [{ date: seeded.dateId }, { date: tourDate }]);
    await t.worker.drain();
    const mail = (await mailsTo("lea@example.org")).find((m) => m.subject?.includes(tour));
    const text = mail?.text ?? "";
    expect(mail?.subject).toBe(`Votre réservation ${tour} pour Series`);
    expect(text).toContain("Stadthalle, Hauptstraße 1, 10115 Berlin");
    expect(text).toContain("Kulturhaus, Markt 2, 04109 Leipzig");
    expect(text).toContain("Heures en");
    expect(text).toContain("Pour payer par virement :");
    expect(text).toMatch(new RegExp(`Montant : 50,00\\s€\\. Référence : ${tour}`));
    expect(text).not.toContain("au lieu de");
  });

  it("prints the venue and the zone on the PDF ticket", async () => {
    const pdf = await renderOrderTicketsPdf(t.ctx.db, t.ctx.config.dataDir, "UTC", await orderId(code));
    const text = pdfText(pdf).replace(/\s+/g, " ");
    expect(text).toContain("Ort: Stadthalle, Hauptstraße 1, 10115 Berlin");
    expect(text).toContain("(Europe/Berlin)");
    expect(text).toMatch(/20:00 MEZ/);
  });

  it("shows the voucher and each ticket's regular and paid price on the buyer's page, with the log as sentences", async () => {
    const page = await buyer.get(`/account/orders/${code}`, { cookie: cookie("de") });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<code data-testid="voucher-code">FRIEND20</code>');
    expect(page.body).toMatch(/Rabatt −10,00\s€/);
    expect(page.body).toMatch(/<s>25,00\s€<\/s>/);
    expect(page.body).toMatch(/Bezahlter Preis: <\/span>20,00\s€/);
    expect(page.body).toContain("Stadthalle<br>Hauptstraße 1<br>10115 Berlin");
    expect(page.body).toContain("Verlauf");
    expect(page.body).toMatch(/Lea Buyer \(buchende Person\) hat 2 Tickets für 40,00\s€ bestellt\./);
    expect(page.body).not.toMatch(/\{&quot;|\{"|user:\d/);
  });

  it("reads the admin's order log as sentences in German and French, staff named, no raw JSON", async () => {
    const paid = await t.app.inject({
      method: "POST",
      url: `${seeded.ev}/orders/${code}/mark-paid`,
      headers: admin,
    });
    expect(paid.statusCode).toBe(200);
    const de = await adminPage(code, "de");
    expect(de.statusCode).toBe(200);
    const log = (body: string) =>
      /data-testid="order-log">([\s\S]*?)<\/ol>/.exec(body)?.[1]?.replace(/<[^>]+>/g, " ") ?? "";
    expect(log(de.body)).toMatch(/Lea Buyer \(buchende Person\) hat 2 Tickets für 40,00\s€ bestellt\./);
    expect(log(de.body)).toContain("Eine Plattform-Administration hat die Bestellung als bezahlt markiert.");
    expect(log(de.body)).toMatch(/MEZ/);
    expect(de.body).toContain('<code data-testid="voucher-code">FRIEND20</code>');
    expect(de.body).toMatch(/<s>25,00\s€<\/s>/);
    const fr = await adminPage(code, "fr");
    expect(log(fr.body)).toMatch(
      /Lea Buyer \(titulaire de la commande\) a commandé 2 billets pour 40,00\s€\./,
    );
    expect(log(fr.body)).toContain("L’administration de la plateforme a marqué la commande comme payée.");
    for (const body of [de.body, fr.body]) {
      expect(log(body)).not.toMatch(/[{}]|&quot;|user:\d|placed|paid\b/);
    }
    // The buyer reads staff as the organizer, never their names.
    const mine = await buyer.get(`/account/orders/${code}`, { cookie: cookie("fr") });
    expect(mine.body).toContain("L’organisateur a marqué la commande comme payée.");
  });

  it("names people when read, anonymous once erased; an unknown action still reads as a sentence", async () => {
    const id = await orderId(code);
    await logOrder(t.ctx.db.kysely, id, "token:4242", "stripe_checkout_started", { session: "cs_1" });
    const entries = await t.ctx.db.kysely
      .selectFrom("order_log")
      .select(["actor", "action", "details", "created_at"])
      .where("order_id", "=", id)
      .orderBy("id")
      .execute();
    const reader = {
      locale: "de" as const,
      currency: "EUR",
      timeZone: "Europe/Berlin",
      buyerUserId: (
        await t.ctx.db.kysely
          .selectFrom("orders")
          .select("user_id")
          .where("id", "=", id)
          .executeTakeFirstOrThrow()
      ).user_id,
      audience: "staff" as const,
    };
    const before = await presentOrderLog(t.ctx.db, entries, reader);
    expect(before.at(-1)?.sentence).toBe("API-Token „#4242“: Stripe checkout started.");
    await t.ctx.db.kysely
      .updateTable("users")
      .set({ anonymized_at: new Date().toISOString() })
      .where("email", "=", "lea@example.org")
      .execute();
    const after = await presentOrderLog(t.ctx.db, entries, reader);
    expect(after[0]?.sentence).toMatch(/^Anonym \(buchende Person\) hat 2 Tickets für 40,00\s€ bestellt\.$/);
    expect(after.map((e) => e.sentence).join(" ")).not.toContain("Lea");
  });
});
