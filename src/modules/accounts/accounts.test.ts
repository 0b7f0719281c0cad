import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browser, createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { decodeBody, startSmtpServer } from "../../testing/smtp.js";
import { createSetupToken, MAX_FAILURES_PER_ACCOUNT } from "./service.js";

describe.each(dialects)("accounts on %s", (dialect) => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp(dialect, { SMTP_URL: smtp.url, PUBLIC_URL: "https://tickets.example.org" });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it("registers an external account, shows my account, logs out and in again", async () => {
    const b = new Browser(t.app);
    const reg = await b.submit("/register", "/register", {
      name: "Marie Curie",
      email: "Marie@Example.org",
      password: "radium-1898",
    });
    expect(reg.statusCode).toBe(303);
    expect(reg.headers.location).toBe("/account");
    const sessionCookie = reg.headers["set-cookie"]?.toString() ?? "";
    expect(sessionCookie).toMatch(/tessera_session=.*HttpOnly/);
    expect(sessionCookie).toMatch(/Secure/);
    expect(sessionCookie).toMatch(/SameSite=Lax/);
    const account = await b.get("/account");
    expect(account.statusCode).toBe(200);
    expect(account.body).toContain("marie@example.org");
    expect(account.body).toContain("External");

    const out = await b.submit("/account", "/logout", {});
    expect(out.headers.location).toBe("/login?flash=flash.loggedOut");
    expect((await b.get("/account")).headers.location).toBe("/login?next=%2Faccount");

    const bad = await b.submit("/login", "/login", {
      email: "marie@example.org",
      password: "wrong-password",
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.body).toContain("E-mail or password is wrong.");
    const good = await b.submit("/login", "/login", {
      email: "MARIE@example.org",
      password: "radium-1898",
      next: "/admin",
    });
    expect(good.headers.location).toBe("/admin");
    // Session rows hold only a hash of the cookie value.
    const token = b.cookies.get("tessera_session") ?? "";
    const rows = await t.database.db.kysely.selectFrom("sessions").selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it("refuses a duplicate e-mail and a short password with a translated message", async () => {
    const b = new Browser(t.app);
    const dup = await b.submit("/register", "/register", {
      name: "M",
      email: "marie@example.org",
      password: "long-enough-1",
    });
    expect(dup.statusCode).toBe(400);
    expect(dup.body).toContain("An account with this e-mail already exists.");
    const short = await b.submit("/register", "/register", {
      name: "Pierre",
      email: "pierre@example.org",
      password: "short",
    });
    expect(short.body).toContain("The password needs at least 10 characters.");
  });

  it("rejects form posts without a valid CSRF token", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/login",
      headers: { accept: "text/html", "content-type": "application/x-www-form-urlencoded" },
      payload: "email=marie%40example.org&password=radium-1898",
    });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain("The form expired");
    const forged = await t.app.inject({
      method: "POST",
      url: "/login",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: "tessera_csrf=aaaaaaaaaaaaaaaaaaaaaaaa",
      },
      payload: "email=x&password=y&_csrf=forged",
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.code).toBe("csrf_failed");
  });

  it("rate-limits failed logins per account (in the database, so every node agrees)", async () => {
    const b = new Browser(t.app);
    await b.submit("/register", "/register", {
      name: "Target",
      email: "target@example.org",
      password: "correct-horse-1",
    });
    const attempts = await Promise.all(
      Array.from({ length: MAX_FAILURES_PER_ACCOUNT }, () =>
        new Browser(t.app).submit("/login", "/login", {
          email: "target@example.org",
          password: "guess-guess",
        }),
      ),
    );
    expect(attempts.every((r) => r.statusCode === 401)).toBe(true);
    const blocked = await new Browser(t.app).submit("/login", "/login", {
      email: "target@example.org",
      password: "correct-horse-1",
    });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.body).toContain("Too many failed attempts");
    const rows = await t.database.db.kysely.selectFrom("login_attempts").selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain("target@example.org");
  });

  it("resets a password through a real e-mail with a single-use link", async () => {
    const b = new Browser(t.app);
    // The confirmation mails of the registrations above go out first.
    await t.worker.drain();
    const before = smtp.received.length;
    const res = await b.submit("/password/forgot", "/password/forgot", { email: "marie@example.org" });
    expect(res.body).toContain("If an account exists");
    // Unknown addresses get the same answer and no mail.
    await b.submit("/password/forgot", "/password/forgot", { email: "nobody@example.org" });
    expect(await t.worker.drain()).toBe(1);
    expect(smtp.received.length).toBe(before + 1);
    const mail = smtp.received.at(-1)!;
    expect(mail.to).toEqual(["marie@example.org"]);
    const link = /https:\/\/tickets\.example\.org(\/password\/reset\/[A-Za-z0-9_-]+)/.exec(
      decodeBody(mail.raw),
    )?.[1];
    expect(link).toBeDefined();

    const reset = await b.submit(link!, link!, { password: "polonium-1898" });
    expect(reset.headers.location).toBe("/login?flash=flash.passwordReset");
    const again = await b.submit(link!, link!, { password: "another-one-1" });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain("invalid, expired or was already used");
    const login = await b.submit("/login", "/login", {
      email: "marie@example.org",
      password: "polonium-1898",
    });
    expect(login.statusCode).toBe(303);
  });

  it("creates the first admin through the one-time setup link, once", async () => {
    const token = await createSetupToken(t.database.db);
    const b = new Browser(t.app);
    const res = await b.submit(`/setup/${token}`, `/setup/${token}`, {
      name: "Root",
      email: "root@example.org",
      password: "root-password-1",
    });
    expect(res.headers.location).toBe("/admin");
    const admin = await b.get("/admin");
    expect(admin.statusCode).toBe(200);
    expect(admin.body).toContain("Accounts");
    const reuse = await new Browser(t.app).get(`/setup/${token}`);
    expect(reuse.statusCode).toBe(410);
    expect(reuse.body).toContain("Tessera is already set up");
    expect(reuse.body).not.toContain('<form method="post" action="/setup/');
    const second = await createSetupToken(t.database.db);
    // The form of the first link, sent after the admin exists: the same "already set up" page.
    const late = await new Browser(t.app).submit("/login", `/setup/${second}`, {
      name: "X",
      email: "x@example.org",
      password: "x-password-12",
    });
    expect(late.statusCode).toBe(410);
  });

  it("negotiates the language from Accept-Language, a switch, and the saved profile", async () => {
    const b = new Browser(t.app);
    expect((await b.get("/login", { "accept-language": "de-DE,de;q=0.9,en;q=0.5" })).body).toContain(
      '<html lang="de">',
    );
    expect((await b.get("/login", { "accept-language": "es, fr;q=0.8" })).body).toContain("Connexion");
    const sw = await b.get("/lang/fr?next=/register");
    expect(sw.headers.location).toBe("/register");
    expect((await b.get("/register", { "accept-language": "de" })).body).toContain("Créer un compte");
    expect((await b.get("/lang/fr?next=https://evil.example")).headers.location).toBe("/");
    expect((await b.get("/lang/xx")).statusCode).toBe(404);

    await b.submit("/login", "/login", { email: "marie@example.org", password: "polonium-1898" });
    const saved = await b.submit("/account", "/account/profile", {
      name: "Marie Skłodowska-Curie",
      locale: "de",
    });
    expect(saved.headers.location).toBe("/account?flash=flash.saved");
    const account = await b.get("/account?flash=flash.saved", { "accept-language": "en" });
    expect(account.body).toContain("Mein Konto");
    expect(account.body).toContain("Gespeichert.");
    expect(account.body).toContain("Marie Skłodowska-Curie");
  });
});
