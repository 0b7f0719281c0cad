import { type ParsedMail, simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isoNow } from "../../platform/time.js";
import { createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { decodeQrPng, pdfPagePng } from "../../testing/documents.js";
import { startSmtpServer } from "../../testing/smtp.js";
import { adminHeaders, seedSeries } from "../../testing/ticketing.js";
import { applyReceivedPayment } from "../payments/ledger.js";
import { findOrderByCode } from "./queries.js";

describe.each(dialects)("order mails on %s", (dialect) => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let seeded: Awaited<ReturnType<typeof seedSeries>>;
  const mailsTo = async (address: string): Promise<ParsedMail[]> =>
    Promise.all(smtp.received.filter((m) => m.to.includes(address)).map((m) => simpleParser(m.raw)));

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp(dialect, { SMTP_URL: smtp.url, PUBLIC_URL: "https://tickets.example.org" });
    seeded = await seedSeries(t, { quota: 10, price: "12.50" });
    // An organizer member and a platform admin: the two people an opposition notice must reach.
    const now = isoNow();
    const staff = await t.ctx.db.kysely
      .insertInto("users")
      .values([
        {
          email: "owner@org.example",
          name: "Owner",
          password_hash: null,
          kind: "external",
          is_platform_admin: 0,
          locale: "fr",
          school: null,
          class_year: null,
          created_at: now,
          last_login_at: null,
        },
        {
          email: "root@platform.example",
          name: "Root",
          password_hash: null,
          kind: "internal",
          is_platform_admin: 1,
          locale: null,
          school: null,
          class_year: null,
          created_at: now,
          last_login_at: null,
        },
      ])
      .returning("id")
      .execute();
    const org = await t.ctx.db.kysely.selectFrom("organizers").select("id").executeTakeFirstOrThrow();
    await t.ctx.db.kysely
      .insertInto("organizer_members")
      .values({ organizer_id: org.id, user_id: staff[0]?.id ?? 0, role: "owner", created_at: now })
      .execute();
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  async function book(email: string, language: string) {
    const res = await t.app.inject({
      method: "POST",
      url: `${seeded.ev}/orders`,
      headers: { ...adminHeaders, "accept-language": language },
      payload: {
        email,
        positions: [{ ticket_type: seeded.typeId, date: seeded.dateId, attendee_name: "Ada" }],
      },
    });
    expect(res.statusCode).toBe(201);
    return res.json<{ code: string }>().code;
  }

  it("confirms a booking in the buyer's language, as text and HTML, with the booking code and what to pay", async () => {
    const code = await book("hanna@example.org", "de-DE,de;q=0.9");
    await t.worker.drain();
    const [mail] = await mailsTo("hanna@example.org");
    expect(mail?.subject).toBe(`Ihre Buchung ${code} für Series`);
    expect(mail?.text).toContain("Buchungscode");
    expect(mail?.text).toContain(code);
    expect(mail?.text).toMatch(/12,50\s€/);
    expect(mail?.text).toContain("Standard · ");
    expect(mail?.html).toContain(`<td style="padding:2px 0">${code}</td>`);
    expect(mail?.attachments).toHaveLength(0);
  });

  it("tells the buyer when the payment arrived", async () => {
    const code = await book("paul@example.org", "en");
    const paid = await t.app.inject({
      method: "POST",
      url: `${seeded.ev}/orders/${code}/mark-paid`,
      headers: adminHeaders,
    });
    expect(paid.statusCode).toBe(200);
    await t.worker.drain();
    const mails = await mailsTo("paul@example.org");
    expect(mails.map((m) => m.subject)).toEqual([
      `Your booking ${code} for Series`,
      `Payment received: booking ${code}`,
    ]);
    expect(mails[1]?.text).toContain("we have received your payment of €12.50 for Series.");
    const [attachment] = mails[1]?.attachments ?? [];
    expect(attachment?.filename).toBe(`tickets-${code}.pdf`);
    expect(attachment?.contentType).toBe("application/pdf");
    const event = await t.ctx.db.kysely.selectFrom("events").select("id").executeTakeFirstOrThrow();
    const order = await findOrderByCode(t.ctx.db, event.id, code);
    expect(decodeQrPng(pdfPagePng(attachment?.content ?? Buffer.alloc(0)))).toBe(order.positions[0]?.secret);
  });

  it("puts a mismatching payment in opposition and warns the buyer, the organizer and the platform admins", async () => {
    const code = await book("eve@example.org", "en");
    const event = await t.ctx.db.kysely.selectFrom("events").select("id").executeTakeFirstOrThrow();
    const order = await findOrderByCode(t.ctx.db, event.id, code);
    const account = await t.ctx.db.kysely
      .insertInto("payment_accounts")
      .values({
        organizer_id: (await t.ctx.db.kysely.selectFrom("organizers").select("id").executeTakeFirstOrThrow())
          .id,
        provider: "paypal",
        description: "PayPal",
        settings: "{}",
        sealed_secrets: null,
        created_at: isoNow(),
        retired_at: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const result = await applyReceivedPayment(t.ctx.db, order, {
      provider: "paypal",
      accountId: account.id,
      reference: "TXN-1",
      amountMinor: 100,
      currency: "EUR",
      details: {},
      problems: [],
    });
    expect(result).toEqual({ outcome: "mismatch", problems: ["amount"] });
    expect((await findOrderByCode(t.ctx.db, event.id, code)).status).toBe("opposed");
    await t.worker.drain();
    const [owner] = (await mailsTo("owner@org.example")).filter((m) => m.subject?.includes(code));
    expect(owner?.subject).toBe(`Commande ${code} mise en opposition (Series)`);
    expect(owner?.text).toContain("(amount)");
    expect(owner?.text).toContain(
      `https://tickets.example.org/admin/organizers/org/events/series/orders/${code}`,
    );
    const [root] = (await mailsTo("root@platform.example")).filter((m) => m.subject?.includes(code));
    expect(root?.subject).toBe(`Order ${code} put in opposition (Series)`);
    const buyer = (await mailsTo("eve@example.org")).map((m) => m.subject);
    expect(buyer).toContain(`Your booking ${code} needs attention`);
  });
});
