import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, dialects, type TestDatabase } from "../../testing/databases.js";
import { type Db, isUniqueViolation, openDatabase, toCount } from "./index.js";
import { migrateToLatest } from "./migrate.js";

describe.each(dialects)("migrations on %s", (dialect) => {
  let database: TestDatabase;
  const extra: Db[] = [];
  afterEach(async () => {
    for (const db of extra.splice(0)) await db.close();
    await database?.drop();
  });

  // SQLite handles in one process would block each other's thread (better-sqlite3 is synchronous), so
  // SQLite's concurrent start is proved with real processes in src/cli.process.test.ts.
  it("migrate from several connections at once: every table once, no error", async () => {
    database = await createTestDatabase(dialect, { migrate: false });
    // Separate pools, as separate processes would have.
    for (let i = 0; i < (dialect === "postgres" ? 4 : 1); i++) {
      extra.push(openDatabase({ databaseUrl: database.databaseUrl, sqlitePath: database.sqlitePath }));
    }
    const results = await Promise.all(extra.map((db) => migrateToLatest(db)));
    const applied = results.flat().filter((r) => r.status === "Success");
    expect(applied.map((r) => r.migrationName)).toEqual([
      "0001_foundation",
      "0002_ticketing",
      "0003_options",
      "0004_required_information",
      "0005_payments_documents_exports",
      "0006_checkin",
      "0007_rooms",
      "0008_guestcards",
      "0009_experiences",
      "0010_wallet",
      "0011_privacy",
      "0012_backoffice",
      "0013_idempotency",
      "0014_waiting_room",
      "0015_ticket_codes",
      "0016_email_confirmation",
      "0017_card_payments",
      "0018_venues",
      "0019_translations",
      "0020_test_mode",
    ]);
    // Running again is a no-op.
    expect(await migrateToLatest(database.db)).toEqual([]);
    const row = await database.db.kysely
      .selectFrom("users")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    expect(toCount(row.n)).toBe(0);
  });

  it("translates unique violations the same way on both dialects", async () => {
    database = await createTestDatabase(dialect);
    const values = { slug: "same", name: "A", created_at: new Date().toISOString() };
    await database.db.kysely.insertInto("organizers").values(values).execute();
    const error = await database.db.kysely
      .insertInto("organizers")
      .values(values)
      .execute()
      .catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
  });

  it("enforces CHECK constraints", async () => {
    database = await createTestDatabase(dialect);
    const insert = database.db.kysely
      .insertInto("users")
      .values({
        email: "x@example.org",
        name: "X",
        password_hash: null,
        kind: "bogus" as "internal",
        is_platform_admin: 0,
        locale: null,
        school: null,
        class_year: null,
        created_at: "now",
      })
      .execute();
    await expect(insert).rejects.toThrow();
  });
});
