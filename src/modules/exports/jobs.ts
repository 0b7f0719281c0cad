import type { Db } from "../../platform/db/index.js";
import type { JobHandler } from "../../platform/jobs/queue.js";

/** The export module's background jobs, registered by boot. */
export function exportJobHandlers(_db: Db, _dataDir: string): [string, JobHandler][] {
  return [];
}
