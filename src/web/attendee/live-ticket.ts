import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import QRCode from "qrcode";
import { ROTATION_SECONDS, rotatingCodes } from "../../modules/credentials/rotating.js";
import { eventTimeZone } from "../../modules/events/time-zone.js";
import { formatTicketCode } from "../../modules/orders/ticket-code.js";
import { ticketLinkSigner } from "../../modules/rooms/links.js";
import { liveTicket } from "../../modules/tickets/live.js";
import type { AppContext } from "../../platform/context.js";
import { isDomainError } from "../../platform/errors.js";
import { formatDateTimeInZone } from "../../platform/http/dates.js";
import { html } from "../../platform/http/html.js";
import type { Locale } from "../../platform/i18n/index.js";
import { alert, sendPage } from "../common/layout.js";

type Params = { Params: { token: string } };

/**
 * The live ticket: a QR code that changes every ROTATION_SECONDS, so a screenshot passed around stops
 * working within half a minute. The page polls for the next code with a small script; without
 * JavaScript, a link reloads it.
 */
export function liveTicketPages(ctx: AppContext) {
  const hide = { schema: { hide: true } };
  const links = ticketLinkSigner(ctx.secrets.signingPrivateKey);
  const rotation = rotatingCodes(ctx.secrets.signingPrivateKey);

  async function ticketOf(token: string, locale?: Locale) {
    const link = await links.verify(token);
    return liveTicket(ctx.db, link, locale);
  }

  const qrOf = async (ticket: { id: number; secret: string }) => {
    const { code, changesAt } = rotation.current(ticket.id, ticket.secret);
    return {
      png: await QRCode.toDataURL(code, { errorCorrectionLevel: "M", margin: 4, width: 320 }),
      changes_at: changesAt,
    };
  };

  async function page(req: FastifyRequest<Params>, reply: FastifyReply) {
    const { t } = req;
    let ticket: Awaited<ReturnType<typeof ticketOf>>;
    try {
      ticket = await ticketOf(req.params.token, req.locale);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      ticket = undefined;
    }
    if (ticket?.status !== "paid")
      return sendPage(req, reply, {
        status: ticket ? 409 : 400,
        title: t("tickets.live.title"),
        narrow: true,
        body: html`<h1>${t("tickets.live.title")}</h1>${alert("error", t(ticket ? "tickets.live.notValid" : "room.invalidLink"))}`,
      });
    const qr = await qrOf(ticket);
    return sendPage(req, reply, {
      title: t("tickets.live.title"),
      narrow: true,
      body: html`<h1>${t("tickets.live.title")}</h1>
<section class="card live-ticket" id="live-ticket" data-code-url="/tickets/live/${req.params.token}/code">
<p><strong>${ticket.event_name}</strong>${ticket.starts_at ? html` · ${formatDateTimeInZone(req.locale, ticket.starts_at, eventTimeZone(ticket, null, ctx.config.timeZone))}` : ""}</p>
<p>${ticket.type_name}${ticket.attendee_name ? html` · ${ticket.attendee_name}` : ""}</p>
<img id="live-qr" src="${qr.png}" alt="${t("tickets.live.alt")}" width="320" height="320">
<p class="hint">${t("tickets.live.hint", { seconds: ROTATION_SECONDS })}</p>
${
  ticket.ticket_code
    ? html`<p class="ticket-code">${t("tickets.ticketCode")}: <code data-testid="ticket-code">${formatTicketCode(ticket.ticket_code)}</code></p>
<p class="hint">${t("tickets.live.codeHint")}</p>`
    : ""
}
<p><a href="/tickets/live/${req.params.token}">${t("tickets.live.refresh")}</a></p>
</section>
<script src="/assets/live-ticket.js"></script>`,
    });
  }

  return async (app: FastifyInstance) => {
    app.get<Params>("/tickets/live/:token", hide, page);
    app.get<Params>("/tickets/live/:token/code", hide, async (req, reply) => {
      let ticket: Awaited<ReturnType<typeof ticketOf>>;
      try {
        ticket = await ticketOf(req.params.token);
      } catch {
        ticket = undefined;
      }
      if (ticket?.status !== "paid")
        return reply.status(404).send({ error: { code: "not_found", message: "Ticket not found" } });
      return reply.header("cache-control", "no-store").send(await qrOf(ticket));
    });
  };
}
