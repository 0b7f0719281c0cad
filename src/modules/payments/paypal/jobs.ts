import type { AppContext } from "../../../platform/context.js";
import type { JobHandler } from "../../../platform/jobs/queue.js";

export function paypalJobHandlers(
  _deps: Pick<AppContext, "config" | "db" | "secrets" | "mailer">,
): [string, JobHandler][] {
  return [];
}
