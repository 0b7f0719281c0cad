import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { type Db, type Dialect, openDatabase } from "../platform/db/index.js";
import { migrateToLatest } from "../platform/db/migrate.js";

/** Set by scripts/test.mjs (or by hand) to a PostgreSQL server URL whose user may create databases. */
const PG_URL = process.env.TEST_DATABASE_URL;

/**
 * The dialects every database test runs on. Without TEST_DATABASE_URL the PostgreSQL half is
 * skipped (the test script says so loudly); under CI that is an error, never a silent skip.
 */
export const dialects: Dialect[] = PG_URL ? ["sqlite", "postgres"] : ["sqlite"];
if (!PG_URL && process.env.CI)
  throw new Error("CI requires TEST_DATABASE_URL: PostgreSQL tests must not be skipped");

export interface TestDatabase {
  db: Db;
  dialect: Dialect;
  /** The URL (postgres) or file (sqlite), for starting other processes on the same database. */
  databaseUrl?: string;
  sqlitePath?: string;
  dataDir: string;
  drop(): Promise<void>;
}

function withDatabaseName(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fresh, migrated database of its own (a temp SQLite file, or a new PostgreSQL database). */
export async function createTestDatabase(
  dialect: Dialect,
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tessera-test-"));
  let db: Db;
  let databaseUrl: string | undefined;
  let sqlitePath: string | undefined;
  let dropDatabase = async () => {};
  if (dialect === "postgres") {
    if (!PG_URL) throw new Error("TEST_DATABASE_URL is not set");
    const name = `tessera_t_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    databaseUrl = withDatabaseName(PG_URL, name);
    db = openDatabase({ databaseUrl, poolSize: 20 });
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  } else {
    sqlitePath = path.join(dataDir, "tessera.sqlite");
    db = openDatabase({ sqlitePath });
  }
  if (options.migrate !== false) await migrateToLatest(db);
  return {
    db,
    dialect,
    databaseUrl,
    sqlitePath,
    dataDir,
    async drop() {
      await db.close();
      await dropDatabase();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
