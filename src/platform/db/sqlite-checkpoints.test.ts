import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { openDatabase } from "./index.js";

/** Rows of `t` in the database file alone, as a copy without its WAL reads them. */
function rowsInFileAlone(file: string): number {
  const copy = `${file}.copy`;
  fs.copyFileSync(file, copy);
  const reader = new SQLite(copy, { readonly: true });
  try {
    const exists = reader.prepare("select count(*) as n from sqlite_master where name = 't'").get() as {
      n: number;
    };
    if (exists.n === 0) return 0;
    return (reader.prepare("select count(*) as n from t").get() as { n: number }).n;
  } finally {
    reader.close();
    fs.rmSync(copy);
  }
}

// SQLite only: PostgreSQL has no WAL of the application's to copy back.
describe("SQLite checkpoints in the background", () => {
  it("copies committed transactions into the database file while the serving connection only commits", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tessera-ckpt-"));
    const file = path.join(dir, "t.sqlite");
    const db = openDatabase({ sqlitePath: file, backgroundCheckpoints: true });
    await sql`create table t (n integer, padding text)`.execute(db.kysely);
    for (let i = 0; i < 300; i++)
      await db.kysely.transaction().execute(async (trx) => {
        await sql`insert into t values (${i}, ${"x".repeat(500)})`.execute(trx);
      });
    // Far below the serving connection's own limit (10,000 pages): only the thread copies them.
    let copied = rowsInFileAlone(file);
    for (let wait = 0; wait < 50 && copied < 300; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      copied = rowsInFileAlone(file);
    }
    expect(copied).toBe(300);
    await db.close();
    const reopened = openDatabase({ sqlitePath: file });
    const count = await sql<{ n: number }>`select count(*) as n from t`.execute(reopened.kysely);
    expect(Number(count.rows[0]?.n)).toBe(300);
    await reopened.close();
    fs.rmSync(dir, { recursive: true });
  });

  it("leaves the default behaviour to connections that do not ask for it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tessera-ckpt-"));
    const file = path.join(dir, "t.sqlite");
    const db = openDatabase({ sqlitePath: file });
    await sql`create table t (n integer, padding text)`.execute(db.kysely);
    for (let i = 0; i < 20; i++) await sql`insert into t values (${i}, ${"x"})`.execute(db.kysely);
    await new Promise((resolve) => setTimeout(resolve, 600));
    // Twenty small commits stay in the WAL until SQLite's own threshold of 1,000 pages.
    expect(rowsInFileAlone(file)).toBe(0);
    await db.close();
    fs.rmSync(dir, { recursive: true });
  });
});
