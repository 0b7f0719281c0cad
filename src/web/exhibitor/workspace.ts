import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { eventTimeZone } from "../../modules/events/time-zone.js";
import { listBookings } from "../../modules/experiences/bookings.js";
import {
  createExperience,
  createSlot,
  createSlotsInBulk,
  deleteExperience,
  deleteSlot,
  findExperience,
  listExperiences,
  listSlots,
  setExperienceImage,
  toId,
  updateExperience,
} from "../../modules/experiences/catalog.js";
import {
  acceptExhibitorInvitation,
  embedPath,
  exhibitorMemberships,
  findExhibitorInvitation,
  inviteExhibitor,
  listExhibitors,
  loadProgramme,
  type ProgrammeScope,
  programmeScope,
  removeExhibitor,
  updateProgramme,
} from "../../modules/experiences/programme.js";
import {
  createTicketSource,
  listTicketSources,
  retireTicketSource,
} from "../../modules/experiences/sources.js";
import { can } from "../../platform/auth/policy.js";
import type { AppContext } from "../../platform/context.js";
import { isDomainError } from "../../platform/errors.js";
import { wallClockToIso } from "../../platform/http/dates.js";
import { html } from "../../platform/http/html.js";
import { type MultipartBody, parseMultipart } from "../../platform/http/multipart.js";
import { flashOf } from "../common/flash.js";
import { errorMessage, formBody } from "../common/forms.js";
import { csrfField, sendPage } from "../common/layout.js";
import { redirectToLogin } from "../common/login-redirect.js";
import { experienceView, type Notice, programmesView, workspaceView } from "./workspace-views.js";

type Params = { Params: { organizer: string; event: string; id?: string; slot?: string } };
type Req = FastifyRequest<Params>;
const hide = { schema: { hide: true } };
const MAX_IMAGE_UPLOAD = 1024 * 1024 + 64 * 1024;

/** "Gold=3, Silver=2" (or one per line) → {"Gold":3,"Silver":2}; numbers are checked by the service. */
function parseAllowances(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (text ?? "").split(/[,\n;]+/)) {
    const [kind, count] = part.split(/[=:]/);
    if (kind?.trim()) out[kind.trim()] = (count ?? "").trim();
  }
  return out;
}

const numberOrUndefined = (value: unknown) => {
  const n = toId(value);
  return n > 0 ? n : undefined;
};

/**
 * One workspace for a programme, for the organizer's admins (everything) and for exhibitors (their
 * own experiences, slots and bookings): the same pages, scoped by the same service checks.
 */
export function workspacePages(ctx: AppContext) {
  const { db } = ctx;
  const secret = ctx.secrets.cookieSecret;
  // Slots are shown and typed in the event's local time.
  const tz = (scope: ProgrammeScope) => eventTimeZone(scope.event, null, ctx.config.timeZone);
  const base = (req: Req) => `/exhibit/${req.params.organizer}/${req.params.event}`;
  const apiBase = (req: Req) => `/api/v1/organizers/${req.params.organizer}/events/${req.params.event}`;

  async function showWorkspace(req: Req, reply: FastifyReply, scope: ProgrammeScope, notice: Notice = {}) {
    const query = req.query as Record<string, unknown>;
    const filter = {
      exhibitor: numberOrUndefined(query.exhibitor),
      experience: numberOrUndefined(query.experience),
      slot: numberOrUndefined(query.slot),
    };
    const experiences = await listExperiences(db, scope);
    const [programme, exhibitors, sources, slots, bookings] = await Promise.all([
      loadProgramme(db, scope.event.id),
      listExhibitors(db, scope),
      scope.manage ? listTicketSources(db, secret, scope) : [],
      listSlots(
        db,
        experiences.map((x) => x.id),
      ),
      listBookings(db, scope, filter),
    ]);
    return sendPage(req, reply, {
      status: notice.error ? 400 : 200,
      title: req.t("experiences.admin.title"),
      body: workspaceView(
        req,
        {
          scope,
          base: base(req),
          programme,
          embedUrl: `${ctx.config.publicUrl}${embedPath(req.params.organizer, req.params.event)}`,
          publicUrl: ctx.config.publicUrl,
          exhibitors,
          sources,
          experiences,
          slots,
          bookings,
          filter,
          apiBase: apiBase(req),
          timeZone: tz(scope),
        },
        { ok: flashOf(req), ...notice },
      ),
    });
  }

  async function showExperience(req: Req, reply: FastifyReply, scope: ProgrammeScope, notice: Notice = {}) {
    const x = await findExperience(db, scope, toId(req.params.id));
    const [exhibitors, slots] = await Promise.all([listExhibitors(db, scope), listSlots(db, [x.id])]);
    return sendPage(req, reply, {
      status: notice.error ? 400 : 200,
      title: x.title,
      body: experienceView(req, { scope, exhibitors, base: base(req), timeZone: tz(scope) }, x, slots, {
        ok: flashOf(req),
        ...notice,
      }),
    });
  }

  /**
   * A form action: the scope decides what the actor may do; success redirects with a flash (to
   * `next`, or back to the page), a domain error re-renders the page with the message.
   */
  function act(
    flash: string,
    action: (req: Req, scope: ProgrammeScope) => Promise<unknown>,
    page: "workspace" | "experience" = "workspace",
  ) {
    return async (req: Req, reply: FastifyReply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply, base(req));
      const scope = await programmeScope(db, req.actor, req.params);
      try {
        const result = await action(req, scope);
        if (result && typeof result === "object") return showWorkspace(req, reply, scope, result as Notice);
        const to =
          result ?? (page === "experience" ? `${base(req)}/experiences/${req.params.id}` : base(req));
        return reply.redirect(`${to}?flash=${flash}`, 303);
      } catch (error) {
        if (
          !isDomainError(error) ||
          error.httpStatus === 404 ||
          error.httpStatus === 403 ||
          error.httpStatus === 401
        )
          throw error;
        const notice = { error: errorMessage(req.t, error) };
        return page === "experience"
          ? showExperience(req, reply, scope, notice)
          : showWorkspace(req, reply, scope, notice);
      }
    };
  }

  return async (app: FastifyInstance) => {
    app.addContentTypeParser(
      "multipart/form-data",
      { parseAs: "buffer", bodyLimit: MAX_IMAGE_UPLOAD },
      (req, body, done) => {
        try {
          done(null, parseMultipart(body as Buffer, req.headers["content-type"] ?? ""));
        } catch (error) {
          done(error as Error);
        }
      },
    );

    app.get("/exhibit", hide, async (req, reply) => {
      if (req.actor.kind !== "user") return redirectToLogin(req, reply);
      const actor = req.actor;
      const [mine, events] = await Promise.all([
        exhibitorMemberships(db, actor.user.id),
        db.kysely
          .selectFrom("events as e")
          .innerJoin("organizers as o", "o.id", "e.organizer_id")
          .select([
            "e.id",
            "e.organizer_id",
            "e.name as event_name",
            "e.slug as event_slug",
            "o.slug as organizer_slug",
          ])
          .orderBy("e.name")
          .execute(),
      ]);
      const rows = [
        ...events
          .filter((e) =>
            can(actor, "event.view", { type: "event", organizerId: e.organizer_id, eventId: e.id }),
          )
          .map((e) => ({ ...e, role: req.t("experiences.admin.roleAdmin") })),
        ...mine.map((m) => ({ ...m, role: req.t("experiences.admin.roleExhibitor") })),
      ];
      return sendPage(req, reply, {
        title: req.t("experiences.admin.programmes"),
        body: programmesView(req, rows),
      });
    });

    const page = "/exhibit/:organizer/:event";
    app.get<Params>(page, hide, async (req, reply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
      return showWorkspace(req, reply, await programmeScope(db, req.actor, req.params));
    });

    app.post<Params>(
      `${page}/settings`,
      hide,
      act("flash.saved", async (req, scope) => {
        await updateProgramme(db, scope, formBody(req));
      }),
    );

    app.post<Params>(
      `${page}/exhibitors`,
      hide,
      act("flash.saved", async (req, scope) => {
        const organizer = await db.kysely
          .selectFrom("organizers")
          .select("name")
          .where("id", "=", scope.event.organizer_id)
          .executeTakeFirstOrThrow();
        const x = await inviteExhibitor(db, scope, {
          ...formBody(req),
          publicUrl: ctx.config.publicUrl,
          locale: req.locale,
          organizerName: organizer.name,
        });
        return {
          ok: req.t("experiences.admin.invitedOk", { email: x.email }),
          secret: { label: req.t("experiences.admin.inviteLink"), value: x.link },
        };
      }),
    );

    app.post<Params>(
      `${page}/exhibitors/:id/remove`,
      hide,
      act("flash.removed", async (req, scope) => removeExhibitor(db, scope, toId(req.params.id))),
    );

    app.post<Params>(
      `${page}/sources`,
      hide,
      act("flash.saved", async (req, scope) => {
        const body = formBody(req);
        const headers = body.header_name ? { [body.header_name.trim()]: body.header_value ?? "" } : undefined;
        await createTicketSource(db, secret, scope, {
          ...body,
          headers,
          allowances: parseAllowances(body.allowances),
          fields: {
            number_field: body.number_field || undefined,
            code_field: body.code_field || undefined,
            valid_field: body.valid_field || undefined,
            kind_field: body.kind_field || undefined,
          },
          timeout_ms: undefined,
        });
      }),
    );

    app.post<Params>(
      `${page}/sources/:id/retire`,
      hide,
      act("flash.saved", async (req, scope) => retireTicketSource(db, scope, toId(req.params.id))),
    );

    app.post<Params>(
      `${page}/experiences`,
      hide,
      act("flash.saved", async (req, scope) => {
        const created = await createExperience(db, scope, formBody(req));
        return `${base(req)}/experiences/${created.id}`;
      }),
    );

    app.get<Params>(`${page}/experiences/:id`, hide, async (req, reply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
      return showExperience(req, reply, await programmeScope(db, req.actor, req.params));
    });

    const experience = (req: Req) => toId(req.params.id);

    app.post<Params>(
      `${page}/experiences/:id`,
      hide,
      act(
        "flash.saved",
        async (req, scope) => {
          await updateExperience(db, scope, experience(req), formBody(req));
        },
        "experience",
      ),
    );

    app.post<Params>(
      `${page}/experiences/:id/image`,
      hide,
      act(
        "flash.saved",
        async (req, scope) => {
          const file = (req.body as MultipartBody | undefined)?.image;
          const bytes = typeof file === "object" && file.bytes.length > 0 ? file.bytes : null;
          await setExperienceImage(db, scope, experience(req), bytes);
        },
        "experience",
      ),
    );

    app.post<Params>(
      `${page}/experiences/:id/delete`,
      hide,
      act(
        "flash.removed",
        async (req, scope) => {
          await deleteExperience(db, scope, experience(req));
          return base(req);
        },
        "experience",
      ),
    );

    app.post<Params>(
      `${page}/experiences/:id/slots`,
      hide,
      act(
        "flash.saved",
        async (req, scope) => {
          const body = formBody(req);
          await createSlot(db, scope, experience(req), {
            starts_at: wallClockToIso(body.starts_at, tz(scope)),
            ends_at: wallClockToIso(body.ends_at, tz(scope)),
            capacity: body.capacity,
          });
        },
        "experience",
      ),
    );

    app.post<Params>(
      `${page}/experiences/:id/slots/bulk`,
      hide,
      act(
        "flash.saved",
        async (req, scope) => {
          const body = formBody(req);
          await createSlotsInBulk(db, scope, experience(req), {
            ...body,
            from: wallClockToIso(body.from, tz(scope)),
            until: wallClockToIso(body.until, tz(scope)),
            duration_minutes: body.duration_minutes || undefined,
          });
        },
        "experience",
      ),
    );

    app.post<Params>(
      `${page}/experiences/:id/slots/:slot/delete`,
      hide,
      act(
        "flash.removed",
        async (req, scope) => {
          await findExperience(db, scope, experience(req));
          await deleteSlot(db, scope, toId(req.params.slot));
        },
        "experience",
      ),
    );

    type TokenParams = { Params: { token: string } };
    app.get<TokenParams>("/exhibitor-invitations/:token", hide, async (req, reply) => {
      const { t } = req;
      const invitation = await findExhibitorInvitation(db, req.params.token);
      const body =
        req.actor.kind === "user"
          ? html`<form method="post" action="/exhibitor-invitations/${req.params.token}">${csrfField(req)}<button type="submit">${t("experiences.invite.accept")}</button></form>`
          : html`<p><a class="button" href="/login?next=${encodeURIComponent(req.url)}">${t("nav.login")}</a> <a href="/register?next=${encodeURIComponent(req.url)}">${t("nav.register")}</a></p>`;
      return sendPage(req, reply, {
        title: t("experiences.invite.title"),
        narrow: true,
        body: html`<h1>${t("experiences.invite.title")}</h1><p>${t("experiences.invite.body", { name: invitation.name, event: invitation.event_name })}</p>${body}`,
      });
    });

    app.post<TokenParams>("/exhibitor-invitations/:token", hide, async (req, reply) => {
      if (req.actor.kind !== "user") return redirectToLogin(req, reply);
      const accepted = await acceptExhibitorInvitation(db, req.actor, req.params.token);
      const event = await db.kysely
        .selectFrom("events as e")
        .innerJoin("organizers as o", "o.id", "e.organizer_id")
        .select(["e.slug", "o.slug as organizer"])
        .where("e.id", "=", accepted.event_id)
        .executeTakeFirstOrThrow();
      return reply.redirect(`/exhibit/${event.organizer}/${event.slug}?flash=flash.saved`, 303);
    });
  };
}
