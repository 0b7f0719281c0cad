import { type ParsedMail, simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browser, createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { pdfText } from "../../testing/documents.js";
import { startSmtpServer } from "../../testing/smtp.js";
import { adminHeaders, seedSeries } from "../../testing/ticketing.js";

// Intl separates "2:00" and "PM" by a narrow no-break space; a reader sees a space.
const spaced = (text: string | undefined) => (text ?? "").replace(/\s+/g, " ");

describe.each(dialects)("an organizer in New York on %s", (dialect) => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let seeded: Awaited<ReturnType<typeof seedSeries>>;
  const mailsTo = async (address: string): Promise<ParsedMail[]> =>
    Promise.all(smtp.received.filter((m) => m.to.includes(address)).map((m) => simpleParser(m.raw)));

  beforeAll(async () => {
    smtp = await startSmtpServer();
    // The platform runs on Berlin time; the organizer's events are in New York.
    t = await createTestApp(dialect, { SMTP_URL: smtp.url, TIME_ZONE: "Europe/Berlin" });
    seeded = await seedSeries(t, { slug: "nyc" });
    await seeded.call("PATCH", "/api/v1/organizers/nyc", { time_zone: "America/New_York" }, { expect: 200 });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  async function paidOrder(email: string, language: string) {
    const res = await t.app.inject({
      method: "POST",
      url: `${seeded.ev}/orders`,
      headers: { ...adminHeaders, "accept-language": language },
      payload: {
        email,
        positions: [{ ticket_type: seeded.typeId, date: seeded.dateId, attendee_name: "Ada" }],
      },
    });
    const { code } = res.json<{ code: string }>();
    await seeded.call("POST", `${seeded.ev}/orders/${code}/mark-paid`, undefined, { expect: 200 });
    await t.worker.drain();
    return code;
  }

  // The first night starts at 2031-03-01T19:00:00Z: 2 PM in New York (EST), 8 PM in Berlin.
  it("writes the New York time, its zone named, in the mail and on the ticket PDF", async () => {
    const code = await paidOrder("ada@example.org", "en");
    const [confirmation, paid] = await mailsTo("ada@example.org");
    expect(spaced(confirmation?.text)).toContain("Standard · Mar 1, 2031, 2:00 PM EST · Ada");
    expect(spaced(paid?.text)).toContain("Mar 1, 2031, 2:00 PM EST");
    const pdf = paid?.attachments[0]?.content ?? Buffer.alloc(0);
    expect(spaced(pdfText(pdf))).toContain("Mar 1, 2031, 2:00 PM EST");
    expect(spaced(pdfText(pdf))).not.toContain("8:00 PM");
    // The download the account page links to is the same document.
    const download = await t.app.inject({
      method: "GET",
      url: `${seeded.ev}/orders/${code}/tickets.pdf`,
      headers: adminHeaders,
    });
    expect(spaced(pdfText(download.rawPayload))).toContain("Mar 1, 2031, 2:00 PM EST");
  });

  it("names the zone as the buyer's language writes it", async () => {
    await paidOrder("hanna@example.org", "de");
    const [mail] = await mailsTo("hanna@example.org");
    expect(spaced(mail?.text)).toContain("01.03.2031, 14:00 GMT-5");
  });

  it("shows the organizer's pages the event's local time", async () => {
    const code = await paidOrder("paul@example.org", "en");
    const page = await new Browser(t.app).get(
      `/admin/organizers/nyc/events/series/orders/${code}`,
      adminHeaders,
    );
    const order = await t.ctx.db.kysely
      .selectFrom("orders")
      .select("created_at")
      .where("code", "=", code)
      .executeTakeFirstOrThrow();
    const placed = (timeZone: string) =>
      spaced(
        new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone }).format(
          new Date(order.created_at),
        ),
      );
    expect(spaced(page.body)).toContain(`<dt>Placed</dt><dd>${placed("America/New_York")}</dd>`);
    expect(placed("America/New_York")).not.toBe(placed("Europe/Berlin"));
  });
});
