import type { AppContext } from "../../platform/context.js";
import type { JobHandler } from "../../platform/jobs/queue.js";
import { lydiaJobHandlers } from "./lydia/jobs.js";
import { paypalJobHandlers } from "./paypal/jobs.js";

/** The payment module's background jobs (verifying notifications, polling providers), registered by boot. */
export function paymentJobHandlers(
  deps: Pick<AppContext, "config" | "db" | "secrets" | "mailer">,
): [string, JobHandler][] {
  return [...paypalJobHandlers(deps), ...lydiaJobHandlers(deps)];
}
