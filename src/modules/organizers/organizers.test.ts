import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

describe.each(dialects)("organizers API on %s", (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t?.close());

  const api = (
    method: "GET" | "POST" | "DELETE",
    url: string,
    payload?: unknown,
    headers: Record<string, string> = admin,
  ) => t.app.inject({ method, url, payload: payload as object, headers });

  it("creates an organizer with the superadmin token", async () => {
    const res = await api("POST", "/api/v1/organizers", { slug: "acme", name: "ACME Events" });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ slug: "acme", name: "ACME Events", id: expect.any(Number) });
    const dup = await api("POST", "/api/v1/organizers", { slug: "acme", name: "Again" });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe("slug_taken");
  });

  it("rejects a bad body with 400 listing every offending field, and writes nothing", async () => {
    const res = await api("POST", "/api/v1/organizers", { slug: "Not A Slug!", name: "" });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe("validation_failed");
    expect(error.details.fields.map((f: { field: string }) => f.field).sort()).toEqual(["name", "slug"]);
    const list = await api("GET", "/api/v1/organizers");
    expect(list.json().map((o: { slug: string }) => o.slug)).toEqual(["acme"]);
  });

  it("answers malformed JSON and wrong content types with the error shape", async () => {
    const bad = await t.app.inject({
      method: "POST",
      url: "/api/v1/organizers",
      headers: { ...admin, "content-type": "application/json" },
      payload: "{not json",
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("bad_request");
    const xml = await t.app.inject({
      method: "POST",
      url: "/api/v1/organizers",
      headers: { ...admin, "content-type": "application/xml" },
      payload: "<a/>",
    });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().error.code).toBe("unsupported_media_type");
  });

  it("requires authentication and the right", async () => {
    const anon = await api("POST", "/api/v1/organizers", { slug: "x", name: "X" }, {});
    expect(anon.statusCode).toBe(401);
    expect(anon.json().error.code).toBe("unauthenticated");
    const wrong = await api("GET", "/api/v1/organizers/acme", undefined, { authorization: "Bearer nope" });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe("invalid_token");
  });

  it("issues an organizer API token once, stores only its hash, and revokes it", async () => {
    const res = await api("POST", "/api/v1/organizers/acme/tokens", { name: "box office", level: "checkin" });
    expect(res.statusCode).toBe(201);
    const { token, id } = res.json();
    expect(token).toMatch(/^tsk_[A-Za-z0-9_-]{40,}$/);
    const stored = await t.database.db.kysely
      .selectFrom("api_tokens")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    expect(JSON.stringify(stored)).not.toContain(token);

    const bearer = { authorization: `Bearer ${token}` };
    const me = await api("GET", "/api/v1/me", undefined, bearer);
    expect(me.json()).toMatchObject({ kind: "token", level: "checkin" });
    expect((await api("GET", "/api/v1/organizers/acme", undefined, bearer)).statusCode).toBe(200);
    // A token cannot manage its organizer (no new tokens), nor see another organizer.
    expect((await api("POST", "/api/v1/organizers/acme/tokens", { name: "x" }, bearer)).statusCode).toBe(403);
    await api("POST", "/api/v1/organizers", { slug: "other", name: "Other" });
    expect((await api("GET", "/api/v1/organizers/other", undefined, bearer)).statusCode).toBe(404);
    // An event-manage action needs "full": a check-in token may not create events.
    expect(
      (await api("POST", "/api/v1/organizers/acme/events", { slug: "e", name: "E" }, bearer)).statusCode,
    ).toBe(403);

    const revoked = await api("DELETE", `/api/v1/organizers/acme/tokens/${id}`);
    expect(revoked.statusCode).toBe(204);
    expect((await api("GET", "/api/v1/me", undefined, bearer)).statusCode).toBe(401);
    const list = await api("GET", "/api/v1/organizers/acme/tokens");
    expect(list.json()[0]).toMatchObject({ id, revoked_at: expect.any(String) });
  });

  it("creates events and dates with metadata, and lists them", async () => {
    const ev = await api("POST", "/api/v1/organizers/acme/events", {
      slug: "lectures",
      name: "Lectures",
      kind: "series",
    });
    expect(ev.statusCode).toBe(201);
    const date = await api("POST", "/api/v1/organizers/acme/events/lectures/dates", {
      starts_at: "2030-05-01T18:00:00+02:00",
      ends_at: "2030-05-01T19:30:00+02:00",
      location: "Hall",
      metadata: { room_link: "https://rooms.example.org/r1" },
    });
    expect(date.statusCode).toBe(201);
    expect(date.json()).toMatchObject({
      starts_at: "2030-05-01T16:00:00.000Z",
      meta: { room_link: "https://rooms.example.org/r1" },
    });
    const backwards = await api("POST", "/api/v1/organizers/acme/events/lectures/dates", {
      starts_at: "2030-05-01T18:00:00Z",
      ends_at: "2030-05-01T17:00:00Z",
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.details.fields[0].field).toBe("ends_at");
    const dates = await api("GET", "/api/v1/organizers/acme/events/lectures/dates");
    expect(dates.json()).toHaveLength(1);
  });

  it("grants event-admin rights to a user, to all members and to an audience; the highest wins", async () => {
    const db = t.database.db.kysely;
    // An internal account with audience attributes (via the API) and an external member.
    expect(
      (
        await api("POST", "/api/v1/users", {
          email: "ada@school.example",
          name: "Ada",
          school: "ENSEEIHT",
          class_year: 2027,
          memberships: ["BDE"],
        })
      ).json(),
    ).toEqual({ result: "created" });
    const ada = await db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "ada@school.example")
      .executeTakeFirstOrThrow();
    const event = await db
      .selectFrom("events")
      .select("id")
      .where("slug", "=", "lectures")
      .executeTakeFirstOrThrow();

    const audience = await api("POST", "/api/v1/organizers/acme/grants", {
      grantee: "audience",
      level: "view",
      audience_school: "ENSEEIHT",
      audience_membership: "BDE",
    });
    expect(audience.statusCode).toBe(201);
    const direct = await api("POST", "/api/v1/organizers/acme/grants", {
      grantee: "user",
      email: "ada@school.example",
      level: "checkin",
      event_id: event.id,
    });
    expect(direct.statusCode).toBe(201);
    const empty = await api("POST", "/api/v1/organizers/acme/grants", { grantee: "audience", level: "full" });
    expect(empty.statusCode).toBe(400);
    const unknown = await api("POST", "/api/v1/organizers/acme/grants", {
      grantee: "user",
      email: "nobody@example.org",
      level: "full",
    });
    expect(unknown.json().error.code).toBe("unknown_user");

    const { actorForUser } = await import("../accounts/service.js");
    const { effectiveLevel } = await import("../../platform/auth/policy.js");
    const organizer = await db
      .selectFrom("organizers")
      .select("id")
      .where("slug", "=", "acme")
      .executeTakeFirstOrThrow();
    let actor = await actorForUser(t.database.db, ada.id);
    expect(effectiveLevel(actor, organizer.id, event.id)).toBe("checkin");
    expect(effectiveLevel(actor, organizer.id, 999)).toBe("view");

    await db
      .insertInto("organizer_members")
      .values({
        organizer_id: organizer.id,
        user_id: ada.id,
        role: "member",
        created_at: new Date().toISOString(),
      })
      .execute();
    const members = await api("POST", "/api/v1/organizers/acme/grants", {
      grantee: "members",
      level: "orders",
    });
    expect(members.statusCode).toBe(201);
    actor = await actorForUser(t.database.db, ada.id);
    expect(effectiveLevel(actor, organizer.id, event.id)).toBe("orders");

    // Leaving the audience (another school) drops the audience grant only.
    await api("POST", "/api/v1/users", {
      email: "ada@school.example",
      name: "Ada",
      school: "Other",
      class_year: 2027,
      memberships: [],
    });
    await db.deleteFrom("organizer_members").where("user_id", "=", ada.id).execute();
    actor = await actorForUser(t.database.db, ada.id);
    expect(effectiveLevel(actor, organizer.id, 999)).toBeNull();
    expect(effectiveLevel(actor, organizer.id, event.id)).toBe("checkin");

    const grants = await api("GET", "/api/v1/organizers/acme/grants");
    expect(grants.json()).toHaveLength(3);
    expect((await api("DELETE", `/api/v1/organizers/acme/grants/${direct.json().id}`)).statusCode).toBe(204);
  });

  it("imports internal accounts from CSV all or nothing", async () => {
    const csv =
      "email,name,school,class_year,memberships\nbob@school.example,Bob,N7,2026,BDE|Club Rock\ncarl@school.example,Carl,N7,,\n";
    const ok = await t.app.inject({
      method: "POST",
      url: "/api/v1/users/import",
      headers: { ...admin, "content-type": "text/csv" },
      payload: csv,
    });
    expect(ok.json()).toEqual({ created: 2, updated: 0 });
    const bad = "email,name,class_year\ndora@school.example,Dora,2026\nnot-an-email,Eve,abc\n";
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/users/import",
      headers: { ...admin, "content-type": "text/csv" },
      payload: bad,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields.map((f: { field: string }) => f.field)).toEqual([
      "row 3: email",
      "row 3: class_year",
    ]);
    const dora = await t.database.db.kysely
      .selectFrom("users")
      .select("id")
      .where("email", "=", "dora@school.example")
      .executeTakeFirst();
    expect(dora).toBeUndefined();
    const users = await api("GET", "/api/v1/users?q=bob");
    expect(users.json()[0]).toMatchObject({
      email: "bob@school.example",
      school: "N7",
      class_year: 2026,
      memberships: ["BDE", "Club Rock"],
    });
  });
});
