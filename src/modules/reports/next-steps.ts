import type { Db } from "../../platform/db/index.js";
import type { EventRow } from "../events/service.js";
import { eventPaymentAccounts } from "../payments/accounts.js";
import { hasLiveAccount } from "../payments/defaults.js";
import type { SalesFigures } from "./sales-summary.js";

/** What an event still lacks before it sells as the organizer likely means it to, in the order to do it. */
export type EventStep =
  | "addDate"
  | "addTicketType"
  | "addQuota"
  | "createPaymentAccount"
  | "addPayment"
  | "notPublic";

export async function eventNextSteps(db: Db, event: EventRow, figures: SalesFigures): Promise<EventStep[]> {
  const steps: EventStep[] = [];
  if (!figures.dates.some((d) => d.dateId !== null)) steps.push("addDate");
  if (figures.ticketTypes.length === 0) steps.push("addTicketType");
  // Without a quota every ticket type sells without limit: worth saying, rarely what a venue wants.
  else if (figures.quotas.length === 0) steps.push("addQuota");
  // Free tickets need no payment method; one priced ticket type does (and one not yet made may be).
  const priced = figures.ticketTypes.some((t) => t.priceMinor > 0);
  if (priced || figures.ticketTypes.length === 0) {
    // With no account at all, choosing one for the event is not possible yet: the account comes first.
    if (!(await hasLiveAccount(db, event.organizer_id))) steps.push("createPaymentAccount");
    else if (priced && (await eventPaymentAccounts(db, event.id)).length === 0) steps.push("addPayment");
  }
  if (event.visibility !== "public") steps.push("notPublic");
  return steps;
}
