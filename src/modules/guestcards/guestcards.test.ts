import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../platform/config.js";
import { createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { seedGuestcards } from "../../testing/guestcards.js";
import { AUTH_CODE_ALPHABET, looksLikeAuthCode, newAuthCode } from "./auth-codes.js";
import { findGuestCard, guestCardToken } from "./cards.js";

type Form = {
  id: number;
  number: string;
  status: string;
  travel_days: number;
  overnight_stays: number;
  guests: { id: number; first_name: string; auth_code: string }[];
};

describe("auth codes", () => {
  it("are 8 characters of the seed's alphabet, random and spread over all of it", () => {
    const codes = Array.from({ length: 5000 }, newAuthCode);
    expect(codes.every(looksLikeAuthCode)).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
    const seen = new Set(codes.join(""));
    expect([...AUTH_CODE_ALPHABET].every((c) => seen.has(c))).toBe(true);
    expect(AUTH_CODE_ALPHABET).toBe("abcdefghjkmnpqrstuvwxyz1234567890");
  });
});

describe("partner API settings", () => {
  it("come from the environment, with safe defaults", () => {
    expect(loadConfig({}).partnerApi).toEqual({
      tokenTtlSeconds: 300,
      failuresPerClient: 200,
      failuresPerAddress: 30,
    });
    expect(loadConfig({ PARTNER_TOKEN_TTL: "60" }).partnerApi.tokenTtlSeconds).toBe(60);
    expect(() => loadConfig({ PARTNER_TOKEN_TTL: "0" })).toThrow(ConfigError);
    expect(() => loadConfig({ PARTNER_FAILURES_PER_ADDRESS: "lots" })).toThrow(ConfigError);
  });
});

describe.each(dialects)("guest cards admin API on %s", (dialect) => {
  let t: TestApp;
  let seeded: Awaited<ReturnType<typeof seedGuestcards>>;
  const forms = "/api/v1/organizers/region/registration-forms";
  const guest = (first_name: string) => ({
    first_name,
    last_name: "Gast",
    email: `${first_name.toLowerCase()}@example.org`,
    tariff_id: 1,
    tariff_alias: "Erwachsener",
  });
  const body = (
    number: string,
    guests: Record<string, unknown>[] = [guest("Anna"), guest("Ben"), guest("Cleo")],
  ) => ({
    municipality: 1,
    number,
    arrival_date: "2025-08-01",
    departure_date: "2025-08-08",
    guests,
  });
  const formCount = async () =>
    Number(
      (
        await t.ctx.db.kysely
          .selectFrom("registration_forms")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await createTestApp(dialect);
    seeded = await seedGuestcards(t);
  });
  afterAll(async () => t?.close());

  it("creates a form: three guests, three distinct codes, nights and overnight stays derived", async () => {
    const { body: form } = await seeded.call<Form>("POST", forms, body("A-1"), { expect: 201 });
    expect(form).toMatchObject({ number: "A-1", status: "active", travel_days: 7, overnight_stays: 21 });
    const codes = form.guests.map((g) => g.auth_code);
    expect(new Set(codes).size).toBe(3);
    expect(codes.every(looksLikeAuthCode)).toBe(true);
    const given = await seeded.call<Form>(
      "POST",
      forms,
      { ...body("A-2"), overnight_stays: 15 },
      { expect: 201 },
    );
    expect(given.body.overnight_stays).toBe(15);
    const got = await seeded.call<Form>("GET", `${forms}/${form.id}`, undefined, { expect: 200 });
    expect(got.body.guests.map((g) => g.auth_code)).toEqual(codes);
  });

  it("refuses bad input with a 400 naming the fields, and writes nothing", async () => {
    const before = await formCount();
    const cases: unknown[] = [
      { ...body("B-1"), departure_date: "2025-07-01" },
      { ...body("B-2"), arrival_date: "2025-02-30" },
      { ...body("B-3"), guests: [] },
      { ...body("B-4"), municipality: 99 },
      { ...body("B-5"), municipality: 3 },
      { ...body("B-6"), guests: [guest("Ok"), { ...guest("Bad"), email: "nope" }] },
      { ...body("B-7"), guests: [{ first_name: "No tariff", last_name: "X" }] },
      [guest("in an array")],
    ];
    for (const payload of cases) {
      const res = await seeded.call<{ error: { code: string } }>("POST", forms, payload);
      expect(res.status, JSON.stringify(payload)).toBe(400);
      expect(res.body.error.code).toMatch(/validation_failed|unknown_municipality/);
    }
    expect(await formCount()).toBe(before);
    await seeded.call("POST", forms, body("dup"), { expect: 201 });
    const dup = await seeded.call<{ error: { code: string } }>("POST", forms, body("dup"));
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe("number_taken");
    const taken = await seeded.call<{ error: { code: string } }>(
      "POST",
      "/api/v1/organizers/office/municipalities",
      { id: 1, name: "Binz again" },
    );
    expect(taken.status).toBe(409);
  });

  it("edits keep the codes of kept guests, give new guests codes, and drop removed ones; cancel is final", async () => {
    const { body: form } = await seeded.call<Form>("POST", forms, body("C-1"), { expect: 201 });
    const [anna, , cleo] = form.guests;
    const { body: edited } = await seeded.call<Form>(
      "PUT",
      `${forms}/${form.id}`,
      {
        ...body("C-1b", [
          { ...guest("Anna-Lena"), id: anna?.id },
          { ...guest("Cleo"), id: cleo?.id },
          guest("Dora"),
        ]),
      },
      { expect: 200 },
    );
    expect(edited.number).toBe("C-1b");
    expect(edited.guests.map((g) => g.first_name)).toEqual(["Anna-Lena", "Cleo", "Dora"]);
    expect(edited.guests[0]?.auth_code).toBe(anna?.auth_code);
    expect(edited.guests[1]?.auth_code).toBe(cleo?.auth_code);
    expect(edited.overnight_stays).toBe(21);
    const foreign = await seeded.call("PUT", `${forms}/${form.id}`, {
      ...body("C-1b", [{ ...guest("X"), id: seeded.family.guests[0]?.id }]),
    });
    expect(foreign.status).toBe(400);
    const cancelled = await seeded.call<Form>("POST", `${forms}/${form.id}/cancel`, undefined, {
      expect: 200,
    });
    expect(cancelled.body.status).toBe("cancelled");
    expect((await seeded.call("PUT", `${forms}/${form.id}`, body("C-1c"))).status).toBe(409);
  });

  it("searches by number, guest name or auth code, and by municipality", async () => {
    const { body: form } = await seeded.call<Form>("POST", forms, body("Search-9", [guest("Zoë")]), {
      expect: 201,
    });
    const search = async (query: string) =>
      (await seeded.call<Form[]>("GET", `${forms}?${query}`, undefined, { expect: 200 })).body.map(
        (f) => f.id,
      );
    expect(await search("q=search-9")).toEqual([form.id]);
    expect(await search(`q=${encodeURIComponent("ZOË")}`)).toContain(form.id);
    expect(await search(`q=${form.guests[0]?.auth_code}`)).toEqual([form.id]);
    expect(await search("q=100%25")).toEqual([]);
    expect(await search("municipality=2")).toEqual([seeded.sellin.id]);
    const other = await seeded.call<Form[]>(
      "GET",
      "/api/v1/organizers/office/registration-forms",
      undefined,
      {
        expect: 200,
      },
    );
    expect(other.body.map((f) => f.id)).toEqual([seeded.bergen.id]);
  });

  it("imports forms from CSV, all rows or none", async () => {
    const csv = [
      "number;municipality;arrival_date;departure_date;first_name;last_name;email;tariff_id;tariff_alias",
      "CSV-1;1;2025-09-01;2025-09-04;Ida;Import;ida@example.org;1;Erwachsener",
      "CSV-1;1;2025-09-01;2025-09-04;Jan;Import;;2;Kind",
      "CSV-2;2;2025-09-02;2025-09-03;Kim;Import;kim@example.org;1;Erwachsener",
    ].join("\n");
    const url = `${forms}/import`;
    const ok = await seeded.call<{ forms: number; guests: number }>("POST", url, { csv }, { expect: 201 });
    expect(ok.body).toEqual({ forms: 2, guests: 3 });
    const [imported] = (await seeded.call<Form[]>("GET", `${forms}?q=CSV-1`, undefined, { expect: 200 }))
      .body;
    expect(imported?.guests.map((g) => g.first_name)).toEqual(["Ida", "Jan"]);
    expect(imported?.overnight_stays).toBe(6);

    const before = await formCount();
    const broken = `${csv.replaceAll("CSV-", "CSV2-")}\nCSV2-3;1;2025-13-01;2025-09-04;Bad;Date;;1;Erwachsener`;
    const res = await seeded.call<{ error: { code: string; message: string } }>("POST", url, { csv: broken });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_csv");
    expect(res.body.error.message).toContain("line 5");
    const again = await seeded.call<{ error: { code: string } }>("POST", url, { csv });
    expect(again.status).toBe(409);
    const noHeader = await seeded.call("POST", url, { csv: "a;b\n1;2" });
    expect(noHeader.status).toBe(400);
    expect(await formCount()).toBe(before);
  });

  it("documents its endpoints in OpenAPI (the seed's partner paths stay out of it)", async () => {
    const doc = (await t.app.inject({ method: "GET", url: "/api/v1/openapi.json" })).json() as {
      paths: Record<string, unknown>;
    };
    for (const path of [
      "/api/v1/organizers/{organizer}/municipalities",
      "/api/v1/organizers/{organizer}/registration-forms",
      "/api/v1/organizers/{organizer}/registration-forms/import",
      "/api/v1/organizers/{organizer}/api-clients",
      "/api/v1/partner/token",
      "/api/v1/partner/guest-cards/lookup",
    ])
      expect(doc.paths[path], path).toBeDefined();
    expect(doc.paths["/api/buchtguide/by_auth_code/"]).toBeUndefined();
  });

  it("stores partner passwords only as hashes; usernames are unique", async () => {
    const row = await t.ctx.db.kysely
      .selectFrom("partner_clients")
      .select("password_hash")
      .where("username", "=", "buchtguide")
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$/);
    const again = await seeded.call("POST", "/api/v1/organizers/region/api-clients", {
      username: "buchtguide",
      password: "another-password-1",
      municipalities: [1],
    });
    expect(again.status).toBe(409);
    const foreign = await seeded.call("POST", "/api/v1/organizers/region/api-clients", {
      username: "other",
      password: "another-password-1",
      municipalities: [3],
    });
    expect(foreign.status).toBe(400);
    const list = await seeded.call<{ username: string; municipalities: number[] }[]>(
      "GET",
      "/api/v1/organizers/region/api-clients",
      undefined,
      { expect: 200 },
    );
    expect(list.body.find((c) => c.username === "buchtguide")?.municipalities).toEqual([1, 2]);
    expect(JSON.stringify(list.body)).not.toContain("scrypt");
  });

  it("organizer tokens: orders level manages forms, view level cannot; only owners manage municipalities", async () => {
    const token = async (level: string) =>
      (
        await seeded.call<{ token: string }>(
          "POST",
          "/api/v1/organizers/region/tokens",
          { name: level, level },
          { expect: 201 },
        )
      ).body.token;
    const as = (secret: string) => ({ headers: { authorization: `Bearer ${secret}` } });
    const orders = await token("orders");
    const view = await token("view");
    expect((await seeded.call("POST", forms, body("T-1"), as(orders))).status).toBe(201);
    expect((await seeded.call("POST", forms, body("T-2"), as(view))).status).toBe(403);
    expect((await seeded.call("GET", forms, undefined, as(view))).status).toBe(403);
    const municipality = await seeded.call(
      "POST",
      "/api/v1/organizers/region/municipalities",
      { id: 40, name: "X" },
      as(orders),
    );
    expect(municipality.status).toBe(403);
    expect(
      (await seeded.call("GET", "/api/v1/organizers/office/registration-forms", undefined, as(orders)))
        .status,
    ).toBe(404);
  });

  it("a card link whose MAC starts with a dash opens the card too (1 link in 64)", async () => {
    const guest = seeded.family.guests[0] ?? { id: 0, auth_code: "" };
    let secret = "";
    for (let i = 0; !guestCardToken(secret, guest).startsWith(`${guest.id}--`); i++) secret = `s-${i}`;
    expect((await findGuestCard(t.ctx.db, secret, guestCardToken(secret, guest))).id).toBe(guest.id);
  });
});
