import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { Database } from "./schema.js";
import { checkpointInBackground } from "./sqlite-checkpoints.js";
import { QueuedSqliteDialect } from "./sqlite-dialect.js";
import { withStatementCache } from "./sqlite-statements.js";

export type Dialect = "sqlite" | "postgres";

export interface Db {
  kysely: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

export type DbHandle = Kysely<Database>;

export interface OpenOptions {
  /** postgres:// URL; otherwise SQLite at `sqlitePath`. */
  databaseUrl?: string;
  sqlitePath?: string;
  poolSize?: number;
  /** How long a request waits for a PostgreSQL connection before it answers 503 (ms). */
  connectTimeoutMs?: number;
  /** Told (without personal data: errors carry none) whenever a connection breaks. */
  onConnectionLost?: (error: Error) => void;
  /** SQLite: copy the WAL into the database file from a thread of its own (the server does). */
  backgroundCheckpoints?: boolean;
  /**
   * SQLite: commit the transactions of one event-loop turn together (see sqlite-dialect.ts); on by
   * default. Off where several processes write the file: a group holds the write lock across a turn of
   * the loop, and the other process sleeps in SQLite's busy handler meanwhile (p99 2.7 s in a rush).
   */
  groupCommit?: boolean;
}

/**
 * WAL pages (4 KiB each) after which a connection with background checkpoints still checkpoints
 * itself: SQLite starts the WAL over only after a checkpoint of the writer's own, and the bound
 * keeps the WAL small if the thread falls behind.
 */
const FALLBACK_CHECKPOINT_PAGES = 10_000;

const COMMIT_EACH = { maxMembers: 1, maxAgeMs: 0 };

export function openDatabase(options: OpenOptions): Db {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      keepAlive: true,
    });
    const lost = options.onConnectionLost ?? (() => {});
    // A connection that breaks must never crash the process. The pool forwards errors of idle
    // clients to its own "error" event; a checked-out client (inside a transaction, between two
    // queries) emits on itself, and an EventEmitter "error" without a listener kills Node. The
    // broken client is not queryable any more, so the pool drops it on release and opens anew.
    pool.on("connect", (client) => client.on("error", lost));
    pool.on("error", () => {}); // the client's own listener above has already reported it
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { kysely, dialect: "postgres", close: () => kysely.destroy() };
  }
  const file = options.sqlitePath ?? ":memory:";
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const database = new SQLite(file);
  database.pragma("journal_mode = WAL");
  database.pragma("busy_timeout = 5000");
  database.pragma("foreign_keys = ON");
  database.pragma("synchronous = NORMAL");
  database.pragma("temp_store = MEMORY");
  const checkpoints =
    options.backgroundCheckpoints && file !== ":memory:" ? checkpointInBackground(file) : undefined;
  if (checkpoints) {
    database.pragma(`wal_autocheckpoint = ${FALLBACK_CHECKPOINT_PAGES}`);
    // A WAL file that grew during a rush is cut back when SQLite starts it over.
    database.pragma(`journal_size_limit = ${FALLBACK_CHECKPOINT_PAGES * 4096}`);
  }
  const kysely = new Kysely<Database>({
    dialect: new QueuedSqliteDialect(
      { database: withStatementCache(database) },
      options.groupCommit === false ? COMMIT_EACH : undefined,
    ),
  });
  return {
    kysely,
    dialect: "sqlite",
    close: async () => {
      await checkpoints?.stop();
      await kysely.destroy();
    },
  };
}

/** Unique violations in either dialect, so services can turn them into domain errors. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "23505";
}

/** A row still referenced elsewhere (a delete racing an insert that names it), in either dialect. */
export function isForeignKeyViolation(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === "SQLITE_CONSTRAINT_FOREIGNKEY" || code === "23503";
}

/** Runs a write; a unique violation becomes the domain error the caller names (e.g. "slug_taken"). */
export async function unlessDuplicate<T>(write: () => Promise<T>, duplicate: () => Error): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate();
    throw error;
  }
}

/** PostgreSQL returns count(*) as a string. */
export const toCount = (value: unknown): number => Number(value ?? 0);
