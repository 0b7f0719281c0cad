import type { AppContext } from "../../platform/context.js";
import type { JobHandler } from "../../platform/jobs/queue.js";

/** The payment module's background jobs (verifying notifications, polling providers), registered by boot. */
export function paymentJobHandlers(
  _ctx: Omit<AppContext, "jobHandlers" | "sweeps" | "log">,
): [string, JobHandler][] {
  return [];
}
