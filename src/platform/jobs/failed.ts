import type { Db } from "../db/index.js";

/** A job that used up its tries (status "failed"): a dead letter until someone sends it again. */
export interface FailedJob {
  id: number;
  kind: string;
  payload: unknown;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  /** When the last try gave up. */
  failedAt: string;
}

/** Failed jobs of these kinds, the most recent failure first. */
export async function listFailedJobs(db: Db, kinds: readonly string[], limit = 200): Promise<FailedJob[]> {
  if (kinds.length === 0) return [];
  const rows = await db.kysely
    .selectFrom("jobs")
    .select(["id", "kind", "payload", "attempts", "last_error", "created_at", "updated_at"])
    .where("status", "=", "failed")
    .where("kind", "in", [...kinds])
    .orderBy("updated_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    payload: JSON.parse(r.payload) as unknown,
    attempts: Number(r.attempts),
    lastError: r.last_error,
    createdAt: r.created_at,
    failedAt: r.updated_at,
  }));
}

/**
 * Puts failed jobs of these kinds (one by id, or all) back in the queue with a fresh set of tries, due
 * now. One conditional update: a job that is no longer failed (sent again by a second admin a moment
 * earlier, or of another kind) is left alone. Returns how many went back.
 */
export async function retryFailedJobs(
  db: Db,
  kinds: readonly string[],
  id?: number,
  now: Date = new Date(),
): Promise<number> {
  if (kinds.length === 0) return 0;
  let update = db.kysely
    .updateTable("jobs")
    .set({
      status: "pending",
      attempts: 0,
      run_at: now.toISOString(),
      locked_until: null,
      updated_at: now.toISOString(),
    })
    .where("status", "=", "failed")
    .where("kind", "in", [...kinds]);
  if (id !== undefined) update = update.where("id", "=", id);
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
