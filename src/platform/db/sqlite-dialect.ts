import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type SqliteDatabase,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from "kysely";

/**
 * Kysely's SQLite dialect, with its single connection handed to waiters first come, first served,
 * and transactions that follow one another committed together.
 *
 * The queue: Kysely's own mutex wakes every waiter on each release and lets all but one wait again;
 * with 200 requests in flight a door scan cost three times its work in wake-ups. Here a release
 * resumes exactly the next waiter.
 *
 * Group commit: in a rush the commit was a third of each checkout's database time (it writes the
 * order's pages, its indexes' and the quota's to the WAL, and writes are the slow part here). A
 * transaction ends at a savepoint inside one outer transaction that stays open until the event loop
 * has run the other requests it is serving (setImmediate), so the checkouts of one turn share one
 * commit; a group also commits after `maxMembers` transactions or once it is `maxAgeMs` old. Each
 * transaction still answers only once its group has committed (a caller never hears "done" for
 * something a crash could take back) and still fails on its own: its savepoint is rolled back and the
 * others go on. Reads outside a transaction that run in between see what the group has written so
 * far, as they would a moment later; a write outside a transaction commits the group first, so that
 * it too is answered only once it is committed. If the group itself fails (SQLite rolls everything
 * back on a full disk, or the commit fails), every transaction in it fails with that error.
 * Savepoints keep their undo pages in a sub-journal: `temp_store = MEMORY` (index.ts) keeps it off
 * the disk.
 */
export class QueuedSqliteDialect extends SqliteDialect {
  readonly #config: QueuedSqliteConfig;
  readonly #grouping: GroupCommitLimits;

  constructor(config: QueuedSqliteConfig, grouping: GroupCommitLimits = DEFAULT_LIMITS) {
    super(config);
    this.#config = config;
    this.#grouping = grouping;
  }

  override createDriver(): Driver {
    return new QueuedSqliteDriver(this.#config, this.#grouping);
  }
}

/** The database is given as it is (not as a factory): the driver asks it whether a statement reads. */
export type QueuedSqliteConfig = SqliteDialectConfig & { database: SqliteDatabase };

export interface GroupCommitLimits {
  /** Transactions in one group at most; 1 commits every transaction by itself. */
  maxMembers: number;
  /** A group older than this commits when its next member ends, so that its first member's answer waits no longer. */
  maxAgeMs: number;
}

const DEFAULT_LIMITS: GroupCommitLimits = { maxMembers: 64, maxAgeMs: 10 };

const BEGIN = CompiledQuery.raw("begin immediate");
const COMMIT = CompiledQuery.raw("commit");
const ROLLBACK = CompiledQuery.raw("rollback");
const SAVEPOINT = CompiledQuery.raw("savepoint tessera_member");
const RELEASE = CompiledQuery.raw("release tessera_member");
const ROLLBACK_MEMBER = CompiledQuery.raw("rollback to tessera_member");

/** The open outer transaction and the members waiting for its commit. */
class CommitGroup {
  readonly openedAt = Date.now();
  members = 0;
  closed = false;
  readonly done: Promise<void>;
  settle: (error?: unknown) => void = () => {};

  constructor() {
    this.done = new Promise<void>((resolve, reject) => {
      this.settle = (error) => (error === undefined ? resolve() : reject(error));
    });
    // Nobody may be waiting (a group of plain queries): a failure is then nobody's to hear.
    this.done.catch(() => {});
  }
}

/**
 * One turn on the connection. Kysely hands the same object to every driver call of a query or a
 * transaction, so a transaction that gave its turn away early can be told apart when it releases.
 */
class Lease implements DatabaseConnection {
  handedOver = false;
  member: CommitGroup | undefined;

  constructor(
    /** The connection itself: the driver's own statements (begin, savepoints, commit) go straight to it. */
    readonly connection: DatabaseConnection,
    private readonly driver: QueuedSqliteDriver,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    // A write outside any transaction is answered as done once it is: the group before it commits
    // first, and the write then commits by itself. Reads run inside the group.
    if (!this.member && this.driver.groupOpen && !this.driver.reads(query.sql))
      await this.driver.commitGroup(this.connection);
    try {
      return await this.connection.executeQuery<R>(query);
    } catch (error) {
      this.driver.lastError = error;
      throw error;
    }
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    // A stream may take long between rows: the group's members should not wait for it (a stream
    // inside a transaction has to wait with its group, whose commit would end it half done).
    if (!this.member) await this.driver.commitGroup(this.connection);
    yield* this.connection.streamQuery<R>(query, chunkSize);
  }
}

class QueuedSqliteDriver extends SqliteDriver {
  readonly #waiting: Array<() => void> = [];
  readonly #limits: GroupCommitLimits;
  #held = false;
  #connection: DatabaseConnection | undefined;
  #group: CommitGroup | undefined;
  /** The last error a statement raised: the reason, when SQLite has rolled a whole group back. */
  lastError: unknown;

  readonly #database: SqliteDatabase;

  constructor(config: QueuedSqliteConfig, limits: GroupCommitLimits) {
    super(config);
    this.#database = config.database;
    this.#limits = limits;
  }

  get groupOpen(): boolean {
    return this.#group !== undefined;
  }

  /** Whether a statement only reads (the statement cache makes this the same statement the query then runs). */
  reads(sql: string): boolean {
    return this.#database.prepare(sql).reader;
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    if (this.#held) await new Promise<void>((resume) => this.#waiting.push(resume));
    // Whoever runs here holds the connection: on a hand-over #held stays true throughout.
    this.#held = true;
    return new Lease(this.#connection ?? (await this.#theConnection()), this);
  }

  // SqliteDriver keeps its one connection behind a mutex of its own; the queue here replaces that
  // mutex, so it is taken once to get the connection and left open.
  async #theConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    await super.releaseConnection();
    this.#connection = connection;
    return connection;
  }

  override async beginTransaction(lease: DatabaseConnection): Promise<void> {
    // Immediate: the write lock is taken at the start, so that a member which only reads first cannot
    // find another process's commit in its way when it writes (SQLite would fail it without waiting).
    const { connection } = lease as Lease;
    if (!this.#group) {
      await connection.executeQuery(BEGIN);
      const group = new CommitGroup();
      this.#group = group;
      // The transactions of the requests the event loop is serving right now join it; the commit
      // comes once the loop has run them (and waits in line behind whoever holds the connection then).
      setImmediate(() => void this.#commitInTurn(group));
    }
    await connection.executeQuery(SAVEPOINT);
    (lease as Lease).member = this.#group;
  }

  override async commitTransaction(lease: DatabaseConnection): Promise<void> {
    const own = lease as Lease;
    const group = own.member as CommitGroup;
    await own.connection.executeQuery(RELEASE);
    group.members++;
    if (group.members >= this.#limits.maxMembers || Date.now() - group.openedAt >= this.#limits.maxAgeMs) {
      await this.commitGroup(own.connection);
      return;
    }
    own.handedOver = true;
    this.#next();
    await group.done;
  }

  override async rollbackTransaction(lease: DatabaseConnection): Promise<void> {
    const own = lease as Lease;
    // Its group failed after it had handed over (the commit failed): there is nothing left to undo,
    // and the connection is somebody else's by now.
    if (own.member?.closed) return;
    const cause = this.lastError;
    try {
      await own.connection.executeQuery(ROLLBACK_MEMBER);
      await own.connection.executeQuery(RELEASE);
    } catch {
      // SQLite rolled the whole transaction back by itself (SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY,
      // SQLITE_NOMEM): the savepoint is gone with the members before this one.
      this.#failGroup(cause);
    }
  }

  // Kysely passes the connection it acquired, although SqliteDriver's signature names none.
  override async releaseConnection(lease?: DatabaseConnection): Promise<void> {
    if ((lease as Lease | undefined)?.handedOver) return;
    this.#next();
  }

  async #commitInTurn(group: CommitGroup): Promise<void> {
    if (this.#group !== group) return; // committed already: it reached its limits
    const lease = await this.acquireConnection();
    // The members hear a failure; the commit has nobody else to tell.
    if (this.#group === group) await this.commitGroup((lease as Lease).connection).catch(() => {});
    this.#next();
  }

  /** Commits the open group, if there is one; its members hear the outcome. */
  async commitGroup(connection: DatabaseConnection): Promise<void> {
    if (!this.#group) return;
    try {
      await connection.executeQuery(COMMIT);
    } catch (error) {
      try {
        // SQLite may have ended the transaction itself; the connection throws synchronously then.
        await connection.executeQuery(ROLLBACK);
      } catch {}
      this.#failGroup(error);
      throw error;
    }
    this.#close();
  }

  #failGroup(error: unknown): void {
    this.#close(error ?? new Error("the transaction was rolled back"));
  }

  /** Ends the open group (if any); its members hear `failure`, or that they are committed. */
  #close(failure?: unknown): void {
    const group = this.#group;
    if (!group) return;
    this.#group = undefined;
    group.closed = true;
    group.settle(failure);
  }

  #next(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#held = false;
  }
}
