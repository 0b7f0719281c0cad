import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { confirmEmail, resendConfirmation } from "../../modules/accounts/email-confirmation.js";
import {
  authenticate,
  changePassword,
  completeSetup,
  createSession,
  destroySession,
  hasPlatformAdmin,
  isSetupTokenValid,
  registerExternal,
  requestPasswordReset,
  resetPassword,
  updateProfile,
} from "../../modules/accounts/service.js";
import { listOrganizers } from "../../modules/organizers/service.js";
import { deletionStatus } from "../../modules/privacy/deletion.js";
import type { AppContext } from "../../platform/context.js";
import { html } from "../../platform/http/html.js";
import { safeNext } from "../../platform/http/platform-routes.js";
import { LANG_COOKIE, SESSION_COOKIE } from "../../platform/http/request.js";
import { clearSessionCookie, setSessionCookie } from "../../platform/http/session-cookie.js";
import { confirmBanner } from "../common/confirm-banner.js";
import { flashOf } from "../common/flash.js";
import { errorMessage, fieldErrors, formBody } from "../common/forms.js";
import { sendPage } from "../common/layout.js";
import { redirectToLogin } from "../common/login-redirect.js";
import {
  accountView,
  confirmGoneView,
  type FormState,
  forgotView,
  loginView,
  registerView,
  resetView,
  setupGoneView,
  setupView,
} from "./account-views.js";
import { privacySection } from "./privacy-views.js";

type Query = { Querystring: { next?: string; flash?: string } };
type TokenParams = { Params: { token: string } };

export function accountPages(ctx: AppContext) {
  const hide = { schema: { hide: true } };

  async function logIn(reply: FastifyReply, userId: number, next: string) {
    const session = await createSession(ctx.db, userId);
    setSessionCookie(reply, ctx.config, session.token, session.expiresAt);
    return reply.redirect(next, 303);
  }

  return async (app: FastifyInstance) => {
    app.get<Query>("/login", hide, (req, reply) => {
      if (req.actor.kind === "user") return reply.redirect("/account", 303);
      return sendPage(req, reply, {
        title: req.t("login.title"),
        narrow: true,
        body: loginView(req, safeNext(req.query.next), { ok: flashOf(req) }),
      });
    });

    app.post("/login", hide, async (req, reply) => {
      const body = formBody(req);
      const next = safeNext(body.next);
      try {
        const user = await authenticate(ctx.db, {
          email: body.email,
          password: body.password,
          clientAddress: req.ip,
        });
        return await logIn(reply, user.id, next === "/" ? "/account" : next);
      } catch (error) {
        const status = (error as { httpStatus?: number }).httpStatus ?? 400;
        return sendPage(req, reply, {
          status,
          title: req.t("login.title"),
          narrow: true,
          body: loginView(req, next, {
            errors: fieldErrors(req.t, error),
            values: { email: body.email ?? "" },
          }),
        });
      }
    });

    app.get<Query>("/register", hide, (req, reply) =>
      sendPage(req, reply, {
        title: req.t("register.title"),
        narrow: true,
        body: registerView(req, safeNext(req.query.next), { ok: flashOf(req) }),
      }),
    );

    app.post("/register", hide, async (req, reply) => {
      const body = formBody(req);
      const next = safeNext(body.next);
      try {
        const user = await registerExternal(ctx.db, {
          ...body,
          locale: req.locale,
          publicUrl: ctx.config.publicUrl,
        });
        return await logIn(reply, user.id, next === "/" ? "/account" : next);
      } catch (error) {
        return sendPage(req, reply, {
          status: 400,
          title: req.t("register.title"),
          narrow: true,
          body: registerView(req, next, {
            errors: fieldErrors(req.t, error),
            values: { name: body.name ?? "", email: body.email ?? "" },
          }),
        });
      }
    });

    // The link of the confirmation mail. Opening it is the proof: no form, it works once.
    app.get<TokenParams>("/email/confirm/:token", hide, async (req, reply) => {
      const outcome = await confirmEmail(ctx.db, req.params.token);
      if (outcome === "confirmed")
        return reply.redirect(
          `${req.actor.kind === "user" ? "/account" : "/login"}?flash=flash.emailConfirmed`,
          303,
        );
      return sendPage(req, reply, {
        status: outcome === "unknown" ? 404 : 410,
        title: req.t("confirm.gone.title"),
        narrow: true,
        body: confirmGoneView(req, outcome),
      });
    });

    app.post("/account/email/resend", hide, async (req, reply) => {
      if (req.actor.kind !== "user") return redirectToLogin(req, reply, "/account");
      const next = safeNext(formBody(req).next);
      try {
        await resendConfirmation(ctx.db, req.actor, ctx.config.publicUrl);
      } catch (error) {
        return showAccount(req, reply, { error: errorMessage(req.t, error) }, 429);
      }
      const back = next === "/" ? "/account" : next;
      return reply.redirect(`${back}${back.includes("?") ? "&" : "?"}flash=flash.confirmationSent`, 303);
    });

    app.post("/logout", hide, async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await destroySession(ctx.db, token);
      clearSessionCookie(reply);
      return reply.redirect("/login?flash=flash.loggedOut", 303);
    });

    app.get("/password/forgot", hide, (req, reply) =>
      sendPage(req, reply, { title: req.t("forgot.title"), narrow: true, body: forgotView(req) }),
    );

    app.post("/password/forgot", hide, async (req, reply) => {
      await requestPasswordReset(ctx.db, {
        email: formBody(req).email,
        publicUrl: ctx.config.publicUrl,
        locale: req.locale,
      });
      return sendPage(req, reply, {
        title: req.t("forgot.title"),
        narrow: true,
        body: forgotView(req, { ok: req.t("forgot.sent") }),
      });
    });

    app.get<TokenParams>("/password/reset/:token", hide, (req, reply) =>
      sendPage(req, reply, {
        title: req.t("reset.title"),
        narrow: true,
        body: resetView(req, req.params.token),
      }),
    );

    app.post<TokenParams>("/password/reset/:token", hide, async (req, reply) => {
      try {
        await resetPassword(ctx.db, { token: req.params.token, password: formBody(req).password });
        return reply.redirect("/login?flash=flash.passwordReset", 303);
      } catch (error) {
        return sendPage(req, reply, {
          status: 400,
          title: req.t("reset.title"),
          narrow: true,
          body: resetView(req, req.params.token, { errors: fieldErrors(req.t, error) }),
        });
      }
    });

    /** A used or unknown setup link: no dead form, the way to log in (410) or what to do (404). */
    async function setupGone(req: FastifyRequest, reply: FastifyReply) {
      const adminExists = await hasPlatformAdmin(ctx.db);
      return sendPage(req, reply, {
        status: adminExists ? 410 : 404,
        title: req.t(adminExists ? "onboarding.setupDone.title" : "onboarding.setupUnknown.title"),
        narrow: true,
        body: setupGoneView(req, adminExists),
      });
    }

    app.get<TokenParams>("/setup/:token", hide, async (req, reply) => {
      if (!(await isSetupTokenValid(ctx.db, req.params.token))) return setupGone(req, reply);
      return sendPage(req, reply, {
        title: req.t("setup.title"),
        narrow: true,
        body: setupView(req, req.params.token),
      });
    });

    app.post<TokenParams>("/setup/:token", hide, async (req, reply) => {
      const body = formBody(req);
      if (!(await isSetupTokenValid(ctx.db, req.params.token))) return setupGone(req, reply);
      try {
        const admin = await completeSetup(ctx.db, { token: req.params.token, ...body, locale: req.locale });
        return await logIn(reply, admin.id, "/admin");
      } catch (error) {
        // Someone else finished the setup a moment ago.
        if (!(await isSetupTokenValid(ctx.db, req.params.token))) return setupGone(req, reply);
        return sendPage(req, reply, {
          status: 400,
          title: req.t("setup.title"),
          narrow: true,
          body: setupView(req, req.params.token, {
            errors: fieldErrors(req.t, error),
            values: { name: body.name ?? "", email: body.email ?? "" },
          }),
        });
      }
    });

    async function showAccount(
      req: FastifyRequest,
      reply: FastifyReply,
      state: FormState = {},
      status = state.errors ? 400 : 200,
    ) {
      if (req.actor.kind !== "user") return redirectToLogin(req, reply, "/account");
      const [organizers, deletion] = await Promise.all([
        listOrganizers(ctx.db, req.actor),
        deletionStatus(ctx.db, req.actor.user.id),
      ]);
      return sendPage(req, reply, {
        status,
        title: req.t("account.title"),
        body: html`${confirmBanner(req)}${accountView(
          req,
          req.actor.user,
          organizers,
          { ok: flashOf(req), ...state },
          privacySection(req, deletion, ctx.config.timeZone),
        )}`,
      });
    }

    app.get("/account", hide, (req, reply) => showAccount(req, reply));

    app.post("/account/profile", hide, async (req, reply) => {
      if (req.actor.kind !== "user") return reply.redirect("/login", 303);
      const body = formBody(req);
      try {
        await updateProfile(ctx.db, req.actor, body);
        // The saved language wins over an earlier explicit switch.
        reply.clearCookie(LANG_COOKIE, { path: "/" });
        return reply.redirect("/account?flash=flash.saved", 303);
      } catch (error) {
        return showAccount(req, reply, {
          errors: fieldErrors(req.t, error),
          values: { name: body.name ?? "" },
        });
      }
    });

    app.post("/account/password", hide, async (req, reply) => {
      if (req.actor.kind !== "user") return reply.redirect("/login", 303);
      try {
        await changePassword(ctx.db, req.actor, formBody(req));
        return reply.redirect("/account?flash=flash.passwordChanged", 303);
      } catch (error) {
        return showAccount(req, reply, { errors: fieldErrors(req.t, error) });
      }
    });
  };
}
