import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { eventTimeZone } from "../../modules/events/time-zone.js";
import { BbbError } from "../../modules/rooms/bbb.js";
import { enterRoom, roomTicket } from "../../modules/rooms/enter.js";
import { ticketLinkSigner } from "../../modules/rooms/links.js";
import { roomWithServer } from "../../modules/rooms/service.js";
import type { AppContext } from "../../platform/context.js";
import { isDomainError } from "../../platform/errors.js";
import { allowFormTarget } from "../../platform/http/csp.js";
import { formatDateTimeInZone } from "../../platform/http/dates.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import type { MessageKey } from "../../platform/i18n/index.js";
import { alert, csrfField, sendPage } from "../common/layout.js";

type Params = { Params: { token: string } };

/**
 * The attendee's side (seed 000): the ticket page a mail or the account links to, and the button that
 * enters the room. Entering is a POST, so that a mail scanner following links checks nobody in.
 */
export function roomTicketPages(ctx: AppContext) {
  const hide = { schema: { hide: true } };
  const signer = ticketLinkSigner(ctx.secrets.signingPrivateKey);
  const deps = { db: ctx.db, secrets: ctx.secrets, timeZone: ctx.config.timeZone };

  async function page(req: FastifyRequest<Params>, reply: FastifyReply, notice?: SafeHtml, status = 200) {
    const { t } = req;
    let found: Awaited<ReturnType<typeof roomTicket>>;
    try {
      found = await roomTicket(ctx.db, await signer.verify(req.params.token));
    } catch (error) {
      if (!isDomainError(error)) throw error;
      const key: MessageKey = error.code === "no_room" ? "room.noRoom" : "room.invalidLink";
      return sendPage(req, reply, {
        status: error.httpStatus,
        title: t("room.title"),
        narrow: true,
        body: html`<h1>${t("room.title")}</h1>${alert("error", t(key))}`,
      });
    }
    const { room, server } = await roomWithServer(
      ctx.db,
      ctx.secrets,
      found.event.organizer_id,
      found.roomSlug,
    );
    allowFormTarget(reply, new URL(server.url).origin);
    return sendPage(req, reply, {
      status,
      title: t("room.title"),
      narrow: true,
      body: html`<h1>${t("room.title")}</h1>
${notice ?? ""}
<section class="card"><dl>
  <dt>${t("room.room")}</dt><dd>${room.name}</dd>
  <dt>${t("room.when")}</dt><dd>${found.event.name}${found.date.name ? ` · ${found.date.name}` : ""} · ${formatDateTimeInZone(req.locale, found.date.starts_at, eventTimeZone(found.event, null, ctx.config.timeZone))}</dd>
</dl>
<form method="post" action="/tickets/room/${req.params.token}/enter">${csrfField(req)}
<button type="submit">${t("room.enter")}</button></form>
<p class="hint">${t("room.enterHint")}</p></section>`,
    });
  }

  return async (app: FastifyInstance) => {
    app.get<Params>("/tickets/room/:token", hide, (req, reply) => page(req, reply));

    app.post<Params>("/tickets/room/:token/enter", hide, async (req, reply) => {
      const { t } = req;
      let outcome: Awaited<ReturnType<typeof enterRoom>>;
      try {
        outcome = await enterRoom(deps, await signer.verify(req.params.token));
      } catch (error) {
        if (error instanceof BbbError) return page(req, reply, alert("error", t("room.unavailable")), 503);
        if (isDomainError(error)) return page(req, reply);
        throw error;
      }
      switch (outcome.kind) {
        case "join":
          return reply.redirect(outcome.url, 303);
        case "not_running":
          return page(
            req,
            reply,
            html`<div class="alert error" role="alert"><p>${t("room.notRunning")}</p>${
              outcome.nextDates.length === 0
                ? html`<p>${t("room.noNextDates")}</p>`
                : html`<ul class="next-dates">${outcome.nextDates.map(
                    (d) =>
                      html`<li>${formatDateTimeInZone(req.locale, d.starts_at, eventTimeZone(d, null, ctx.config.timeZone))} · ${d.event_name}${d.name ? ` · ${d.name}` : ""}</li>`,
                  )}</ul>`
            }</div>`,
            409,
          );
        case "already_present":
          return page(req, reply, alert("error", t("room.alreadyPresent")), 409);
        case "used_another_day":
          return page(req, reply, alert("error", t("room.usedAnotherDay")), 409);
        case "refused":
          return page(
            req,
            reply,
            alert(
              "error",
              t("room.refused", { reason: t(`checkin.reason.${outcome.reason}` as MessageKey) }),
            ),
            409,
          );
      }
    });
  };
}
