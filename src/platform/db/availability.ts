/**
 * Errors that mean "the database cannot serve us right now" rather than "this request is wrong":
 * a PostgreSQL server that restarts, fails over or refuses connections, and a SQLite file that stays
 * locked past the busy timeout, turned read-only or ran out of disk. They answer 503 and the job
 * worker backs off; they never crash the process.
 */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
]);

// SQLSTATE classes 08 (connection exception) and 57P (operator intervention: shutdown, crash
// recovery, cannot connect now), 53300 too_many_connections, and the server's storage refusing
// writes: 25006 read_only_sql_transaction (default_transaction_read_only, which managed services
// switch on when storage runs low; a hot standby), 53100 disk_full and 58030 io_error.
const SQLSTATE = /^(08...|57P0[1-4]|53300|25006|53100|58030)$/;

// node-postgres reports lost or unobtainable connections as plain Errors with these messages.
const PG_MESSAGES = ["Connection terminated", "timeout exceeded when trying to connect", "is not queryable"];

const SQLITE_CODES = /^SQLITE_(BUSY|LOCKED|READONLY|IOERR|FULL|CANTOPEN|PROTOCOL)(_|$)/;

export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && (NETWORK_CODES.has(code) || SQLSTATE.test(code) || SQLITE_CODES.test(code)))
    return true;
  const message = (error as { message?: unknown }).message;
  if (typeof message === "string" && PG_MESSAGES.some((m) => message.includes(m))) return true;
  // AggregateError (several addresses refused) and wrapped causes.
  const nested = (error as { errors?: unknown; cause?: unknown }).errors ?? [
    (error as { cause?: unknown }).cause,
  ];
  return Array.isArray(nested) && nested.some((e) => e !== error && isDatabaseUnavailable(e));
}
