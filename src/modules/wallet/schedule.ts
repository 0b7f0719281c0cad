import type { Db } from "../../platform/db/index.js";
import { enqueue } from "../../platform/jobs/queue.js";
import { pullCursorName, WALLET_SYNC_JOB } from "./sync.js";

const EVERY_MS = 60_000;

/**
 * The sweep that keeps wallets in step: a sync job per organizer with a provider, at most once a
 * minute and never while one is waiting or running (the job queue retries failures with backoff).
 */
export async function scheduleWalletSyncs(db: Db, now = Date.now()): Promise<number> {
  const [organizers, cursors] = await Promise.all([
    db.kysely
      .selectFrom("wallet_settings")
      .select("organizer_id")
      .where("provider_url", "is not", null)
      .execute(),
    db.kysely
      .selectFrom("sync_cursors")
      .select(["name", "last_run_at"])
      .where("name", "like", "wallet:%")
      .execute(),
  ]);
  const lastRun = new Map(cursors.map((c) => [c.name, c.last_run_at]));
  const busy = await db.kysely
    .selectFrom("jobs")
    .select("payload")
    .where("kind", "=", WALLET_SYNC_JOB)
    .where("status", "in", ["pending", "running"])
    .execute();
  const waiting = new Set(busy.map((j) => (JSON.parse(j.payload) as { organizerId: number }).organizerId));
  let queued = 0;
  for (const { organizer_id } of organizers) {
    const last_run_at = lastRun.get(pullCursorName(organizer_id));
    if (waiting.has(organizer_id)) continue;
    if (last_run_at && now - Date.parse(last_run_at) < EVERY_MS) continue;
    await enqueue(db, WALLET_SYNC_JOB, { organizerId: organizer_id });
    queued++;
  }
  return queued;
}
