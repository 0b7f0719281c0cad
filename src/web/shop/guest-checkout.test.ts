import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browser, createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { decodeBody, startSmtpServer } from "../../testing/smtp.js";
import { seedSeries } from "../../testing/ticketing.js";

const PUBLIC = "https://tickets.example.org";
const PASSWORD = "guest-password-1";

// Guest checkout, the basket kept across a login and e-mail confirmation (issue 23), through the pages.
describe.each(dialects)("guest checkout and e-mail confirmation on %s", (dialect) => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let seeded: Awaited<ReturnType<typeof seedSeries>>;
  let datePage: string;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp(dialect, { SMTP_URL: smtp.url, PUBLIC_URL: PUBLIC });
    seeded = await seedSeries(t, { quota: 50 });
    datePage = `/e/org/series/dates/${seeded.dateId}`;
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  /** Sends what the queue holds and returns the mails that reached this address since `since`. */
  async function mailsTo(address: string, since = 0) {
    await t.worker.drain();
    return smtp.received.slice(since).filter((m) => m.to.includes(address));
  }

  const book = (b: Browser, page: string, fields: Record<string, string>) =>
    b.submit(page, "/e/org/series/book", { date: String(seeded.dateId), ...fields });

  it("a guest books with an e-mail, gets the mail with the signed link, and the link opens the order", async () => {
    const b = new Browser(t.app);
    const page = await b.get(datePage);
    expect(page.body).toContain('name="email"');
    expect(page.body).not.toMatch(/<button type="submit"[^>]*disabled/);
    const before = smtp.received.length;
    const res = await book(b, datePage, {
      [`qty_${seeded.typeId}`]: "2",
      email: "Guest@Example.org",
      attendee_name: "Gina Guest",
    });
    expect(res.statusCode).toBe(303);
    const location = String(res.headers.location);
    expect(location).toMatch(/^\/orders\/[\w-]+\.[\w-]+\.[\w-]+\?flash=flash\.booked$/);
    // The link carries no personal data: neither the address nor the name.
    expect(decodeURIComponent(location).toLowerCase()).not.toContain("guest");
    const order = await t.database.db.kysely
      .selectFrom("orders")
      .selectAll()
      .where("email", "=", "guest@example.org")
      .executeTakeFirstOrThrow();
    expect(order.user_id).toBeNull();
    expect(order.status).toBe("pending");

    const [mail] = await mailsTo("guest@example.org", before);
    const body = decodeBody(mail?.raw ?? "");
    const link = new RegExp(`${PUBLIC}(/orders/[\\w.-]+)`).exec(body)?.[1];
    expect(link).toBe(location.split("?")[0]);
    expect(body).not.toContain("/account/orders/");

    // Anyone with the link (another browser, nobody logged in) sees the order as its buyer would.
    const stranger = new Browser(t.app);
    const shown = await stranger.get(link as string);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain(order.code);
    expect(shown.body).toContain("Gina Guest");
    expect(shown.body).toContain(`action="${link}/cancel"`);
    expect(shown.body).not.toContain('href="/account/orders"');
    // The code alone opens nothing, nor does a forged link.
    expect((await stranger.get(`/account/orders/${order.code}`)).headers.location).toMatch(/^\/login/);
    const forged = `${(link as string).slice(0, -3)}abc`;
    expect((await stranger.get(forged)).statusCode).toBe(404);

    // Cancelling works from the link too.
    const cancelled = await stranger.submit(link as string, `${link}/cancel`, {});
    expect(cancelled.statusCode).toBe(303);
    expect(cancelled.headers.location).toBe(`${link}?flash=flash.cancelled`);
    const after = await t.database.db.kysely
      .selectFrom("orders")
      .select("status")
      .where("id", "=", order.id)
      .executeTakeFirstOrThrow();
    expect(after.status).toBe("cancelled");
  });

  it("a guest answers the order's required information through the link", async () => {
    const { call, ev, dateId } = seeded;
    // A ticket type of its own: required information is added while a type has no orders.
    const diner = await call<{ id: number }>(
      "POST",
      `${ev}/ticket-types`,
      { name: "Dinner", price: "30.00" },
      { expect: 201 },
    );
    await call(
      "POST",
      `${ev}/quotas`,
      { name: "Tables", size: 5, ticket_types: [diner.body.id], date: dateId },
      { expect: 201 },
    );
    const field = await call<{ id: number }>(
      "POST",
      `${ev}/ticket-types/${diner.body.id}/fields`,
      { label: "Diet", kind: "text", required: true, blocks: "admission" },
      { expect: 201 },
    );
    const b = new Browser(t.app);
    const res = await book(b, datePage, { [`qty_${diner.body.id}`]: "1", email: "answers@example.org" });
    const link = String(res.headers.location).split("?")[0] as string;
    const position = await t.database.db.kysely
      .selectFrom("orders as o")
      .innerJoin("order_positions as p", "p.order_id", "o.id")
      .select(["p.id"])
      .where("o.email", "=", "answers@example.org")
      .executeTakeFirstOrThrow();
    const action = `${link}/information/${position.id}/${field.body.id}`;
    expect((await b.get(link)).body).toContain(`action="${action}"`);
    const saved = await new Browser(t.app).submit(link, action, { value: "Vegetarian" });
    expect(saved.headers.location).toBe(`${link}?flash=flash.saved`);
    expect((await b.get(link)).body).toContain("Vegetarian");
  });

  it("a guest without a valid e-mail is told so at the field, nothing is booked", async () => {
    const b = new Browser(t.app);
    const res = await book(b, datePage, { [`qty_${seeded.typeId}`]: "1", email: "not-an-address" });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('name="email"');
    const n = await t.database.db.kysely
      .selectFrom("orders")
      .select((eb) => eb.fn.countAll().as("n"))
      .where("email", "=", "not-an-address")
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(0);
  });

  it("one order per person: a guest is sent to log in with the reason, and the API refuses anonymous orders", async () => {
    await seeded.call("PATCH", seeded.ev, { one_order_per_person: true }, { expect: 200 });
    try {
      const b = new Browser(t.app);
      const page = await b.get(datePage);
      expect(page.body).not.toContain('name="email"');
      expect(page.body).toContain("one order per person");
      const res = await book(b, datePage, { [`qty_${seeded.typeId}`]: "1" });
      expect(res.statusCode).toBe(303);
      const location = String(res.headers.location);
      expect(location).toBe(`/login?next=${encodeURIComponent(datePage)}&flash=shop.loginWhy.onePerPerson`);
      const login = await b.get(location);
      expect(login.body).toContain("This event allows one order per person");
      const anonymous = await t.app.inject({
        method: "POST",
        url: `${seeded.ev}/orders`,
        payload: {
          email: "someone@example.org",
          positions: [{ ticket_type: seeded.typeId, date: seeded.dateId }],
        },
      });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.json().error.code).toBe("login_required");
      // An account whose address is not proven is no person to count yet either.
      const unsure = new Browser(t.app);
      await unsure.submit("/register", "/register", {
        name: "Una",
        email: "unsure@example.org",
        password: PASSWORD,
      });
      const refused = await book(unsure, datePage, { [`qty_${seeded.typeId}`]: "1" });
      expect(refused.statusCode).toBe(403);
      expect(refused.body).toContain("Please confirm your e-mail address first");
    } finally {
      await seeded.call("PATCH", seeded.ev, { one_order_per_person: false }, { expect: 200 });
    }
  });

  it("the chosen quantities and attendee survive a login", async () => {
    const email = "returning@example.org";
    await new Browser(t.app).submit("/register", "/register", { name: "Rita", email, password: PASSWORD });
    const b = new Browser(t.app);
    const res = await book(b, datePage, {
      [`qty_${seeded.typeId}`]: "3",
      attendee_name: "Rita Returning",
      intent: "login",
    });
    expect(res.statusCode).toBe(303);
    const location = String(res.headers.location);
    expect(location).toBe(`/login?next=${encodeURIComponent(datePage)}&flash=shop.basketKept`);
    expect(location).not.toContain("Rita");
    const login = await b.submit(location, "/login", { email, password: PASSWORD, next: datePage });
    expect(login.headers.location).toBe(datePage);
    const back = await b.get(datePage);
    expect(back.body).toContain("your choice is still here");
    expect(back.body).toMatch(new RegExp(`name="qty_${seeded.typeId}">[^]*?<option value="3" selected>`));
    expect(back.body).toContain('value="Rita Returning"');
    // Read once: the next visit starts afresh.
    expect((await b.get(datePage)).body).not.toContain("your choice is still here");
  });

  it("the basket survives a registration, and registering sends a confirmation that works once", async () => {
    const email = "newcomer@example.org";
    const b = new Browser(t.app);
    const res = await book(b, datePage, { [`qty_${seeded.typeId}`]: "2", intent: "register" });
    expect(String(res.headers.location)).toBe(
      `/register?next=${encodeURIComponent(datePage)}&flash=shop.basketKept`,
    );
    const before = smtp.received.length;
    const reg = await b.submit(String(res.headers.location), "/register", {
      name: "Nina Newcomer",
      email,
      password: PASSWORD,
      next: datePage,
    });
    expect(reg.headers.location).toBe(datePage);
    const back = await b.get(datePage);
    expect(back.body).toMatch(new RegExp(`name="qty_${seeded.typeId}">[^]*?<option value="2" selected>`));
    expect(back.body).toContain('data-testid="confirm-banner"');
    // Unconfirmed, the account books like a guest.
    const booked = await book(b, datePage, { [`qty_${seeded.typeId}`]: "1" });
    expect(String(booked.headers.location)).toMatch(/^\/account\/orders\/\w+\?flash=flash\.booked$/);

    const [mail] = (await mailsTo(email, before)).filter((m) => m.raw.includes("Confirm your e-mail"));
    const link = new RegExp(`${PUBLIC}(/email/confirm/[\\w-]+)`).exec(decodeBody(mail?.raw ?? ""))?.[1];
    expect(link).toBeDefined();
    const rows = await t.database.db.kysely.selectFrom("email_confirmations").selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain((link as string).split("/").at(-1));

    const confirmed = await b.get(link as string);
    expect(confirmed.statusCode).toBe(303);
    expect(confirmed.headers.location).toBe("/account?flash=flash.emailConfirmed");
    expect((await b.get("/account")).body).not.toContain('data-testid="confirm-banner"');
    const again = await b.get(link as string);
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain("already used");
    const unknown = await b.get("/email/confirm/nothing-like-a-token");
    expect(unknown.statusCode).toBe(404);
  });

  it("an expired link says so; resending is possible and limited", async () => {
    const email = "late@example.org";
    const b = new Browser(t.app);
    const before = smtp.received.length;
    await b.submit("/register", "/register", { name: "Lea Late", email, password: PASSWORD });
    const [mail] = await mailsTo(email, before);
    const link = new RegExp(`${PUBLIC}(/email/confirm/[\\w-]+)`).exec(decodeBody(mail?.raw ?? ""))?.[1];
    const user = await t.database.db.kysely
      .selectFrom("users")
      .select("id")
      .where("email", "=", email)
      .executeTakeFirstOrThrow();
    await t.database.db.kysely
      .updateTable("email_confirmations")
      .set({ expires_at: "2020-01-01T00:00:00.000Z" })
      .where("user_id", "=", user.id)
      .execute();
    const expired = await b.get(link as string);
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain("has expired");

    const resent = await b.submit("/account", "/account/email/resend", { next: "/account" });
    expect(resent.headers.location).toBe("/account?flash=flash.confirmationSent");
    const fresh = (await mailsTo(email, before)).at(-1);
    const freshLink = new RegExp(`${PUBLIC}(/email/confirm/[\\w-]+)`).exec(decodeBody(fresh?.raw ?? ""))?.[1];
    expect(freshLink).not.toBe(link);
    // Registration and one resend so far: two more, then the limit.
    for (let i = 0; i < 2; i++)
      expect((await b.submit("/account", "/account/email/resend", {})).statusCode).toBe(303);
    const limited = await b.submit("/account", "/account/email/resend", {});
    expect(limited.statusCode).toBe(429);
    expect(limited.body).toContain("wait an hour");
    // The API says the same.
    const api = await t.app.inject({
      method: "POST",
      url: "/api/v1/email-confirmations",
      payload: { token: "nothing-like-a-token" },
    });
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe("link_unknown");
    expect((await b.get(freshLink as string)).statusCode).toBe(303);
  });

  it("an unconfirmed account cannot buy a ticket reserved for its audience until it confirms", async () => {
    const { call, ev, dateId } = seeded;
    const members = await call<{ id: number }>(
      "POST",
      `${ev}/ticket-types`,
      { name: "Members", price: "5.00", restricted: true, audiences: [{ membership: "BDE" }] },
      { expect: 201 },
    );
    await call(
      "POST",
      `${ev}/quotas`,
      { name: "Members", size: 10, ticket_types: [members.body.id], date: dateId },
      { expect: 201 },
    );
    const email = "member@example.org";
    const b = new Browser(t.app);
    const before = smtp.received.length;
    await b.submit("/register", "/register", { name: "Mo Member", email, password: PASSWORD });
    // The institution knows this address as a member: the attributes count once the address is proven.
    await call("POST", "/api/v1/users", { email, name: "Mo Member", memberships: ["BDE"] }, { expect: 200 });
    const b2 = new Browser(t.app);
    await b2.submit("/login", "/login", { email, password: PASSWORD });
    const refused = await book(b2, datePage, { [`qty_${members.body.id}`]: "1" });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain("Please confirm your e-mail address first");

    const [mail] = await mailsTo(email, before);
    const link = new RegExp(`${PUBLIC}(/email/confirm/[\\w-]+)`).exec(decodeBody(mail?.raw ?? ""))?.[1];
    expect((await b2.get(link as string)).statusCode).toBe(303);
    const booked = await book(b2, datePage, { [`qty_${members.body.id}`]: "1" });
    expect(booked.statusCode).toBe(303);
    expect(String(booked.headers.location)).toMatch(/^\/account\/orders\//);
  });

  it("a guest choosing a ticket reserved for an audience is asked to log in, the choice kept", async () => {
    const types = await t.database.db.kysely
      .selectFrom("ticket_types")
      .select(["id"])
      .where("name", "=", "Members")
      .executeTakeFirstOrThrow();
    const b = new Browser(t.app);
    const res = await book(b, datePage, { [`qty_${types.id}`]: "1", email: "x@example.org" });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(
      `/login?next=${encodeURIComponent(datePage)}&flash=shop.loginWhy.restricted`,
    );
    expect((await b.get(String(res.headers.location))).body).toContain("reserved for a particular audience");
  });
});
