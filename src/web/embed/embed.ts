import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { findVisibleEvent } from "../../modules/catalog/audience.js";
import type { EventRow } from "../../modules/events/service.js";
import { eventTimeZone } from "../../modules/events/time-zone.js";
import {
  bookedCount,
  bookSlot,
  cancelBooking,
  checkTicket,
  knownTicket,
  type RecognisedTicket,
  ticketBookings,
} from "../../modules/experiences/bookings.js";
import { experienceImage, publicOverview, toId } from "../../modules/experiences/catalog.js";
import { issuePass, readPass } from "../../modules/experiences/pass.js";
import { embedPath, loadProgramme, type Programme } from "../../modules/experiences/programme.js";
import type { AppContext } from "../../platform/context.js";
import { isDomainError } from "../../platform/errors.js";
import { formatDateTime, formatTime, zoneName } from "../../platform/http/dates.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import { isLocale, translator } from "../../platform/i18n/index.js";
import { errorMessage, formBody } from "../common/forms.js";
import { alert } from "../common/layout.js";
import { FRAME_JS, RESIZE_JS } from "./scripts.js";

type Params = { Params: { organizer: string; event: string } };

/**
 * The public overview, made to live in an iframe on the organizer's site: its CSP names the
 * organizer's origins in frame-ancestors (every other page keeps 'none'), it reports its height to
 * the parent, and the whole booking flow is plain POST forms that carry a signed pass instead of a
 * cookie (third-party iframes do not get SameSite cookies). An audience event hidden from the
 * visitor is an unknown event (404), as in the shop.
 */
function frameHeaders(reply: FastifyReply, programme: Programme) {
  const ancestors =
    programme.embed_origins.length > 0 ? `'self' ${programme.embed_origins.join(" ")}` : "'self'";
  reply.header(
    "content-security-policy",
    `default-src 'self';img-src 'self' data:;style-src 'self';script-src 'self';form-action 'self';base-uri 'self';object-src 'none';frame-ancestors ${ancestors}`,
  );
  reply.removeHeader("x-frame-options");
}

/** The embed speaks the language the parent asks for (?lang=de, kept in forms), else the browser's. */
function useLanguage(req: FastifyRequest) {
  const lang = (req.query as { lang?: unknown } | undefined)?.lang ?? formBody(req).lang;
  if (isLocale(lang)) {
    req.locale = lang;
    req.t = translator(lang);
  }
}

interface ViewState {
  ticket?: RecognisedTicket;
  pass?: string;
  booked?: number;
  mine?: Awaited<ReturnType<typeof ticketBookings>>;
  error?: string;
  ok?: string;
  name?: string;
  email?: string;
}

export function embedPages(ctx: AppContext) {
  const { db } = ctx;
  const secret = ctx.secrets.cookieSecret;
  const hide = { schema: { hide: true }, config: { csrf: false } };

  async function render(req: FastifyRequest<Params>, reply: FastifyReply, event: EventRow, state: ViewState) {
    const { t } = req;
    const programme = await loadProgramme(db, event.id);
    const overview = await publicOverview(db, event.id);
    const action = embedPath(req.params.organizer, req.params.event);
    const lang = html`<input type="hidden" name="lang" value="${req.locale}">`;
    // The event's local times with the zone named: the partner's visitors may be anywhere.
    const tz = eventTimeZone(event, null, ctx.config.timeZone);
    const when = (s: { starts_at: string; ends_at: string }) =>
      `${formatDateTime(req.locale, s.starts_at, tz, "short")} – ${formatTime(req.locale, s.ends_at, tz)} ${zoneName(req.locale, s.starts_at, tz)}`;
    const left = state.ticket ? state.ticket.allowance - (state.booked ?? 0) : 0;
    const canBook = state.ticket !== undefined && left > 0;

    const ticketBox: SafeHtml = state.ticket
      ? html`<section class="card" aria-labelledby="h-ticket"><h2 id="h-ticket">${t("experiences.embed.yourTicket")}</h2>
<p data-ticket-status>${t("experiences.embed.status", {
          kind: state.ticket.kind,
          booked: state.booked ?? 0,
          allowance: state.ticket.allowance,
        })}</p>
${
  state.mine && state.mine.length > 0
    ? html`<h3>${t("experiences.embed.yourBookings")}</h3><ul class="bookings">${state.mine.map(
        (b) => html`<li>${b.title} · ${when(b)}
<form method="post" action="${action}/cancel" class="inline">${lang}<input type="hidden" name="pass" value="${state.pass}">
<button class="secondary small" name="booking" value="${b.id}">${t("experiences.embed.cancel")}</button></form></li>`,
      )}</ul>`
    : html`<p class="hint">${t("experiences.embed.noBookings")}</p>`
}
<p><a href="${action}?lang=${req.locale}">${t("experiences.embed.otherTicket")}</a></p></section>`
      : html`<section class="card" aria-labelledby="h-ticket"><h2 id="h-ticket">${t("experiences.embed.askTicket")}</h2>
<p class="hint">${t("experiences.embed.askTicketHint")}</p>
<form method="post" action="${action}/ticket" class="row">${lang}
<div><label for="f-ticket_number">${t("experiences.col.ticketNumber")}</label><input id="f-ticket_number" name="ticket_number" required autocomplete="off" maxlength="100"></div>
<div><label for="f-security_code">${t("experiences.embed.securityCode")}</label><input id="f-security_code" name="security_code" type="password" required autocomplete="off" maxlength="200"></div>
<div><button type="submit">${t("experiences.embed.checkTicket")}</button></div></form></section>`;

    const guestFields = canBook
      ? html`<div class="row guest">
<div><label for="f-name">${t("experiences.embed.name")}${programme.guest_name === "required" ? " *" : ""}</label><input id="f-name" name="name" value="${state.name ?? ""}" maxlength="200" ${programme.guest_name === "required" ? html`required` : ""}></div>
<div><label for="f-email">${t("experiences.embed.email")}${programme.guest_email === "required" ? " *" : ""}</label><input id="f-email" name="email" type="email" value="${state.email ?? ""}" maxlength="254" ${programme.guest_email === "required" ? html`required` : ""}></div></div>`
      : html``;

    const list = html`${overview.length === 0 ? html`<p>${t("experiences.embed.none")}</p>` : ""}
${overview.map(
  (x) => html`<article class="card experience" id="experience-${x.id}">
${x.image_type ? html`<img src="${action}/${x.id}/image" alt="" class="experience-image">` : ""}
<h2>${x.title}</h2>
<p class="hint">${[x.exhibitor_name, x.location, x.language].filter(Boolean).join(" · ")}</p>
${x.description ? html`<p>${x.description}</p>` : ""}
${
  x.slots.length === 0
    ? html`<p class="hint">${t("experiences.embed.noSlots")}</p>`
    : html`<table class="slots"><thead><tr><th>${t("experiences.col.slot")}</th><th>${t("experiences.col.free")}</th><th></th></tr></thead><tbody>${x.slots.map(
        (s) => {
          const free = Math.max(0, s.capacity - s.booked);
          const mine = state.mine?.some((b) => b.slot_id === s.id);
          return html`<tr><td>${when(s)}</td><td>${free === 0 ? t("experiences.embed.full") : free}</td><td>${
            mine
              ? t("experiences.embed.booked")
              : canBook && free > 0
                ? html`<button name="slot" value="${s.id}" class="small" aria-label="${t("experiences.embed.bookSlot", { title: x.title, when: when(s) })}">${t("experiences.embed.book")}</button>`
                : ""
          }</td></tr>`;
        },
      )}</tbody></table>`
}</article>`,
)}`;

    const body = html`<!doctype html>
<html lang="${req.locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t("experiences.embed.title", { event: event.name })}</title>
<link rel="stylesheet" href="/assets/app.css">
<script src="/embed/resize.js" defer></script></head>
<body class="embed"><main id="main">
<h1>${t("experiences.embed.title", { event: event.name })}</h1>
${alert("error", state.error)}${alert("ok", state.ok)}
${ticketBox}
${
  canBook
    ? html`<form method="post" action="${action}/book">${lang}<input type="hidden" name="pass" value="${state.pass}">
<section class="card"><p>${t("experiences.embed.pick", { left })}</p>${guestFields}</section>${list}</form>`
    : list
}
</main></body></html>`;
    frameHeaders(reply, programme);
    return reply
      .status(state.error ? 400 : 200)
      .type("text/html; charset=utf-8")
      .header("cache-control", "no-store")
      .send(body.value);
  }

  async function withTicket(event: EventRow, ticket: RecognisedTicket): Promise<ViewState> {
    const [booked, mine] = await Promise.all([
      bookedCount(db, event.id, ticket.ticketNumber),
      ticketBookings(db, event.id, ticket.ticketNumber),
    ]);
    return { ticket, pass: issuePass(secret, event.id, ticket), booked, mine };
  }

  /** A domain error becomes a message on the same page; anything else stays an error. */
  async function guarded(
    req: FastifyRequest<Params>,
    reply: FastifyReply,
    event: EventRow,
    fallback: ViewState,
    action: () => Promise<ViewState>,
  ) {
    try {
      return await render(req, reply, event, await action());
    } catch (error) {
      if (!isDomainError(error)) throw error;
      return render(req, reply, event, { ...fallback, error: errorMessage(req.t, error) });
    }
  }

  function passOf(req: FastifyRequest, event: EventRow) {
    return readPass(secret, event.id, formBody(req).pass);
  }

  return async (app: FastifyInstance) => {
    const path = "/embed/:organizer/:event/experiences";

    app.get("/embed/resize.js", { schema: { hide: true } }, (_req, reply) =>
      reply
        .type("text/javascript; charset=utf-8")
        .header("cache-control", "public, max-age=3600")
        .send(RESIZE_JS),
    );
    app.get("/embed/frame.js", { schema: { hide: true } }, (_req, reply) =>
      reply
        .type("text/javascript; charset=utf-8")
        .header("cache-control", "public, max-age=3600")
        .header("cross-origin-resource-policy", "cross-origin")
        .send(FRAME_JS),
    );

    app.get<Params>(path, hide, async (req, reply) => {
      useLanguage(req);
      const event = await findVisibleEvent(db, req.actor, req.params.organizer, req.params.event);
      return render(req, reply, event, {});
    });

    app.get<{ Params: { organizer: string; event: string; id: string } }>(
      `${path}/:id/image`,
      hide,
      async (req, reply) => {
        const event = await findVisibleEvent(db, req.actor, req.params.organizer, req.params.event);
        const image = await experienceImage(db, event.id, toId(req.params.id));
        return reply
          .type(image.type)
          .header("cache-control", "public, max-age=300")
          .header("cross-origin-resource-policy", "cross-origin")
          .send(image.data);
      },
    );

    app.post<Params>(`${path}/ticket`, hide, async (req, reply) => {
      useLanguage(req);
      const event = await findVisibleEvent(db, req.actor, req.params.organizer, req.params.event);
      const body = formBody(req);
      return guarded(req, reply, event, {}, async () => {
        const number = body.ticket_number ?? "";
        const code = body.security_code ?? "";
        let ticket: RecognisedTicket;
        try {
          ticket = await checkTicket(db, secret, event.id, number, code);
        } catch (error) {
          // The shop is down: a number and code that booked before are still recognised (to cancel),
          // without asking the shop a second time while the guest waits.
          if (!isDomainError(error) || error.code !== "ticket_source_unavailable") throw error;
          const known = await knownTicket(db, secret, event.id, number, code);
          if (!known) throw error;
          ticket = known;
        }
        return withTicket(event, ticket);
      });
    });

    app.post<Params>(`${path}/book`, hide, async (req, reply) => {
      useLanguage(req);
      const event = await findVisibleEvent(db, req.actor, req.params.organizer, req.params.event);
      const ticket = passOf(req, event);
      if (!ticket) return render(req, reply, event, { error: req.t("experiences.embed.passExpired") });
      const body = formBody(req);
      const state = await withTicket(event, ticket);
      return guarded(req, reply, event, { ...state, name: body.name, email: body.email }, async () => {
        await bookSlot(db, event.id, ticket, body.slot, body);
        return {
          ...(await withTicket(event, ticket)),
          ok: req.t("experiences.embed.bookedOk"),
          name: body.name,
          email: body.email,
        };
      });
    });

    app.post<Params>(`${path}/cancel`, hide, async (req, reply) => {
      useLanguage(req);
      const event = await findVisibleEvent(db, req.actor, req.params.organizer, req.params.event);
      const ticket = passOf(req, event);
      if (!ticket) return render(req, reply, event, { error: req.t("experiences.embed.passExpired") });
      const state = await withTicket(event, ticket);
      return guarded(req, reply, event, state, async () => {
        await cancelBooking(db, event.id, ticket.ticketNumber, toId(formBody(req).booking));
        return { ...(await withTicket(event, ticket)), ok: req.t("experiences.embed.cancelledOk") };
      });
    });
  };
}
