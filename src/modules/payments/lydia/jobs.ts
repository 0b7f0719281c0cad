import type { AppContext } from "../../../platform/context.js";
import type { JobHandler } from "../../../platform/jobs/queue.js";
import { LYDIA_CALLBACK_JOB, lydiaCallbackHandler } from "./callbacks.js";

/**
 * Lydia's verified callbacks are acted on here. Polling pending requests (for a lost callback) is a
 * sweep instead: pollPendingLydiaPayments, which boot.ts runs on every worker tick.
 */
export function lydiaJobHandlers(
  deps: Pick<AppContext, "config" | "db" | "secrets">,
): [string, JobHandler][] {
  return [[LYDIA_CALLBACK_JOB, lydiaCallbackHandler(deps)]];
}
