import type { FastifyInstance, FastifyRequest } from "fastify";
import { listAudit } from "../../modules/audit/audit-log.js";
import { findOrganizer } from "../../modules/organizers/service.js";
import { deleteAccount } from "../../modules/privacy/deletion.js";
import { retentionOf, setRetention } from "../../modules/privacy/retention.js";
import { loadPrivacySettings, savePrivacySettings } from "../../modules/privacy/settings.js";
import { authorize } from "../../platform/auth/policy.js";
import type { AppContext } from "../../platform/context.js";
import { clearSessionCookie } from "../../platform/http/session-cookie.js";
import { adminShell } from "../common/admin-shell.js";
import { flashOf } from "../common/flash.js";
import { errorMessage, formBody, lastFormValue, redirectWithFlash } from "../common/forms.js";
import { sendPage } from "../common/layout.js";
import { redirectToLogin } from "../common/login-redirect.js";
import { confirmDeletionView, platformPrivacyView, retentionView } from "./privacy-views.js";

type SlugParams = { Params: { slug: string } };

export function privacyPages(ctx: AppContext) {
  const hide = { schema: { hide: true } };
  const tz = ctx.config.timeZone;

  async function showRetention(req: FastifyRequest<SlugParams>, notice: { ok?: string; error?: string }) {
    const organizer = await findOrganizer(ctx.db, req.actor, req.params.slug);
    authorize(req.actor, "organizer.manage", { type: "organizer", organizerId: organizer.id });
    const { days, schedule } = await retentionOf(ctx.db, organizer.id);
    return {
      title: req.t("privacy.retention"),
      body: adminShell(req, "organizers", retentionView(req, organizer, days, schedule, tz, notice)),
    };
  }

  return async (app: FastifyInstance) => {
    app.get("/account/delete", hide, (req, reply) => {
      if (req.actor.kind !== "user") return redirectToLogin(req, reply, "/account/delete");
      return sendPage(req, reply, {
        title: req.t("privacy.confirmTitle"),
        narrow: true,
        body: confirmDeletionView(req),
      });
    });

    app.post("/account/delete", hide, async (req, reply) => {
      if (req.actor.kind !== "user") return reply.redirect("/login", 303);
      try {
        await deleteAccount(ctx.db, ctx.config.dataDir, req.actor, formBody(req).confirm);
        clearSessionCookie(reply);
        return reply.redirect("/login?flash=flash.accountDeleted", 303);
      } catch (error) {
        return sendPage(req, reply, {
          status: (error as { httpStatus?: number }).httpStatus ?? 400,
          title: req.t("privacy.confirmTitle"),
          narrow: true,
          body: confirmDeletionView(req, errorMessage(req.t, error)),
        });
      }
    });

    app.get<SlugParams>("/admin/organizers/:slug/privacy", hide, async (req, reply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
      return sendPage(req, reply, await showRetention(req, { ok: flashOf(req) }));
    });

    app.post<SlugParams>("/admin/organizers/:slug/privacy", hide, async (req, reply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
      const organizer = await findOrganizer(ctx.db, req.actor, req.params.slug);
      try {
        await setRetention(ctx.db, req.actor, organizer.id, formBody(req).days);
        return redirectWithFlash(reply, `/admin/organizers/${organizer.slug}/privacy`, "flash.saved");
      } catch (error) {
        return sendPage(req, reply, {
          status: 400,
          ...(await showRetention(req, { error: errorMessage(req.t, error) })),
        });
      }
    });

    app.get("/admin/privacy", hide, async (req, reply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply, "/admin/privacy");
      authorize(req.actor, "platform.admin", { type: "platform" });
      const [settings, entries] = await Promise.all([
        loadPrivacySettings(ctx.db),
        listAudit(ctx.db, req.actor, { limit: 300 }),
      ]);
      return sendPage(req, reply, {
        title: req.t("privacy.title"),
        body: adminShell(
          req,
          "privacy",
          platformPrivacyView(req, settings.internalDeletion, entries, tz, flashOf(req)),
        ),
      });
    });

    app.post("/admin/privacy", hide, async (req, reply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply, "/admin/privacy");
      authorize(req.actor, "platform.admin", { type: "platform" });
      await savePrivacySettings(ctx.db, {
        internalDeletion: lastFormValue(req.body, "internal_deletion") === "true",
      });
      return redirectWithFlash(reply, "/admin/privacy", "flash.saved");
    });
  };
}
