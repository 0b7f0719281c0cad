import type { AppContext } from "../../platform/context.js";
import type { JobHandler } from "../../platform/jobs/queue.js";

/** The payment module's background jobs (verifying notifications, polling providers), registered by boot. */
export function paymentJobHandlers(
  _deps: Pick<AppContext, "config" | "db" | "secrets" | "mailer">,
): [string, JobHandler][] {
  return [];
}
