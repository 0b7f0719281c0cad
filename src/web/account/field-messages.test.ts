import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSetupToken } from "../../modules/accounts/service.js";
import { LANG_COOKIE } from "../../platform/http/request.js";
import { Browser, createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";

/** The markup of one field with what the page says at it: from its label to the next field or button. */
function fieldMarkup(body: string, id: string): string {
  const start = body.indexOf(`<label for="${id}">`);
  expect(start, `no label for ${id}`).toBeGreaterThanOrEqual(0);
  const ends = ["<label ", "<button"].map((tag) => body.indexOf(tag, start + 1)).filter((i) => i > 0);
  return body.slice(start, Math.min(...ends));
}

const inLanguage = (t: TestApp, locale: string) => {
  const b = new Browser(t.app);
  b.cookies.set(LANG_COOKIE, locale);
  return b;
};

describe.each(dialects)("form messages at their fields on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("says in German, next to the password input, what is wrong, and keeps what was typed", async () => {
    const b = inLanguage(t, "de");
    const res = await b.submit("/register", "/register", {
      name: "Hanna Schmidt",
      email: "hanna@example.org",
      password: "kurz",
    });
    expect(res.statusCode).toBe(400);
    const password = fieldMarkup(res.body, "f-password");
    // Right after the input, before the hint.
    expect(password).toMatch(
      /<input id="f-password"[^>]*aria-invalid="true"[^>]*><div class="field-error" id="f-password-error">Das Passwort braucht mindestens 10 Zeichen\.<\/div>\s*<div class="hint"/,
    );
    expect(password).toMatch(/aria-describedby="f-password-error f-password-hint"/);
    // The summary on top links to the input; the fields without a problem are left alone.
    expect(res.body).toContain(
      '<a class="problem-link" href="#f-password">Das Passwort braucht mindestens 10 Zeichen.</a>',
    );
    expect(fieldMarkup(res.body, "f-name")).not.toContain("aria-invalid");
    expect(fieldMarkup(res.body, "f-name")).toContain('value="Hanna Schmidt"');
    expect(fieldMarkup(res.body, "f-email")).toContain('value="hanna@example.org"');
    expect(res.body).not.toContain("password: needs");
  });

  it("names each wrong field of the setup form in French, and in English by default", async () => {
    const token = await createSetupToken(t.database.db);
    const fr = await inLanguage(t, "fr").submit(`/setup/${token}`, `/setup/${token}`, {
      name: "",
      email: "pas-une-adresse",
      password: "court",
    });
    expect(fr.statusCode).toBe(400);
    expect(fieldMarkup(fr.body, "f-name")).toContain("Le nom est obligatoire.");
    expect(fieldMarkup(fr.body, "f-email")).toContain(
      "L’adresse e-mail doit être une adresse e-mail comme nom@example.org.",
    );
    expect(fieldMarkup(fr.body, "f-password")).toContain(
      "Le mot de passe doit comporter au moins 10 caractères.",
    );
    expect(fieldMarkup(fr.body, "f-email")).toContain('value="pas-une-adresse"');
    const en = await new Browser(t.app).submit(`/setup/${token}`, `/setup/${token}`, {
      name: "Root",
      email: "root@example.org",
      password: "short",
    });
    expect(fieldMarkup(en.body, "f-password")).toContain("The password needs at least 10 characters.");
  });

  it("places a duplicate e-mail at its field", async () => {
    const first = { name: "Paul", email: "paul@example.org", password: "long-enough-1" };
    expect((await new Browser(t.app).submit("/register", "/register", first)).statusCode).toBe(303);
    const again = await inLanguage(t, "de").submit("/register", "/register", first);
    expect(again.statusCode).toBe(400);
    expect(fieldMarkup(again.body, "f-email")).toContain(
      "Zu dieser E-Mail-Adresse besteht bereits ein Konto.",
    );
  });

  it("answers an unknown setup link without a form, saying what to do", async () => {
    const res = await inLanguage(t, "de").get("/setup/not-a-token");
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain("Dieser Einrichtungslink funktioniert nicht");
    expect(res.body).not.toContain('action="/setup/');
  });

  it("serves a favicon, linked from every page and cacheable", async () => {
    const icon = await t.app.inject({ method: "GET", url: "/favicon.ico" });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers["content-type"]).toBe("image/x-icon");
    expect(icon.headers["cache-control"]).toContain("max-age=");
    expect([...icon.rawPayload.subarray(0, 4)]).toEqual([0, 0, 1, 0]);
    expect((await new Browser(t.app).get("/login")).body).toContain('<link rel="icon" href="/favicon.ico"');
  });
});
