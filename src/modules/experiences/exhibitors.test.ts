import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { experienceApiRoutes } from "../../api/experiences/routes.js";
import { Browser, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { EXPERIENCE_TABLES, openExperiences } from "../../testing/experiences.js";
import { SHOP_V2_FIELDS } from "../../testing/fakes/shop.js";
import { workspacePages } from "../../web/exhibitor/workspace.js";
import { createSession, registerExternal } from "../accounts/service.js";

const EV = "/api/v1/organizers/org/events/series";
const PAGES = "/exhibit/org/series";
const TABLES = EXPERIENCE_TABLES;

const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082",
  "hex",
);

/** An exhibitor's browser: session cookie, and the CSRF token the API wants for unsafe requests. */
class Exhibitor extends Browser {
  csrf = "";
  async login(t: TestApp, email: string) {
    const user = await registerExternal(t.ctx.db, {
      email,
      name: email.split("@")[0],
      password: "correct horse battery",
    });
    this.cookies.set("tessera_session", (await createSession(t.ctx.db, user.id)).token);
    const page = await this.get("/account");
    this.csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
    return this;
  }
  /** Every request made, as "METHOD url", so a test can prove it tried every route. */
  calls: string[] = [];
  override get(url: string, headers: Record<string, string> = {}) {
    this.calls.push(`GET ${url}`);
    return super.get(url, headers);
  }
  async accept(link: string) {
    const path = new URL(link).pathname;
    return this.submit(path, path, {});
  }
  api(
    method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE",
    url: string,
    payload?: unknown,
    contentType = "application/json",
  ) {
    this.calls.push(`${method} ${url}`);
    return this.app.inject({
      method,
      url,
      payload: payload as object,
      headers: {
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
        "x-csrf-token": this.csrf,
        ...(payload === undefined ? {} : { "content-type": contentType }),
      },
    });
  }
  form(url: string, fields: Record<string, string> = {}) {
    this.calls.push(`POST ${url}`);
    return this.app.inject({
      method: "POST",
      url,
      payload: new URLSearchParams({ ...fields, _csrf: this.csrf }).toString(),
      headers: {
        accept: "text/html",
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
        "content-type": "application/x-www-form-urlencoded",
      },
    });
  }
}

describe.each(dialects)("exhibitor isolation on %s", (dialect) => {
  let t: TestApp;
  let alice: Exhibitor;
  let bob: Exhibitor;
  let outsider: Exhibitor;
  let aliceId: number;
  let aliceExperience: number;
  let aliceSlot: number;
  let bobExperience: number;

  let env: Awaited<ReturnType<typeof openExperiences>>;

  beforeAll(async () => {
    env = await openExperiences(dialect, (url) => ({
      url: `${url}/v2/verify`,
      fields: SHOP_V2_FIELDS,
      allowances: { Gold: 3 },
    }));
    t = env.t;
    const call = env.call;
    const invite = async (name: string) =>
      (
        await call<{ id: number; invitation_link: string }>(
          "POST",
          `${EV}/exhibitors`,
          { name, email: `${name}@example.org` },
          { expect: 201 },
        )
      ).body;
    const a = await invite("alice");
    const b = await invite("bob");
    aliceId = a.id;
    alice = await new Exhibitor(t.app).login(t, "alice@example.org");
    bob = await new Exhibitor(t.app).login(t, "bob@example.org");
    outsider = await new Exhibitor(t.app).login(t, "eve@example.org");
    expect((await alice.accept(a.invitation_link)).statusCode).toBe(303);
    expect((await bob.accept(b.invitation_link)).statusCode).toBe(303);
    // The link works once.
    expect((await outsider.accept(a.invitation_link)).statusCode).toBe(400);

    const created = await alice.api("POST", `${EV}/experiences`, {
      title: "Alice's VR",
      description: "Dive",
    });
    expect(created.statusCode, created.body).toBe(201);
    aliceExperience = created.json<{ id: number }>().id;
    const slot = await alice.api("POST", `${EV}/experiences/${aliceExperience}/slots`, {
      starts_at: "2031-06-01T10:00:00Z",
      ends_at: "2031-06-01T10:20:00Z",
      capacity: 4,
    });
    expect(slot.statusCode, slot.body).toBe(201);
    aliceSlot = slot.json<{ id: number }>().id;
    const booked = await t.app.inject({
      method: "POST",
      url: `${EV}/experience-bookings`,
      payload: {
        slot: aliceSlot,
        ticket_number: "GOLD-1",
        security_code: "code-GOLD-1",
        name: "Guest of Alice",
      },
    });
    expect(booked.statusCode, booked.body).toBe(201);
    // Bob claims to create for Alice: it is his.
    const bobs = await bob.api("POST", `${EV}/experiences`, { title: "Bob's booth", exhibitor: aliceId });
    expect(bobs.statusCode).toBe(201);
    bobExperience = bobs.json<{ id: number }>().id;
  });
  afterAll(async () => env?.close());

  async function snapshot() {
    const out: Record<string, unknown> = {};
    for (const table of TABLES) out[table] = await t.ctx.db.kysely.selectFrom(table).selectAll().execute();
    return JSON.stringify(out);
  }

  it("exhibitors see only their own experiences, slots and bookings", async () => {
    const mine = await bob.api("GET", `${EV}/experiences`);
    expect(mine.json<{ id: number }[]>().map((x) => x.id)).toEqual([bobExperience]);
    const aliceSees = await alice.api("GET", `${EV}/experiences`);
    expect(aliceSees.json<{ id: number; slots: unknown[] }[]>().map((x) => x.id)).toEqual([aliceExperience]);
    expect((await bob.api("GET", `${EV}/experience-bookings`)).json()).toEqual([]);
    expect((await bob.api("GET", `${EV}/experience-bookings?experience=${aliceExperience}`)).json()).toEqual(
      [],
    );
    const aliceBookings = await alice.api("GET", `${EV}/experience-bookings`);
    expect(aliceBookings.json<{ name: string }[]>().map((b) => b.name)).toEqual(["Guest of Alice"]);
    expect((await bob.api("GET", `${EV}/exhibitors`)).json<{ name: string }[]>().map((x) => x.name)).toEqual([
      "bob",
    ]);
    const page = await bob.get(PAGES);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Bob&#39;s booth");
    expect(page.body).not.toContain("Alice");
    expect(page.body).not.toContain("GOLD-1");
    const alicePage = await alice.get(PAGES);
    expect(alicePage.body).toContain("GOLD-1");
    expect(alicePage.body).not.toContain("Bob&#39;s booth");
    // Organizer-only sections are not even shown.
    expect(alicePage.body).not.toContain("/sources");
  });

  it("another exhibitor reaches none of Alice's things, by API or page, and nothing changes", async () => {
    const before = await snapshot();
    const x = aliceExperience;
    const s = aliceSlot;
    const api = [
      bob.api("GET", `${EV}/experiences/${x}`),
      bob.api("PATCH", `${EV}/experiences/${x}`, { title: "Hijacked" }),
      bob.api("DELETE", `${EV}/experiences/${x}`),
      bob.api("POST", `${EV}/experiences/${x}/slots`, {
        starts_at: "2031-06-01T11:00:00Z",
        ends_at: "2031-06-01T11:20:00Z",
        capacity: 9,
      }),
      bob.api("POST", `${EV}/experiences/${x}/slots/bulk`, {
        from: "2031-06-01T12:00:00Z",
        until: "2031-06-01T13:00:00Z",
        every_minutes: 20,
        capacity: 9,
      }),
      bob.api("PATCH", `${EV}/experience-slots/${s}`, { capacity: 100 }),
      bob.api("PUT", `${EV}/experiences/${x}/image`, PNG, "image/png"),
      bob.api("DELETE", `${EV}/experiences/${x}/image`),
      bob.api("DELETE", `${EV}/experience-slots/${s}`),
      // Organizer-only routes.
      bob.api("GET", `${EV}/experience-programme`),
      bob.api("PUT", `${EV}/experience-programme`, { embed_origins: ["https://evil.example"] }),
      bob.api("POST", `${EV}/exhibitors`, { name: "Mallory", email: "m@example.org" }),
      bob.api("DELETE", `${EV}/exhibitors/${aliceId}`),
      bob.api("GET", `${EV}/ticket-sources`),
      bob.api("POST", `${EV}/ticket-sources`, {
        url: "https://evil.example/check",
        allowances: { Gold: 99 },
      }),
      bob.api("DELETE", `${EV}/ticket-sources/1`),
      bob.api("GET", `${EV}/experience-bookings/per-ticket`),
      bob.api("GET", `${EV}/experience-bookings/per-ticket.xlsx`),
    ];
    const answers = await Promise.all(api);
    const patchOwn = await bob.api("PATCH", `${EV}/experiences/${bobExperience}`, { exhibitor: aliceId });
    // Bob may edit his own experience, but cannot give it to Alice.
    expect(patchOwn?.statusCode).toBe(200);
    expect(patchOwn?.json<{ exhibitor: number }>().exhibitor).not.toBe(aliceId);
    for (const [i, res] of answers.entries()) {
      expect([403, 404], `API #${i}: ${res.statusCode} ${res.body}`).toContain(res.statusCode);
    }

    const pages = [
      bob.get(`${PAGES}/experiences/${x}`),
      bob.form(`${PAGES}/experiences/${x}`, { title: "Hijacked" }),
      bob.form(`${PAGES}/experiences/${x}/image`),
      bob.form(`${PAGES}/experiences/${x}/delete`),
      bob.form(`${PAGES}/experiences/${x}/slots`, {
        starts_at: "2031-06-01T11:00",
        ends_at: "2031-06-01T11:20",
        capacity: "9",
      }),
      bob.form(`${PAGES}/experiences/${x}/slots/bulk`, {
        from: "2031-06-01T12:00",
        until: "2031-06-01T13:00",
        every_minutes: "20",
        capacity: "9",
      }),
      bob.form(`${PAGES}/experiences/${x}/slots/${s}/delete`),
      bob.form(`${PAGES}/experiences/${bobExperience}/slots/${s}/delete`),
      bob.form(`${PAGES}/settings`, { embed_origins: "https://evil.example" }),
      bob.form(`${PAGES}/exhibitors`, { name: "Mallory", email: "m@example.org" }),
      bob.form(`${PAGES}/exhibitors/${aliceId}/remove`),
      bob.form(`${PAGES}/sources`, { type: "http", url: "https://evil.example", allowances: "Gold=99" }),
      bob.form(`${PAGES}/sources/1/retire`),
    ];
    for (const [i, res] of (await Promise.all(pages)).entries())
      expect([403, 404], `page #${i}: ${res.statusCode}`).toContain(res.statusCode);

    // Someone who is no exhibitor at all, and nobody.
    expect((await outsider.get(PAGES)).statusCode).toBe(404);
    expect((await outsider.api("GET", `${EV}/experiences`)).statusCode).toBe(404);
    expect((await outsider.api("POST", `${EV}/experiences`, { title: "Sneaky" })).statusCode).toBe(404);
    expect((await t.app.inject({ method: "GET", url: `${EV}/experiences` })).statusCode).toBe(401);
    expect((await new Browser(t.app).get(PAGES)).statusCode).toBe(303);

    expect(await snapshot()).toBe(before);

    // Creating by form while naming Alice as exhibitor makes it Bob's.
    const created = await bob.form(`${PAGES}/experiences`, {
      title: "Bob's second",
      exhibitor: String(aliceId),
    });
    expect(created.statusCode).toBe(303);
    const second = await t.ctx.db.kysely
      .selectFrom("experiences")
      .select("exhibitor_id")
      .where("title", "=", "Bob's second")
      .executeTakeFirstOrThrow();
    expect(second.exhibitor_id).not.toBe(aliceId);
    expect(second.exhibitor_id).not.toBeNull();
  });

  it("those attempts covered every route an exhibitor can reach, API and pages", async () => {
    // The routes as the modules declare them, on a bare Fastify: nothing can be added unnoticed.
    const routes: { method: string; url: string }[] = [];
    const probe = Fastify();
    probe.addHook("onRoute", (route) => {
      const publicRoute =
        route.config?.csrf === false ||
        (route.schema as { security?: unknown[] } | undefined)?.security?.length === 0 ||
        route.url === "/exhibit" ||
        route.url.startsWith("/exhibitor-invitations");
      if (publicRoute) return;
      for (const method of [route.method].flat())
        if (method !== "HEAD") routes.push({ method, url: route.url });
    });
    await probe.register(experienceApiRoutes(t.ctx));
    await probe.register(workspacePages(t.ctx));
    await probe.ready();
    await probe.close();
    expect(routes.length).toBeGreaterThan(30);
    const missing = routes.filter(({ method, url }) => {
      const pattern = new RegExp(
        `^${method} ${url.replace(/:[a-z]+/g, "[^/?]+").replace(/\./g, "\\.")}(\\?.*)?$`,
      );
      return !bob.calls.some((call) => pattern.test(call));
    });
    expect(missing).toEqual([]);
  });

  it("an exhibitor maintains their own experience through the pages, slots in bulk included", async () => {
    const edit = await alice.form(`${PAGES}/experiences/${aliceExperience}`, {
      title: "Alice's VR",
      description: "Dive deeper",
      location: "Hall B",
      language: "Deutsch",
    });
    expect(edit.statusCode).toBe(303);
    const bulk = await alice.form(`${PAGES}/experiences/${aliceExperience}/slots/bulk`, {
      from: "2031-06-02T10:00",
      until: "2031-06-02T18:00",
      every_minutes: "20",
      capacity: "3",
    });
    expect(bulk.statusCode).toBe(303);
    const page = await alice.get(`${PAGES}/experiences/${aliceExperience}`);
    expect(page.body).toContain("Hall B");
    expect((page.body.match(/<tr><td>/g) ?? []).length).toBe(25);
    const boundary = "----x";
    const multipart = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${alice.csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      PNG,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const upload = await t.app.inject({
      method: "POST",
      url: `${PAGES}/experiences/${aliceExperience}/image`,
      payload: multipart,
      headers: {
        accept: "text/html",
        cookie: [...alice.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
        "content-type": `multipart/form-data; boundary=${boundary}`,
      },
    });
    expect(upload.statusCode, upload.body).toBe(303);
    const image = await t.app.inject({
      method: "GET",
      url: `/embed/org/series/experiences/${aliceExperience}/image`,
    });
    expect(image.headers["content-type"]).toBe("image/png");
    // The same through the API: the image itself as the body, recognised by its bytes.
    const put = await alice.api("PUT", `${EV}/experiences/${aliceExperience}/image`, PNG, "image/png");
    expect(put.statusCode, put.body).toBe(204);
    const gif = await alice.api(
      "PUT",
      `${EV}/experiences/${aliceExperience}/image`,
      Buffer.from("GIF89a...."),
      "image/png",
    );
    expect(gif.statusCode).toBe(415);
    const text = await alice.api("PUT", `${EV}/experiences/${aliceExperience}/image`, "hello", "text/plain");
    expect(text.statusCode).toBe(415);
    const listed = await alice.api("GET", `${EV}/experiences/${aliceExperience}`);
    expect(listed.json<{ image_url: string }>().image_url).toBe(
      `/embed/org/series/experiences/${aliceExperience}/image`,
    );
  });
});
