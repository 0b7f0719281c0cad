import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlatformAdmin } from "../../modules/accounts/service.js";
import { ORDER_MAIL_JOB } from "../../modules/orders/mails.js";
import { backoffMs } from "../../platform/jobs/queue.js";
import { MAIL_MAX_ATTEMPTS, queueMail, SEND_MAIL_JOB } from "../../platform/mail/jobs.js";
import { Browser, createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { registeredPerson } from "../../testing/privacy.js";
import { startFaultySmtp } from "../../testing/smtp-faults.js";
import { adminHeaders, seedSeries } from "../../testing/ticketing.js";

describe.each(dialects)("undelivered mail on %s", (dialect) => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startFaultySmtp>>;
  beforeAll(async () => {
    smtp = await startFaultySmtp("refused");
    t = await createTestApp(dialect, { SMTP_URL: smtp.url, SMTP_TIMEOUT_MS: "500" });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const mailJobs = () =>
    t.ctx.db.kysely
      .selectFrom("jobs")
      .selectAll()
      .where("kind", "in", [SEND_MAIL_JOB, ORDER_MAIL_JOB])
      .orderBy("id")
      .execute();
  // The backoff is the queue's; the test lets that time pass instead of waiting it out.
  const timePasses = () =>
    t.ctx.db.kysely
      .updateTable("jobs")
      .set({ run_at: new Date(Date.now() - 1000).toISOString() })
      .where("status", "=", "pending")
      .execute();
  const signedIn = async (email: string) => {
    await createPlatformAdmin(t.ctx.db, { email, name: "Platform Admin", password: `${email}-password` });
    const browser = new Browser(t.app);
    const login = await browser.submit("/login", "/login", { email, password: `${email}-password` });
    expect(login.statusCode).toBe(303);
    return browser;
  };
  let code = "";

  it("retries a mail with growing backoff while SMTP is down, then lists it as undelivered", async () => {
    const { call, ev, typeId, dateId } = await seedSeries(t);
    const order = await call<{ code: string }>(
      "POST",
      `${ev}/orders`,
      { email: "ines@example.org", positions: [{ ticket_type: typeId, date: dateId }] },
      { expect: 201 },
    );
    code = order.body.code;
    await queueMail(t.ctx.db, { to: "reset@example.org", subject: "Your reset link", text: "…" });

    for (let attempt = 1; attempt < MAIL_MAX_ATTEMPTS; attempt++) {
      // The last tries meet a server that accepts and never greets.
      if (attempt === MAIL_MAX_ATTEMPTS - 2) await smtp.set("silent");
      expect(await t.worker.drain()).toBe(2);
      for (const job of await mailJobs()) {
        expect(job).toMatchObject({ status: "pending", attempts: attempt });
        const waits = Date.parse(job.run_at) - Date.parse(job.updated_at);
        expect(Math.abs(waits - backoffMs(attempt))).toBeLessThan(50);
      }
      await timePasses();
    }
    expect(await t.worker.drain()).toBe(2);
    const jobs = await mailJobs();
    for (const job of jobs) {
      expect(job).toMatchObject({ status: "failed", attempts: MAIL_MAX_ATTEMPTS });
      expect(job.last_error).toBe("SMTP ETIMEDOUT (GREETING_TIMEOUT) at CONN");
    }
    // Nothing is due any more: a dead letter waits for an admin.
    await timePasses();
    expect(await t.worker.drain()).toBe(0);
    // Two silent tries, each given up after the greeting timeout.
    expect(smtp.gaveUpAfter().length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...smtp.gaveUpAfter())).toBeLessThan(5000);
  });

  it("shows platform admins whom the mails were for, and no one else", async () => {
    const admin = await signedIn("root@example.org");
    const page = await admin.get("/admin/mail");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('href="/admin/mail" aria-current="page"');
    for (const text of [
      "ines@example.org",
      `Booking ${code}: confirmation`,
      "reset@example.org",
      "Your reset link",
      `<td>${MAIL_MAX_ATTEMPTS}</td>`,
      "SMTP ETIMEDOUT (GREETING_TIMEOUT) at CONN",
    ])
      expect(page.body).toContain(text);
    const german = await admin.get("/admin/mail", { "accept-language": "de" });
    expect(german.body).toContain(`Buchung ${code}: Bestätigung`);

    expect((await t.app.inject({ url: "/admin/mail" })).statusCode).toBe(303);
    const person = await registeredPerson(t, "Nosy", "nosy@example.org");
    // Registering queued the person's e-mail confirmation: no part of this story (every other mail failed).
    await t.ctx.db.kysely
      .deleteFrom("jobs")
      .where("kind", "=", SEND_MAIL_JOB)
      .where("status", "=", "pending")
      .execute();
    const refused = await person.inject({ url: "/admin/mail", headers: { accept: "text/html" } });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).not.toContain("ines@example.org");
    const retry = await person.inject({ method: "POST", url: "/admin/mail/retry", payload: {} });
    expect(retry.statusCode).toBe(403);
    expect((await mailJobs()).every((j) => j.status === "failed")).toBe(true);
  });

  it("sends one mail again from the page, then all, once SMTP is back; nothing is left undelivered", async () => {
    const admin = await signedIn("root@example.org");
    const [orderJob, resetJob] = await mailJobs();
    expect([orderJob?.kind, resetJob?.kind]).toEqual([ORDER_MAIL_JOB, SEND_MAIL_JOB]);
    // A form without its CSRF token changes nothing.
    const forged = await t.app.inject({
      method: "POST",
      url: `/admin/mail/${orderJob?.id}/retry`,
      headers: { cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
      payload: {},
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.code).toBe("csrf_failed");
    for (const bad of ["x1", "0", "99999999999"]) {
      const res = await t.app.inject({
        method: "POST",
        url: `/admin/mail/${bad}/retry`,
        headers: adminHeaders,
      });
      expect(res.statusCode).toBe(404);
    }

    const one = await admin.submit("/admin/mail", `/admin/mail/${orderJob?.id}/retry`, {});
    expect(one.statusCode).toBe(303);
    expect(one.headers.location).toBe("/admin/mail?flash=admin.mail.retried");
    expect((await mailJobs())[0]).toMatchObject({ status: "pending", attempts: 0 });
    const twice = await admin.submit("/admin/mail", `/admin/mail/${orderJob?.id}/retry`, {});
    expect(twice.headers.location).toBe("/admin/mail?flash=admin.mail.gone");
    expect((await admin.get("/admin/mail?flash=admin.mail.retried")).body).toContain(
      "The mail is queued again",
    );

    await smtp.set("up");
    expect(await t.worker.drain()).toBe(1);
    expect(smtp.received.map((m) => m.to)).toEqual([["ines@example.org"]]);
    let page = await admin.get("/admin/mail");
    expect(page.body).not.toContain("ines@example.org");
    expect(page.body).toContain("reset@example.org");

    const all = await admin.submit("/admin/mail", "/admin/mail/retry", {});
    expect(all.headers.location).toBe("/admin/mail?flash=admin.mail.retriedAll");
    expect(await t.worker.drain()).toBe(1);
    expect(smtp.received.map((m) => m.to)).toEqual([["ines@example.org"], ["reset@example.org"]]);
    expect((await mailJobs()).map((j) => j.status)).toEqual(["done", "done"]);
    page = await admin.get("/admin/mail");
    expect(page.body).toContain("No undelivered mail");
  });
});
