import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../platform/context.js";
import { eventDatePages } from "./event-dates.js";
import { eventQuotaPages } from "./event-quotas.js";
import { eventSettingsPages } from "./event-settings.js";
import { eventTicketTypePages } from "./event-ticket-types.js";
import { eventVoucherPages } from "./event-vouchers.js";

/**
 * An event's backoffice, one page per section (src/web/admin/event-tabs.ts): every form posts to its
 * own section and comes back to it. The event's base address is its dashboard, served elsewhere.
 */
export function adminEventPages(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    await app.register(eventDatePages(ctx));
    await app.register(eventTicketTypePages(ctx));
    await app.register(eventQuotaPages(ctx));
    await app.register(eventVoucherPages(ctx));
    await app.register(eventSettingsPages(ctx));
  };
}
