import {
  type FailureLimit,
  failureKey,
  failuresSince,
  failureWindowStart,
  recordFailure,
  refuseIfCounted,
} from "../../platform/attempts.js";
import type { Actor } from "../../platform/auth/actor.js";
import { authorize } from "../../platform/auth/policy.js";
import type { Db } from "../../platform/db/index.js";
import { actorLabel } from "../audit/order-log.js";
import type { EventRow } from "../events/service.js";
import { typedTicketCode } from "../orders/ticket-code.js";
import type { CheckinList } from "./lists.js";
import { type RedeemAnswer, type RedeemInput, redeem } from "./redeem.js";

/**
 * Wrong typed codes per scanning device (or staff account) and event within the platform's window:
 * a typo now and then is fine, walking the code space is not.
 */
export const TYPED_CODE_GUESSES: FailureLimit = { scope: "ticket-code", max: 20 };

type RedeemOptions = NonNullable<Parameters<typeof redeem>[6]>;

/**
 * A scan, or the ticket code typed from paper when the QR will not read. A typed code is resolved to
 * its ticket's secret by one read (the unique code index, the order for its event, and this device's
 * failures so far, together) and then redeemed like the scan of that secret. A code that names no
 * ticket of the event counts as a failure and is redeemed as typed, so the log shows "unknown" as for
 * any unknown scan. Scanned secrets and live codes go to redeem without any extra read.
 */
export async function redeemScanOrCode(
  db: Db,
  actor: Actor,
  event: EventRow,
  list: CheckinList,
  input: RedeemInput,
  timeZone: string,
  options: RedeemOptions = {},
): Promise<RedeemAnswer> {
  const code = typedTicketCode(input.secret);
  if (code === undefined) return redeem(db, actor, event, list, input, timeZone, options);
  authorize(actor, "event.checkin", { type: "event", organizerId: event.organizer_id, eventId: event.id });
  const subject = `${event.id}:${options.device ?? actorLabel(actor)}`;
  const row = await db.kysely
    .selectNoFrom((eb) => [
      eb
        .selectFrom("order_positions as p")
        .innerJoin("orders as o", "o.id", "p.order_id")
        .select("p.secret")
        .where("p.ticket_code", "=", code)
        .where("o.event_id", "=", event.id)
        .as("secret"),
      failuresSince(failureKey(TYPED_CODE_GUESSES, subject), failureWindowStart()).as("failures"),
    ])
    .executeTakeFirstOrThrow();
  const guesses = [{ limit: TYPED_CODE_GUESSES, subject }];
  refuseIfCounted(
    [{ limit: TYPED_CODE_GUESSES, count: row.failures }],
    "Too many wrong ticket codes; try again in 15 minutes",
  );
  if (!row.secret) await recordFailure(db, guesses);
  return redeem(db, actor, event, list, { ...input, secret: row.secret ?? input.secret }, timeZone, options);
}
