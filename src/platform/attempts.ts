import { sql } from "kysely";
import { hashToken } from "./crypto.js";
import type { Db } from "./db/index.js";
import { domainError } from "./errors.js";
import { isoIn, isoNow } from "./time.js";

/**
 * Counts failed guesses (passwords, voucher codes, …) per key within a window. Keys are stored only as
 * hashes, in the database, so every node behind the load balancer sees the same counts.
 */
export interface FailureLimit {
  /** e.g. "account", "client", "voucher-client": part of the hashed key. */
  scope: string;
  max: number;
}

export const FAILURE_WINDOW_MS = 15 * 60_000;

const keyOf = (scope: string, subject: string) => hashToken(`${scope}:${subject}`);

/** Throws 429 too_many_attempts when any of the subjects reached its limit within the window. */
export async function refuseIfTooManyFailures(
  db: Db,
  checks: { limit: FailureLimit; subject: string }[],
  message: string,
) {
  const keys = checks.map((c) => keyOf(c.limit.scope, c.subject));
  const rows = await db.kysely
    .selectFrom("login_attempts")
    .select("key_hash")
    .where("key_hash", "in", keys)
    .where("attempted_at", ">", isoIn(-FAILURE_WINDOW_MS))
    .execute();
  checks.forEach((c, i) => {
    const count = rows.filter((r) => r.key_hash === keys[i]).length;
    if (count >= c.limit.max) throw domainError("too_many_attempts", message, 429);
  });
}

export async function recordFailure(db: Db, checks: { limit: FailureLimit; subject: string }[]) {
  const at = isoNow();
  await db.kysely
    .insertInto("login_attempts")
    .values(checks.map((c) => ({ key_hash: keyOf(c.limit.scope, c.subject), attempted_at: at })))
    .execute();
}

export async function clearFailures(db: Db, limit: FailureLimit, subject: string) {
  await db.kysely.deleteFrom("login_attempts").where("key_hash", "=", keyOf(limit.scope, subject)).execute();
}

/** The stored key of one subject's failures: what `failuresSince` counts. */
export const failureKey = (limit: FailureLimit, subject: string) => keyOf(limit.scope, subject);

/** Where the window of counted failures starts now. */
export const failureWindowStart = () => isoIn(-FAILURE_WINDOW_MS);

/**
 * The failures under one key since an instant as a subquery, so a hot path can fold the check into
 * a read it makes anyway (key and instant as values: a prepared query binds them); `refuseIfCounted`
 * then judges the counts.
 */
export function failuresSince(key: string, since: string) {
  return sql<
    number | string
  >`(select count(*) from login_attempts where key_hash = ${key} and attempted_at > ${since})`;
}

export function refuseIfCounted(checks: { limit: FailureLimit; count: number | string }[], message: string) {
  for (const c of checks)
    if (Number(c.count) >= c.limit.max) throw domainError("too_many_attempts", message, 429);
}
