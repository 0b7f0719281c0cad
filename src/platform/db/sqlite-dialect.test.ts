import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { openDatabase } from "./index.js";

// SQLite only: the queue in front of its single connection does not exist on PostgreSQL's pool.
describe("SQLite connection queue", () => {
  it("serves waiting queries first come, first served, none inside another's transaction", async () => {
    const db = openDatabase({ sqlitePath: ":memory:" });
    await sql`create table t (n integer)`.execute(db.kysely);
    const finished: string[] = [];
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const transaction = db.kysely.transaction().execute(async (trx) => {
      await sql`insert into t values (1)`.execute(trx);
      await held;
      await sql`insert into t values (2)`.execute(trx);
      finished.push("transaction");
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const waiting = Array.from({ length: 50 }, (_, i) =>
      sql<{ n: number }>`select count(*) as n from t`.execute(db.kysely).then((r) => {
        finished.push(`query ${i}`);
        return Number(r.rows[0]?.n);
      }),
    );
    release();
    const counts = await Promise.all(waiting);
    await transaction;
    // Every query waited for the whole transaction, and they ran in the order they asked.
    expect(counts).toEqual(Array(50).fill(2));
    expect(finished).toEqual(["transaction", ...Array.from({ length: 50 }, (_, i) => `query ${i}`)]);
    await db.close();
  });

  it("a transaction SQLite rolled back by itself (the database is full) fails with that error, not the rollback's", async () => {
    const db = openDatabase({ sqlitePath: ":memory:" });
    await sql`create table t (b blob)`.execute(db.kysely);
    const pages = await sql<{ page_count: number }>`pragma page_count`.execute(db.kysely);
    // max_page_count is the engine's own size limit: past it a write fails with SQLITE_FULL.
    await sql.raw(`pragma max_page_count = ${pages.rows[0]?.page_count}`).execute(db.kysely);
    const failed = await db.kysely
      .transaction()
      .execute(async (trx) => {
        await sql`insert into t values (zeroblob(100000))`.execute(trx);
      })
      .catch((error: unknown) => error);
    expect((failed as { code?: string }).code).toBe("SQLITE_FULL");
    await sql`pragma max_page_count = 1000`.execute(db.kysely);
    await sql`insert into t values (zeroblob(100000))`.execute(db.kysely);
    await db.close();
  });
});
