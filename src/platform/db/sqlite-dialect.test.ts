import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, sql } from "kysely";
import { describe, expect, it } from "vitest";
import { openDatabase } from "./index.js";
import type { Database } from "./schema.js";
import { type GroupCommitLimits, QueuedSqliteDialect } from "./sqlite-dialect.js";

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

  describe("group commit", () => {
    // A file of its own and a second connection that sees only what was committed, as another
    // process would; the serving connection counts the commits it runs.
    const setUp = (limits?: GroupCommitLimits) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tessera-group-"));
      const file = path.join(dir, "db.sqlite");
      const database = new SQLite(file);
      database.pragma("journal_mode = WAL");
      database.exec("create table t (n integer primary key, note text)");
      let commits = 0;
      const kysely = new Kysely<Database>({
        dialect: new QueuedSqliteDialect(
          {
            database: {
              close: () => database.close(),
              prepare: (query: string) => {
                if (query === "commit") commits++;
                return database.prepare(query);
              },
            },
          },
          limits,
        ),
      });
      const observer = new SQLite(file, { readonly: true });
      const committed = (n: number) =>
        observer.prepare("select count(*) as c from t where n = ?").get(n) as { c: number };
      const rows = () =>
        (observer.prepare("select n from t order by n").all() as { n: number }[]).map((r) => r.n);
      const close = async () => {
        observer.close();
        await kysely.destroy();
        fs.rmSync(dir, { recursive: true, force: true });
      };
      return { kysely, committed, rows, commits: () => commits, close };
    };
    const insert = (n: number) => sql`insert into t (n) values (${n})`;

    it("commits transactions waiting in line together, and answers each only once it is committed", async () => {
      const s = setUp();
      const seenAtAnswer: number[] = [];
      await Promise.all(
        Array.from({ length: 200 }, (_, n) =>
          s.kysely
            .transaction()
            .execute(async (trx) => {
              await insert(n).execute(trx);
              await sql`update t set note = 'x' where n = ${n}`.execute(trx);
            })
            .then(() => seenAtAnswer.push(s.committed(n).c)),
        ),
      );
      expect(seenAtAnswer).toEqual(Array(200).fill(1));
      expect(s.rows()).toHaveLength(200);
      // 200 transactions in groups of at most 64 (or 10 ms): a handful of commits, not 200.
      expect(s.commits()).toBeGreaterThanOrEqual(4);
      expect(s.commits()).toBeLessThan(50);
      await s.close();
    });

    it("with limits of one (several processes on one file) commits each transaction by itself", async () => {
      const s = setUp({ maxMembers: 1, maxAgeMs: 0 });
      await Promise.all(
        Array.from({ length: 50 }, (_, n) => s.kysely.transaction().execute((trx) => insert(n).execute(trx))),
      );
      expect(s.rows()).toHaveLength(50);
      expect(s.commits()).toBe(50);
      await s.close();
    });

    it("a write outside any transaction is committed before it answers, with the group before it", async () => {
      const s = setUp();
      const seen: string[] = [];
      await Promise.all([
        ...Array.from({ length: 10 }, (_, n) =>
          s.kysely.transaction().execute(async (trx) => {
            await insert(n).execute(trx);
          }),
        ),
        insert(100)
          .execute(s.kysely)
          .then(() =>
            seen.push(`write ${s.committed(100).c}, group ${s.rows().filter((n) => n < 10).length}`),
          ),
        ...Array.from({ length: 10 }, (_, n) =>
          s.kysely.transaction().execute(async (trx) => {
            await insert(n + 10).execute(trx);
          }),
        ),
      ]);
      expect(seen).toEqual(["write 1, group 10"]);
      expect(s.rows()).toHaveLength(21);
      await s.close();
    });

    it("a transaction that fails takes back only its own writes; the others in its group commit", async () => {
      const s = setUp();
      const outcomes = await Promise.allSettled(
        Array.from({ length: 60 }, (_, n) =>
          s.kysely.transaction().execute(async (trx) => {
            await insert(n).execute(trx);
            if (n % 3 === 0) throw new Error(`refused ${n}`);
            // Every fifth runs into a unique violation after its first write.
            if (n % 5 === 0) await insert(n).execute(trx);
          }),
        ),
      );
      const kept = Array.from({ length: 60 }, (_, n) => n).filter((n) => n % 3 !== 0 && n % 5 !== 0);
      expect(s.rows()).toEqual(kept);
      expect(outcomes.map((o) => o.status)).toEqual(
        outcomes.map((_, n) => (kept.includes(n) ? "fulfilled" : "rejected")),
      );
      expect((outcomes[3] as PromiseRejectedResult).reason.message).toBe("refused 3");
      expect((outcomes[5] as PromiseRejectedResult).reason.code).toBe("SQLITE_CONSTRAINT_PRIMARYKEY");
      expect(s.commits()).toBeLessThan(20);
      await s.close();
    });

    it("queries between the transactions of a group see its writes, and a failing group answers every member with the failure", async () => {
      const s = setUp();
      const pages = await sql<{ page_count: number }>`pragma page_count`.execute(s.kysely);
      await sql.raw(`pragma max_page_count = ${Number(pages.rows[0]?.page_count) + 2}`).execute(s.kysely);
      const outcomes = await Promise.allSettled(
        Array.from({ length: 40 }, (_, n) =>
          n % 2 === 1
            ? sql<{ c: number }>`select count(*) as c from t where n = ${n - 1}`.execute(s.kysely)
            : s.kysely.transaction().execute(async (trx) => {
                // The tenth runs the database out of pages.
                if (n === 20) await sql`insert into t (n, note) values (${n}, zeroblob(200000))`.execute(trx);
                else await insert(n).execute(trx);
              }),
        ),
      );
      // Each query after a transaction saw its row, although the group had not committed yet.
      for (let n = 1; n < 40; n += 2) {
        const outcome = outcomes[n] as PromiseFulfilledResult<{ rows: { c: number }[] }>;
        if (n - 1 !== 20 && outcome.status === "fulfilled") expect(Number(outcome.value.rows[0]?.c)).toBe(1);
      }
      // Whatever SQLite rolled back (the statement or the whole group), no transaction was told
      // "committed" for a row that is not there, and none failed whose row is.
      const stored = new Set(s.rows());
      for (let n = 0; n < 40; n += 2) {
        expect(outcomes[n]?.status).toBe(stored.has(n) ? "fulfilled" : "rejected");
        if (outcomes[n]?.status === "rejected")
          expect((outcomes[n] as PromiseRejectedResult).reason.code).toBe("SQLITE_FULL");
      }
      expect(stored.has(20)).toBe(false);
      await s.close();
    });
  });
});
