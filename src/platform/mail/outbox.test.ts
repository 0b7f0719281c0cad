import { afterEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { adminHeaders, seedSeries } from "../../testing/ticketing.js";

describe.each(dialects)("mail outbox on %s", (dialect) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("keeps mails in DATA_DIR when no SMTP server is configured and lists them for platform admins", async () => {
    t = await createTestApp(dialect);
    const { call, ev, typeId, dateId } = await seedSeries(t);
    const order = await call<{ code: string }>(
      "POST",
      `${ev}/orders`,
      { email: "zoe@example.org", positions: [{ ticket_type: typeId, date: dateId }] },
      { expect: 201, headers: { ...adminHeaders, "accept-language": "fr" } },
    );
    await t.worker.drain();
    const page = await t.app.inject({ url: "/admin/outbox", headers: adminHeaders });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("zoe@example.org");
    expect(page.body).toContain(`Votre réservation ${order.body.code} pour Series`);
    const file = /href="\/admin\/outbox\/([\w.-]+\.eml)"/.exec(page.body)?.[1];
    const mail = await t.app.inject({ url: `/admin/outbox/${file}`, headers: adminHeaders });
    expect(mail.headers["content-type"]).toContain("message/rfc822");
    expect(mail.body).toContain("Content-Type: text/html");
    expect(
      (await t.app.inject({ url: "/admin/outbox/..%2Fsecrets.json", headers: adminHeaders })).statusCode,
    ).toBe(404);
    expect((await t.app.inject({ url: "/admin/outbox" })).statusCode).toBe(303);
  });
});
