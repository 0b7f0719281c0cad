import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { listEvents } from "../../modules/events/service.js";
import { createGrant, deleteGrant, listGrants } from "../../modules/organizers/grants.js";
import {
  acceptInvitation,
  createOrganizer,
  findInvitation,
  findOrganizer,
  inviteMember,
  listInvitations,
  listMembers,
  listOrganizers,
  type Organizer,
  removeMember,
} from "../../modules/organizers/service.js";
import { createApiToken, listApiTokens, revokeApiToken } from "../../modules/organizers/tokens.js";
import { createEventWithDefaults } from "../../modules/payments/defaults.js";
import { can } from "../../platform/auth/policy.js";
import type { AppContext } from "../../platform/context.js";
import { html } from "../../platform/http/html.js";
import { adminShell } from "../common/admin-shell.js";
import { flashOf } from "../common/flash.js";
import { fieldErrors, formBody } from "../common/forms.js";
import { csrfField, sendPage } from "../common/layout.js";
import { redirectToLogin } from "../common/login-redirect.js";
import { adminHomePanel } from "./dashboard.js";
import { organizerSettingsPages } from "./organizer-settings.js";
import { type Notice, type OrganizerPageData, organizersView, organizerView } from "./organizer-views.js";

type SlugParams = { Params: { slug: string } };
type SlugIdParams = { Params: { slug: string; id: string } };

export function adminPages(ctx: AppContext) {
  const hide = { schema: { hide: true } };
  const { db } = ctx;

  function requireUser(req: FastifyRequest, reply: FastifyReply): boolean {
    if (req.actor.kind === "anonymous") {
      void redirectToLogin(req, reply);
      return false;
    }
    return true;
  }

  async function pageData(req: FastifyRequest, organizer: Organizer): Promise<OrganizerPageData> {
    const scope = { type: "organizer" as const, organizerId: organizer.id };
    const canManage = can(req.actor, "organizer.manage", scope);
    return {
      organizer,
      canManage,
      canManageEvents: can(req.actor, "event.manage", {
        type: "event",
        organizerId: organizer.id,
        eventId: null,
      }),
      events: await listEvents(db, req.actor, organizer),
      members: await listMembers(db, req.actor, organizer),
      invitations: canManage ? await listInvitations(db, req.actor, organizer) : [],
      grants: await listGrants(db, req.actor, organizer),
      tokens: canManage ? await listApiTokens(db, req.actor, organizer) : [],
    };
  }

  async function showOrganizer(req: FastifyRequest, reply: FastifyReply, slug: string, notice: Notice = {}) {
    const organizer = await findOrganizer(db, req.actor, slug);
    return sendPage(req, reply, {
      status: notice.error || notice.errors ? 400 : 200,
      title: organizer.name,
      body: adminShell(
        req,
        "organizers",
        organizerView(req, await pageData(req, organizer), { ok: flashOf(req), ...notice }),
      ),
    });
  }

  /**
   * Runs a form action on an organizer, then redirects with a flash (or to the path the action returns),
   * or re-renders with the problems at the fields of `form`.
   */
  function organizerAction(
    flash: string,
    action: (
      req: FastifyRequest<SlugIdParams>,
      organizer: Organizer,
    ) => Promise<Notice> | Promise<void> | Promise<string>,
    form?: string,
  ) {
    return async (req: FastifyRequest<SlugIdParams>, reply: FastifyReply) => {
      if (!requireUser(req, reply)) return reply;
      const organizer = await findOrganizer(db, req.actor, req.params.slug);
      try {
        const notice = await action(req, organizer);
        if (typeof notice === "string") return reply.redirect(`${notice}?flash=${flash}`, 303);
        if (notice) return showOrganizer(req, reply, organizer.slug, notice);
        return reply.redirect(`/admin/organizers/${organizer.slug}?flash=${flash}`, 303);
      } catch (error) {
        const errors = fieldErrors(req.t, error, form);
        return showOrganizer(req, reply, organizer.slug, { errors, form, values: formBody(req) });
      }
    };
  }

  return async (app: FastifyInstance) => {
    await app.register(organizerSettingsPages(ctx));
    app.get("/admin", hide, async (req, reply) => {
      if (!requireUser(req, reply)) return reply;
      const organizers = await listOrganizers(db, req.actor);
      const { t } = req;
      const body = html`<h1>${t("admin.home.title")}</h1>
${await adminHomePanel(req, db)}
<div class="grid">
  <a class="card" href="/admin/organizers"><strong>${t("admin.nav.organizers")}</strong><div class="hint">${t("admin.home.organizers", { count: organizers.length })}</div></a>
  ${can(req.actor, "platform.admin", { type: "platform" }) ? html`<a class="card" href="/admin/users"><strong>${t("admin.nav.users")}</strong><div class="hint">${t("admin.home.users")}</div></a>` : ""}
  <a class="card" href="/api/docs"><strong>${t("admin.nav.api")}</strong><div class="hint">/api/v1/openapi.json</div></a>
</div>`;
      return sendPage(req, reply, { title: t("admin.home.title"), body: adminShell(req, "home", body) });
    });

    app.get("/admin/organizers", hide, async (req, reply) => {
      if (!requireUser(req, reply)) return reply;
      const organizers = await listOrganizers(db, req.actor);
      const canCreate = can(req.actor, "platform.admin", { type: "platform" });
      return sendPage(req, reply, {
        title: req.t("admin.organizers.title"),
        body: adminShell(req, "organizers", organizersView(req, organizers, canCreate, { ok: flashOf(req) })),
      });
    });

    app.post("/admin/organizers", hide, async (req, reply) => {
      if (!requireUser(req, reply)) return reply;
      const body = formBody(req);
      try {
        const organizer = await createOrganizer(db, req.actor, { ...body, time_zone: ctx.config.timeZone });
        return reply.redirect(`/admin/organizers/${organizer.slug}?flash=flash.organizerCreated`, 303);
      } catch (error) {
        const organizers = await listOrganizers(db, req.actor);
        return sendPage(req, reply, {
          status: 400,
          title: req.t("admin.organizers.title"),
          body: adminShell(
            req,
            "organizers",
            organizersView(req, organizers, true, {
              errors: fieldErrors(req.t, error, "organizer"),
              form: "organizer",
              values: body,
            }),
          ),
        });
      }
    });

    app.get<SlugParams>("/admin/organizers/:slug", hide, async (req, reply) => {
      if (!requireUser(req, reply)) return reply;
      return showOrganizer(req, reply, req.params.slug);
    });

    app.post<SlugIdParams>(
      "/admin/organizers/:slug/events",
      hide,
      organizerAction(
        "onboarding.eventCreated",
        async (req, organizer) => {
          // The new event opens at once: its dates and ticket types are what comes next.
          const event = await createEventWithDefaults(db, req.actor, organizer, formBody(req));
          return `/admin/organizers/${organizer.slug}/events/${event.slug}`;
        },
        "event",
      ),
    );

    app.post<SlugIdParams>(
      "/admin/organizers/:slug/invitations",
      hide,
      organizerAction(
        "flash.saved",
        async (req, organizer) => {
          const invitation = await inviteMember(db, req.actor, organizer, {
            ...formBody(req),
            publicUrl: ctx.config.publicUrl,
            locale: req.locale,
          });
          return {
            ok: req.t("flash.invited", { email: invitation.email }),
            secret: { label: req.t("admin.members.inviteLink"), value: invitation.link },
          };
        },
        "invite",
      ),
    );

    app.post<SlugIdParams>(
      "/admin/organizers/:slug/members/:id/remove",
      hide,
      organizerAction("flash.removed", async (req, organizer) => {
        await removeMember(db, req.actor, organizer, Number(req.params.id));
      }),
    );

    app.post<SlugIdParams>(
      "/admin/organizers/:slug/grants",
      hide,
      organizerAction(
        "flash.granted",
        async (req, organizer) => {
          await createGrant(db, req.actor, organizer, formBody(req));
        },
        "grant",
      ),
    );

    app.post<SlugIdParams>(
      "/admin/organizers/:slug/grants/:id/delete",
      hide,
      organizerAction("flash.removed", async (req, organizer) => {
        await deleteGrant(db, req.actor, organizer, Number(req.params.id));
      }),
    );

    app.post<SlugIdParams>(
      "/admin/organizers/:slug/tokens",
      hide,
      organizerAction(
        "flash.saved",
        async (req, organizer) => {
          const created = await createApiToken(db, req.actor, organizer, formBody(req));
          return {
            ok: req.t("flash.tokenCreated"),
            secret: { label: req.t("admin.tokens.new"), value: created.token },
          };
        },
        "token",
      ),
    );

    app.post<SlugIdParams>(
      "/admin/organizers/:slug/tokens/:id/revoke",
      hide,
      organizerAction("flash.revoked", async (req, organizer) => {
        await revokeApiToken(db, req.actor, organizer, Number(req.params.id));
      }),
    );

    app.get<SlugParams>("/invitations/:slug", hide, async (req, reply) => {
      const { t } = req;
      const invitation = await findInvitation(db, req.params.slug);
      const body =
        req.actor.kind === "user"
          ? html`<form method="post" action="/invitations/${req.params.slug}">${csrfField(req)}<button type="submit">${t("invite.accept")}</button></form>`
          : html`<p><a class="button" href="/login?next=${encodeURIComponent(req.url)}">${t("nav.login")}</a>
             <a class="button" href="/register?next=${encodeURIComponent(req.url)}">${t("nav.register")}</a></p>`;
      return sendPage(req, reply, {
        title: t("invite.title"),
        narrow: true,
        body: html`<h1>${t("invite.title")}</h1><p>${t("invite.intro", { organizer: invitation.organizer_name })}</p>${body}`,
      });
    });

    app.post<SlugParams>("/invitations/:slug", hide, async (req, reply) => {
      if (!requireUser(req, reply)) return reply;
      const organizer = await acceptInvitation(db, req.actor, req.params.slug);
      return reply.redirect(`/admin/organizers/${organizer.slug}?flash=flash.joined`, 303);
    });
  };
}
