import type { FastifyReply, FastifyRequest } from "fastify";
import { eventForAdmin } from "../../modules/events/lookup.js";
import type { EventRow } from "../../modules/events/service.js";
import { zoneOfEvent } from "../../modules/events/time-zone.js";
import { can } from "../../platform/auth/policy.js";
import type { AppContext } from "../../platform/context.js";
import { isDomainError, notFound } from "../../platform/errors.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import { adminShell } from "../common/admin-shell.js";
import { flashOf } from "../common/flash.js";
import { type FieldErrors, fieldErrors, formBody } from "../common/forms.js";
import { alert, csrfField, sendPage } from "../common/layout.js";
import { redirectToLogin } from "../common/login-redirect.js";
import { type EventTab, eventTabPath, eventTabs } from "./event-tabs.js";

export type SectionRoute = { Params: { slug: string; event: string; id?: string } };
export type SectionRequest = FastifyRequest<SectionRoute>;

/** One event as its backoffice sections see it: who may change it and the zone its times are in. */
export interface Section {
  organizer: string;
  event: EventRow;
  zone: string;
  canManage: boolean;
}

export const hide = { schema: { hide: true } };

export async function loadSection(ctx: AppContext, req: SectionRequest): Promise<Section> {
  const event = await eventForAdmin(ctx.db, req.actor, {
    organizer: req.params.slug,
    event: req.params.event,
  });
  return {
    organizer: req.params.slug,
    event,
    zone: await zoneOfEvent(ctx.db, event, ctx.config.timeZone),
    canManage: can(req.actor, "event.manage", {
      type: "event",
      organizerId: event.organizer_id,
      eventId: event.id,
    }),
  };
}

export const sectionPath = (s: Section, tab: EventTab) => eventTabPath(s.organizer, s.event.slug, tab);

/** The row a path names (`/dates/12/edit`); anything but a positive whole number names nothing. */
export function itemId(req: SectionRequest, what: string): number {
  const id = Number(req.params.id);
  if (!Number.isSafeInteger(id) || id < 1) throw notFound(what);
  return id;
}

/** A section's page: the event's tabs, the notice a redirect brought, then the section itself. */
export function sendSection(
  req: FastifyRequest,
  reply: FastifyReply,
  s: Section,
  tab: EventTab,
  body: SafeHtml,
  status = 200,
) {
  return sendPage(req, reply, {
    status,
    title: s.event.name,
    body: adminShell(
      req,
      "organizers",
      html`${eventTabs(req, s.organizer, s.event, tab)}${alert("ok", flashOf(req))}${body}`,
    ),
  });
}

/** Post/redirect/get back to the section, scrolled to what changed (`#date-12`). */
export function backTo(reply: FastifyReply, s: Section, tab: EventTab, flash: string, anchor?: string) {
  return reply.redirect(`${sectionPath(s, tab)}?flash=${flash}${anchor ? `#${anchor}` : ""}`, 303);
}

export interface Failed {
  errors: FieldErrors;
  /** The form's own fields as posted, to fill it again. */
  values: Record<string, string>;
  status: number;
}

/**
 * A form post of a section: the login for anonymous visitors, `run` for the rest. A mistake in the form
 * (validation, a refused deletion) goes to `failed` with the posted values, to show the same section
 * again with the message at the form; refusals and unknown rows go on to the error page.
 */
export function sectionPost(
  ctx: AppContext,
  run: (
    req: SectionRequest,
    reply: FastifyReply,
    s: Section,
    body: Record<string, string>,
  ) => Promise<unknown>,
  failed: (req: SectionRequest, reply: FastifyReply, s: Section, f: Failed) => Promise<unknown>,
  form?: string,
) {
  return async (req: SectionRequest, reply: FastifyReply) => {
    if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
    const s = await loadSection(ctx, req);
    const body = formBody(req);
    try {
      return await run(req, reply, s, body);
    } catch (error) {
      if (isDomainError(error) && error.httpStatus === 404) throw error;
      const errors = fieldErrors(req.t, error, form);
      const status = isDomainError(error) ? error.httpStatus : 400;
      return failed(req, reply, s, { errors, values: body, status });
    }
  };
}

/** A section's GET page: the login for anonymous visitors, then `show`. */
export function sectionGet(
  ctx: AppContext,
  show: (req: SectionRequest, reply: FastifyReply, s: Section) => Promise<unknown>,
) {
  return async (req: SectionRequest, reply: FastifyReply) => {
    if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
    return show(req, reply, await loadSection(ctx, req));
  };
}

export function checkbox(
  label: string,
  name: string,
  options: { value?: string; form?: string; checked?: boolean } = {},
): SafeHtml {
  const value = options.value ?? "on";
  const id = `f-${options.form ?? ""}-${name}-${value}`;
  return html`<label class="check" for="${id}"><input type="checkbox" id="${id}" name="${name}" value="${value}" ${options.checked ? html`checked` : ""}> ${label}</label>`;
}

/**
 * "Really delete …?" as a page of its own, so deleting works without JavaScript and never by one slip.
 * `refusal` replaces the button when the row cannot go (it has orders): the page says why instead.
 */
export function confirmDeletion(
  req: FastifyRequest,
  d: { question: string; details: SafeHtml | string; action: string; back: string; refusal?: string },
): SafeHtml {
  const { t } = req;
  return html`<section class="card confirm" aria-labelledby="h-confirm"><h2 id="h-confirm">${d.question}</h2>
<p>${d.details}</p>${alert("error", d.refusal)}
${
  d.refusal
    ? html`<p><a class="button secondary" href="${d.back}">${t("adminEvent.back")}</a></p>`
    : html`<form method="post" action="${d.action}" class="actions">${csrfField(req)}
  <button type="submit" class="danger">${t("adminEvent.deleteConfirm")}</button>
  <a class="button secondary" href="${d.back}">${t("adminEvent.cancel")}</a></form>`
}</section>`;
}

/** A row's edit and delete links, for those who may manage the event. */
export function rowActions(req: FastifyRequest, s: Section, editHref: string, deleteHref: string): SafeHtml {
  if (!s.canManage) return html``;
  return html`<span class="row-actions"><a class="button small secondary" href="${editHref}">${req.t("adminEvent.edit")}</a> <a class="button small secondary" href="${deleteHref}">${req.t("adminEvent.delete")}</a></span>`;
}
