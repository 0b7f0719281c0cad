import {
  type DatabaseConnection,
  type Driver,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from "kysely";

/**
 * Kysely's SQLite dialect, with its single connection handed to waiters first come, first served.
 * Kysely's own mutex wakes every waiter on each release and lets all but one wait again: with 200
 * requests in flight a door scan cost three times its work in wake-ups. Here a release resumes
 * exactly the next waiter, so a query waits in line instead of spinning.
 */
export class QueuedSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new QueuedSqliteDriver(this.#config);
  }
}

class QueuedSqliteDriver extends SqliteDriver {
  readonly #waiting: Array<() => void> = [];
  #held = false;

  override async acquireConnection(): Promise<DatabaseConnection> {
    if (this.#held) await new Promise<void>((resume) => this.#waiting.push(resume));
    // Whoever runs here holds the connection: on a hand-over #held stays true throughout.
    this.#held = true;
    return super.acquireConnection();
  }

  // SQLite rolls a transaction back by itself on some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY,
  // SQLITE_NOMEM). Kysely's rollback then fails with "no transaction is active", and that error, a
  // 500, would hide the real one (a 503: the disk is full). The transaction is gone either way.
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await super.rollbackTransaction(connection);
    } catch (error) {
      if (!(error instanceof Error && error.message.includes("no transaction is active"))) throw error;
    }
  }

  override async releaseConnection(): Promise<void> {
    await super.releaseConnection();
    const next = this.#waiting.shift();
    if (next) next();
    else this.#held = false;
  }
}
