import type { AppContext } from "../../../platform/context.js";
import type { JobHandler } from "../../../platform/jobs/queue.js";
import { PAYPAL_IPN_JOB, paypalIpnHandler } from "./ipn.js";

export function paypalJobHandlers(
  deps: Pick<AppContext, "config" | "db" | "secrets" | "mailer">,
): [string, JobHandler][] {
  return [[PAYPAL_IPN_JOB, paypalIpnHandler(deps.db)]];
}
