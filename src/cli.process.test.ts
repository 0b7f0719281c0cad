import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, dialects, type TestDatabase } from "./testing/databases.js";
import { ensureBuilt, HttpClient, runCli, type ServerProcess, startServer } from "./testing/processes.js";

beforeAll(() => ensureBuilt(), 120_000);

describe("tessera serve on SQLite (the npm start path)", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tessera-serve-"));
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    for (const s of servers) await s.stop("SIGKILL");
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("starts with data in DATA_DIR, prints the URL and a one-time setup link that creates the admin", async () => {
    const server = await startServer({ DATA_DIR: dataDir });
    servers.push(server);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(fs.existsSync(path.join(dataDir, "tessera.sqlite"))).toBe(true);
    expect((fs.statSync(path.join(dataDir, "secrets.json")).mode & 0o777).toString(8)).toBe("600");
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: "ok" });
    expect(server.setupLink).toMatch(/\/setup\/[\w-]{40,}$/);

    const browser = new HttpClient(server.url);
    const setupPath = new URL(server.setupLink!).pathname;
    const created = await browser.submit(setupPath, {
      name: "Admin",
      email: "admin@example.org",
      password: "admin-password-1",
    });
    expect(created.status).toBe(303);
    expect((await browser.request("/admin")).status).toBe(200);
    const secrets = fs.readFileSync(path.join(dataDir, "secrets.json"), "utf8");
    expect(await server.stop()).toBe(0);

    // Restart: same keys (sessions and tickets survive), the session still works, no new setup link.
    const again = await startServer({ DATA_DIR: dataDir });
    servers.push(again);
    expect(again.setupLink).toBeUndefined();
    expect(fs.readFileSync(path.join(dataDir, "secrets.json"), "utf8")).toBe(secrets);
    browser.base = again.url;
    const admin = await browser.request("/admin");
    expect(admin.status).toBe(200);
  });

  it("the CLI creates an admin and fills a demo organizer", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tessera-cli-"));
    const admin = await runCli(
      ["create-admin", "--email", "ops@example.org", "--name", "Ops", "--password", "ops-password-1"],
      { DATA_DIR: dir },
    );
    expect(admin.code).toBe(0);
    const demo = await runCli(["demo"], { DATA_DIR: dir });
    expect(demo.output).toContain("Demo organizer created");
    expect((await runCli(["demo"], { DATA_DIR: dir })).output).toContain("already exists");
    const server = await startServer({ DATA_DIR: dir });
    servers.push(server);
    expect(server.setupLink).toBeUndefined();
    const home = await (await fetch(server.url, { headers: { accept: "text/html" } })).text();
    expect(home).toContain("Evening lectures");
    const bad = await runCli(["create-admin", "--email", "not-an-email", "--password", "x"], {
      DATA_DIR: dir,
    });
    expect(bad.code).toBe(1);
    expect(bad.output).toContain("validation_failed");
    expect((await runCli(["frobnicate"], { DATA_DIR: dir })).code).toBe(2);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("a database that does not answer at start is one clear line, not a stack trace", async () => {
    const down = await runCli(["migrate"], { DATABASE_URL: "postgres://nobody@127.0.0.1:1/tessera" });
    expect(down.code).toBe(1);
    expect(down.output.trim()).toBe(
      "The database is not reachable (ECONNREFUSED); start it or check DATABASE_URL.",
    );
  });
});

describe.each(dialects)("several processes on one %s database", (dialect) => {
  let database: TestDatabase;
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    for (const s of servers) await s.stop("SIGKILL");
    await database?.drop();
  });

  const envFor = (): Record<string, string> =>
    database.databaseUrl
      ? { DATABASE_URL: database.databaseUrl, DATA_DIR: database.dataDir }
      : { DATA_DIR: database.dataDir };

  it("migrate started three times at once succeeds everywhere", async () => {
    database = await createTestDatabase(dialect, { migrate: false });
    const runs = await Promise.all([1, 2, 3].map(() => runCli(["migrate"], envFor())));
    for (const run of runs) expect(run.code, run.output).toBe(0);
  });

  it("two servers started at once share keys and state: a session from one works on the other", async () => {
    const [a, b] = await Promise.all([
      startServer({ ...envFor(), TESSERA_ADMIN_TOKEN: "multi-node-admin-token" }),
      startServer({ ...envFor(), TESSERA_ADMIN_TOKEN: "multi-node-admin-token" }),
    ]);
    servers.push(a!, b!);
    const auth = { authorization: "Bearer multi-node-admin-token", "content-type": "application/json" };
    const created = await fetch(`${a!.url}/api/v1/organizers`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ slug: "shared", name: "Shared" }),
    });
    expect(created.status).toBe(201);
    const token = (
      await (
        await fetch(`${a!.url}/api/v1/organizers/shared/tokens`, {
          method: "POST",
          headers: auth,
          body: JSON.stringify({ name: "n" }),
        })
      ).json()
    ).token;
    const seen = await fetch(`${b!.url}/api/v1/organizers/shared`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(seen.status).toBe(200);

    const browser = new HttpClient(a!.url);
    expect(
      (
        await browser.submit("/register", {
          name: "Nomad",
          email: "nomad@example.org",
          password: "nomad-password-1",
        })
      ).status,
    ).toBe(303);
    browser.base = b!.url;
    const account = await browser.request("/account");
    expect(account.status).toBe(200);
    expect(await account.text()).toContain("nomad@example.org");
    // A form rendered by B posts fine to A: the CSRF secret is shared too.
    const page = await (await browser.request("/account")).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? "";
    browser.base = a!.url;
    const saved = await browser.request("/account/profile", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ name: "Nomad", locale: "fr", _csrf: csrf }).toString(),
    });
    expect(saved.status).toBe(303);
  });
});
