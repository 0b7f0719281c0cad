import { sql } from "kysely";
import type { Db, DbHandle } from "../db/index.js";
import { prepared } from "../db/prepared.js";
import type { JobsTable } from "../db/schema.js";
import { type Clock, systemClock } from "../time.js";

export interface Job {
  id: number;
  kind: string;
  payload: unknown;
  attempts: number;
}

export type JobHandler = (payload: unknown, job: Job) => Promise<void>;

export interface EnqueueOptions {
  runAt?: Date;
  maxAttempts?: number;
}

const LEASE_MS = 5 * 60_000;
const BASE_BACKOFF_MS = 2_000;
const MAX_BACKOFF_MS = 60 * 60_000;

/**
 * A handler's error with `permanent: true` is a failure no retry can cure (a mailbox the server says
 * does not exist): the job goes to "failed" at once, where an admin sees it, instead of spending its tries.
 */
function isPermanent(error: unknown) {
  return typeof error === "object" && error !== null && (error as { permanent?: unknown }).permanent === true;
}

export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
}

export function enqueue(db: Db, kind: string, payload: unknown, options: EnqueueOptions = {}) {
  return enqueueIn(db.kysely, kind, payload, options);
}

/** Inside a caller's transaction: the job exists exactly when what it follows up on was committed. */
export async function enqueueIn(
  handle: DbHandle,
  kind: string,
  payload: unknown,
  options: EnqueueOptions = {},
) {
  const now = new Date().toISOString();
  const [row] = await insertJob.all(
    handle,
    kind,
    JSON.stringify(payload),
    options.maxAttempts ?? 8,
    (options.runAt ?? new Date()).toISOString(),
    now,
  );
  if (!row) throw new Error("the new job was not returned");
  return row.id;
}

// Every checkout queues its mail in its transaction: compiled once (db/prepared.ts).
const insertJob = prepared(
  (db, kind: string, payload: string, maxAttempts: number, runAt: string, now: string) =>
    db
      .insertInto("jobs")
      .values({
        kind,
        payload,
        status: "pending",
        attempts: 0,
        max_attempts: maxAttempts,
        run_at: runAt,
        created_at: now,
        updated_at: now,
      })
      .returning("id"),
);

/**
 * Takes one due job: pending and due, or running with an expired lease (its worker died).
 * One statement; on PostgreSQL SKIP LOCKED lets many workers claim side by side without waiting.
 */
/** Which kinds a worker lane takes: only these, or all but these. */
export interface JobFilter {
  kinds?: readonly string[];
  exceptKinds?: readonly string[];
}

export async function claimNext(
  db: Db,
  clock: Clock = systemClock,
  filter: JobFilter = {},
): Promise<Job | undefined> {
  const now = clock().toISOString();
  const leaseUntil = new Date(clock().getTime() + LEASE_MS).toISOString();
  const lockClause = db.dialect === "postgres" ? sql`for update skip locked` : sql``;
  const list = (kinds: readonly string[]) => sql.join(kinds.map((kind) => sql`${kind}`));
  const kindClause = filter.kinds?.length
    ? sql`and kind in (${list(filter.kinds)})`
    : filter.exceptKinds?.length
      ? sql`and kind not in (${list(filter.exceptKinds)})`
      : sql``;
  const result = await sql<JobsTable & { id: number }>`
    update jobs set status = 'running', attempts = attempts + 1, locked_until = ${leaseUntil}, updated_at = ${now}
    where id = (
      select id from jobs
      where ((status = 'pending' and run_at <= ${now}) or (status = 'running' and locked_until < ${now}))
      ${kindClause}
      order by run_at, id
      limit 1
      ${lockClause}
    )
    returning id, kind, payload, attempts`.execute(db.kysely);
  const row = result.rows[0];
  if (!row) return undefined;
  return {
    id: Number(row.id),
    kind: row.kind,
    payload: JSON.parse(row.payload),
    attempts: Number(row.attempts),
  };
}

export async function completeJob(db: Db, id: number) {
  await db.kysely
    .updateTable("jobs")
    .set({ status: "done", locked_until: null, updated_at: new Date().toISOString() })
    .where("id", "=", id)
    .execute();
}

export async function failJob(db: Db, job: Job, error: unknown, clock: Clock = systemClock) {
  const message = error instanceof Error ? error.message : String(error);
  const row = await db.kysely
    .selectFrom("jobs")
    .select("max_attempts")
    .where("id", "=", job.id)
    .executeTakeFirst();
  const exhausted = !row || job.attempts >= row.max_attempts || isPermanent(error);
  await db.kysely
    .updateTable("jobs")
    .set({
      status: exhausted ? "failed" : "pending",
      run_at: new Date(clock().getTime() + backoffMs(job.attempts)).toISOString(),
      locked_until: null,
      last_error: message.slice(0, 2000),
      updated_at: clock().toISOString(),
    })
    .where("id", "=", job.id)
    .execute();
}
