import type { Db } from "../../platform/db/index.js";
import { isLocale } from "../../platform/i18n/index.js";
import type { JobHandler } from "../../platform/jobs/queue.js";
import { EXPORT_JOB, runExport } from "./service.js";

/** The export module's background jobs, registered by boot. */
export function exportJobHandlers(db: Db, dataDir: string, timeZone: string): [string, JobHandler][] {
  return [
    [
      EXPORT_JOB,
      async (payload) => {
        const { exportId, locale } = payload as { exportId: number; locale?: string };
        await runExport(db, dataDir, timeZone, exportId, isLocale(locale) ? locale : "en");
      },
    ],
  ];
}
