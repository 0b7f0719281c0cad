import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, dialects, type TestDatabase } from "../../testing/databases.js";
import { isoNow } from "../time.js";
import { prepared } from "./prepared.js";

const organizerBySlug = prepared((db, slug: string) =>
  db.selectFrom("organizers").select(["id", "name"]).where("slug", "=", slug).where("id", ">", 0),
);
const addOrganizer = prepared((db, slug: string, name: string, now: string) =>
  db.insertInto("organizers").values({ slug, name, created_at: now }),
);

describe.each(dialects)("prepared queries (%s)", (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(() => t.drop());

  it("binds each call's arguments into the query compiled once, constants included", async () => {
    await addOrganizer.execute(t.db.kysely, "alpha", "Alpha", isoNow());
    await addOrganizer.execute(t.db.kysely, "beta", "Beta", isoNow());
    expect(await organizerBySlug.first(t.db.kysely, "alpha")).toMatchObject({ name: "Alpha" });
    expect(await organizerBySlug.first(t.db.kysely, "beta")).toMatchObject({ name: "Beta" });
    expect(await organizerBySlug.all(t.db.kysely, "gamma")).toEqual([]);
  });

  it("runs inside a transaction, which rolls back with it", async () => {
    await expect(
      t.db.kysely.transaction().execute(async (trx) => {
        await addOrganizer.execute(trx, "delta", "Delta", isoNow());
        expect(await organizerBySlug.first(trx, "delta")).toMatchObject({ name: "Delta" });
        throw new Error("undo");
      }),
    ).rejects.toThrow("undo");
    expect(await organizerBySlug.first(t.db.kysely, "delta")).toBeUndefined();
  });

  it("refuses a builder that uses an argument other than as a bound value", async () => {
    const inlined = prepared((db, slug: string) =>
      db.selectFrom("organizers").select("id").where("slug", "=", slug.toUpperCase()),
    );
    await expect(inlined.first(t.db.kysely, "alpha")).rejects.toThrow("bind each of its arguments");
  });
});
