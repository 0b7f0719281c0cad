import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { timeZoneChoices } from "../../modules/events/time-zone.js";
import { findOrganizer, type Organizer, updateOrganizer } from "../../modules/organizers/service.js";
import { authorize } from "../../platform/auth/policy.js";
import type { AppContext } from "../../platform/context.js";
import { html } from "../../platform/http/html.js";
import { adminShell } from "../common/admin-shell.js";
import { flashOf } from "../common/flash.js";
import { errorSummary, type FieldErrors, field, fieldErrors, formBody, select } from "../common/forms.js";
import { alert, csrfField, sendPage } from "../common/layout.js";
import { redirectToLogin } from "../common/login-redirect.js";

type Params = { Params: { slug: string } };

/** An organizer's own settings (owners): its name and the time zone its events are shown in. */
export function organizerSettingsPages(ctx: AppContext) {
  const hide = { schema: { hide: true } };
  const url = "/admin/organizers/:slug/settings";

  function show(
    req: FastifyRequest,
    reply: FastifyReply,
    organizer: Organizer,
    posted: { errors?: FieldErrors; values?: Record<string, string> } = {},
  ) {
    const { t } = req;
    const { errors, values = {} } = posted;
    const zone = values.time_zone ?? organizer.time_zone ?? ctx.config.timeZone;
    const zones = timeZoneChoices().map((z): [string, string] => [z, z.replaceAll("_", " ")]);
    const body = html`<p><a href="/admin/organizers/${organizer.slug}">← ${organizer.name}</a></p>
<h1>${t("onboarding.settings.title")}</h1>
${errors ? errorSummary(errors) : alert("ok", flashOf(req))}
<form method="post" action="/admin/organizers/${organizer.slug}/settings" class="card" novalidate>${csrfField(req)}
  <p class="hint">${t("onboarding.settings.intro")}</p>
  ${field(t("field.name"), "name", { required: true, value: values.name ?? organizer.name, errors })}
  ${select(t("onboarding.timeZone"), "time_zone", zones.some(([z]) => z === zone) ? zones : [[zone, zone], ...zones], zone, undefined, errors)}
  <div class="hint">${t("onboarding.timeZoneHint")}</div>
  <button type="submit">${t("onboarding.settings.submit")}</button>
</form>`;
    return sendPage(req, reply, {
      status: errors ? 400 : 200,
      title: t("onboarding.settings.title"),
      body: adminShell(req, "organizers", body),
    });
  }

  return async (app: FastifyInstance) => {
    app.get<Params>(url, hide, async (req, reply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
      const organizer = await findOrganizer(ctx.db, req.actor, req.params.slug);
      authorize(req.actor, "organizer.manage", { type: "organizer", organizerId: organizer.id });
      return show(req, reply, organizer);
    });

    app.post<Params>(url, hide, async (req, reply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
      const organizer = await findOrganizer(ctx.db, req.actor, req.params.slug);
      const body = formBody(req);
      try {
        await updateOrganizer(ctx.db, req.actor, organizer, { name: body.name, time_zone: body.time_zone });
        return reply.redirect(`/admin/organizers/${organizer.slug}/settings?flash=flash.saved`, 303);
      } catch (error) {
        return show(req, reply, organizer, { errors: fieldErrors(req.t, error), values: body });
      }
    });
  };
}
