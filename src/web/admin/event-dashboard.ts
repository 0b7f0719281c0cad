import type { FastifyInstance, FastifyRequest } from "fastify";
import { eventForAdmin } from "../../modules/events/lookup.js";
import { eventNextSteps } from "../../modules/reports/next-steps.js";
import { salesSummary } from "../../modules/reports/sales-summary.js";
import { can } from "../../platform/auth/policy.js";
import type { AppContext } from "../../platform/context.js";
import { html } from "../../platform/http/html.js";
import { adminShell } from "../common/admin-shell.js";
import { sendPage } from "../common/layout.js";
import { redirectToLogin } from "../common/login-redirect.js";
import { dashboardView } from "./event-dashboard-views.js";
import { eventTabs } from "./event-tabs.js";

type Params = { Params: { slug: string; event: string } };

/** An event's dashboard: what sold, what is left, what came in, and what to set up next. */
export function eventDashboardPages(ctx: AppContext) {
  const { db } = ctx;
  return async (app: FastifyInstance) => {
    app.get<Params>(
      "/admin/organizers/:slug/events/:event",
      { schema: { hide: true } },
      async (req: FastifyRequest<Params>, reply) => {
        if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
        const { slug } = req.params;
        const event = await eventForAdmin(db, req.actor, { organizer: slug, event: req.params.event });
        const summary = await salesSummary(db, req.actor, event, { platformZone: ctx.config.timeZone });
        // Only who can set the event up is shown what to set up.
        const manages = can(req.actor, "event.manage", {
          type: "event",
          organizerId: event.organizer_id,
          eventId: event.id,
        });
        const steps = manages ? await eventNextSteps(db, event, summary) : [];
        const body = html`${eventTabs(req, slug, event, "dashboard")}
${dashboardView(req, { organizer: slug, summary, steps, visibility: event.visibility, shopUrl: `/e/${slug}/${event.slug}` })}`;
        return sendPage(req, reply, { title: event.name, body: adminShell(req, "organizers", body) });
      },
    );
  };
}
