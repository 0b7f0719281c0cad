import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { api } from "../../testing/ticketing.js";
import { freeSlug, slugify } from "./slugs.js";

describe("slugs made from names", () => {
  it("spells out umlauts and ß, drops accents, joins words with dashes", () => {
    expect(slugify("Frühlingsfest Köln")).toBe("fruehlingsfest-koeln");
    expect(slugify("Große Straße")).toBe("grosse-strasse");
    expect(slugify("Été à Nîmes — Grand Gala!")).toBe("ete-a-nimes-grand-gala");
    expect(slugify("  Œuvre & Søren  ")).toBe("oeuvre-soren");
    expect(slugify("東京")).toBe("");
  });

  it("stays within 50 characters and never ends on a dash", () => {
    const slug = slugify(`${"a".repeat(49)} bcd`);
    expect(slug).toBe("a".repeat(49));
    expect(slugify("word ".repeat(20)).length).toBeLessThanOrEqual(50);
    expect(slugify("word ".repeat(20))).not.toMatch(/-$/);
  });

  it("numbers a taken slug, shortening the base so that the number fits", () => {
    expect(freeSlug("gala", new Set())).toBe("gala");
    expect(freeSlug("gala", new Set(["gala", "gala-2"]))).toBe("gala-3");
    const long = "x".repeat(50);
    expect(freeSlug(long, new Set([long]))).toBe(`${"x".repeat(48)}-2`);
  });
});

describe.each(dialects)("slugs left empty on %s", (dialect) => {
  let t: TestApp;
  let call: ReturnType<typeof api>;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    call = api(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("makes an organizer's slug from its name, -2 and -3 when taken", async () => {
    const slugs = [];
    for (let i = 0; i < 3; i++) {
      const created = await call<{ slug: string }>(
        "POST",
        "/api/v1/organizers",
        { name: "Müller & Söhne" },
        { expect: 201 },
      );
      slugs.push(created.body.slug);
    }
    expect(slugs).toEqual(["mueller-soehne", "mueller-soehne-2", "mueller-soehne-3"]);
  });

  it("makes an event's slug from its name, unique per organizer", async () => {
    await call("POST", "/api/v1/organizers", { name: "Arles", slug: "arles" }, { expect: 201 });
    await call("POST", "/api/v1/organizers", { name: "Nîmes", slug: "nimes" }, { expect: 201 });
    const create = async (org: string) =>
      (await call<{ slug: string }>("POST", `/api/v1/organizers/${org}/events`, { name: "Été à Nîmes" })).body
        .slug;
    expect(await create("arles")).toBe("ete-a-nimes");
    expect(await create("arles")).toBe("ete-a-nimes-2");
    expect(await create("nimes")).toBe("ete-a-nimes");
  });

  it("still checks a slug that is given, and says which field at which code", async () => {
    const bad = await call<{
      error: { details: { fields: { field: string; code: string; message: string }[] } };
    }>("POST", "/api/v1/organizers", { name: "Bad", slug: "Not A Slug" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields).toEqual([
      expect.objectContaining({ field: "slug", code: "invalid", message: expect.any(String) }),
    ]);
    const taken = await call<{ error: { code: string; details: { fields: unknown[] } } }>(
      "POST",
      "/api/v1/organizers",
      { name: "Arles again", slug: "arles" },
    );
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe("slug_taken");
    expect(taken.body.error.details.fields).toEqual([
      { field: "slug", code: "taken", message: "is already used" },
    ]);
  });
});
