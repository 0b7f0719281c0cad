import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { eventForAdmin } from "../../modules/events/lookup.js";
import { presentSummary } from "../../modules/reports/present.js";
import { salesSummary } from "../../modules/reports/sales-summary.js";
import type { AppContext } from "../../platform/context.js";
import { errorResponses } from "../../platform/http/schemas.js";
import { EventParams } from "../params.js";
import { SalesSummary, SummaryQuery } from "./schemas.js";

export function reportApiRoutes(ctx: AppContext) {
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      "/api/v1/organizers/:organizer/events/:event/summary",
      {
        schema: {
          tags: ["reports"],
          summary:
            "Sales summary (view level): tickets sold and held per date and ticket type against the quotas, revenue, orders per day",
          params: EventParams,
          querystring: SummaryQuery,
          response: { 200: SalesSummary, ...errorResponses },
        },
      },
      async (req) => {
        const event = await eventForAdmin(ctx.db, req.actor, req.params);
        const summary = await salesSummary(ctx.db, req.actor, event, {
          platformZone: ctx.config.timeZone,
          days: req.query.days,
        });
        return presentSummary(summary);
      },
    );
  };
}
