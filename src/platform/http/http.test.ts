import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browser, createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";

describe.each(dialects)("HTTP platform on %s", (dialect) => {
  let t: TestApp;
  const logLines: string[] = [];
  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { logLines });
  });
  afterAll(async () => t?.close());

  it("GET /healthz answers once the database does", async () => {
    const res = await t.app.inject({ method: "GET", url: "/healthz" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: "ok" });
  });

  it("unknown paths are 404 with the error shape (JSON for clients, a page for browsers)", async () => {
    for (const url of ["/nope", "/api/v1/nope", "/api/v1/organizers/ghost"]) {
      const res = await t.app.inject({
        method: "GET",
        url,
        headers: { authorization: "Bearer test-admin-token-0123456789" },
      });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error).toMatchObject({ code: "not_found", message: expect.any(String) });
    }
    const page = await t.app.inject({
      method: "GET",
      url: "/nope",
      headers: { accept: "text/html", "accept-language": "fr" },
    });
    expect(page.statusCode).toBe(404);
    expect(page.headers["content-type"]).toContain("text/html");
    expect(page.body).toContain("Cette page n&#39;existe pas.");
  });

  it("sends security headers and refuses framing", async () => {
    const res = await t.app.inject({ method: "GET", url: "/login", headers: { accept: "text/html" } });
    expect(res.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(res.headers["x-frame-options"]).toBe("DENY");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["referrer-policy"]).toBe("no-referrer");
  });

  it("mints the CSRF cookie for pages only, and a session without it cannot write", async () => {
    const page = await t.app.inject({ method: "GET", url: "/login", headers: { accept: "text/html" } });
    expect(String(page.headers["set-cookie"])).toContain("tessera_csrf=");
    const api = await t.app.inject({ method: "GET", url: "/api/v1/openapi.json" });
    expect(api.headers["set-cookie"]).toBeUndefined();

    const b = new Browser(t.app);
    await b.submit("/register", "/register", {
      name: "Grace Hopper",
      email: "grace.hopper@example.org",
      password: "compiler-1952",
    });
    const session = b.cookies.get("tessera_session");
    expect(session).toBeDefined();
    // The session cookie alone, an empty token: nothing was minted, so nothing may match.
    for (const token of ["", "x"]) {
      const write = await t.app.inject({
        method: "POST",
        url: "/api/v1/users",
        headers: { cookie: `tessera_session=${session}`, "x-csrf-token": token },
        payload: { email: "someone@example.org", name: "Someone" },
      });
      expect(write.statusCode).toBe(403);
      expect(write.json().error.code).toBe("csrf_failed");
    }
  });

  it("publishes OpenAPI 3 and a docs page", async () => {
    const spec = (await t.app.inject({ method: "GET", url: "/api/v1/openapi.json" })).json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        "/healthz",
        "/api/v1/organizers",
        "/api/v1/organizers/{organizer}/tokens",
        "/api/v1/organizers/{organizer}/grants",
      ]),
    );
    expect(spec.paths["/api/v1/organizers"].post.requestBody).toBeDefined();
    // HTML pages are not API: they stay out of the spec.
    expect(Object.keys(spec.paths)).not.toContain("/login");
    const docs = await t.app.inject({ method: "GET", url: "/api/docs/" });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain("swagger");
  });

  it("serves the stylesheet and a home page with a language switch", async () => {
    expect((await t.app.inject({ method: "GET", url: "/assets/app.css" })).headers["content-type"]).toContain(
      "text/css",
    );
    const home = await t.app.inject({
      method: "GET",
      url: "/",
      headers: { accept: "text/html", "accept-language": "de" },
    });
    expect(home.body).toContain("Willkommen bei Tessera");
    expect(home.body).toContain('href="/lang/fr?next=%2F"');
  });

  it("logs no personal data and no secrets from URLs", async () => {
    const b = new Browser(t.app);
    await b.submit("/register", "/register", {
      name: "Hedy Lamarr",
      email: "hedy.lamarr@example.org",
      password: "frequency-hop-1",
    });
    await b.get("/password/reset/SECRET-TOKEN-IN-URL");
    await new Browser(t.app).submit("/login", "/login", {
      email: "hedy.lamarr@example.org",
      password: "wrong-password",
    });
    const log = logLines.join("");
    expect(log).toContain('"route":"/register"');
    expect(log).toContain('"route":"/password/reset/:token"');
    for (const secret of [
      "hedy",
      "Hedy",
      "Lamarr",
      "frequency-hop-1",
      "SECRET-TOKEN-IN-URL",
      "wrong-password",
    ]) {
      expect(log).not.toContain(secret);
    }
  });
});
