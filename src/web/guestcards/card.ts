import type { FastifyInstance } from "fastify";
import { findGuestCard } from "../../modules/guestcards/cards.js";
import { authCodeQrJpeg } from "../../modules/guestcards/qr.js";
import type { AppContext } from "../../platform/context.js";
import { html } from "../../platform/http/html.js";
import { sendPage } from "../common/layout.js";

/** The guest's card: the auth code and its QR code, printable (the print stylesheet drops the chrome). */
export function guestCardPage(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    app.get<{ Params: { token: string } }>(
      "/guest-cards/:token",
      { schema: { hide: true } },
      async (req, reply) => {
        const card = await findGuestCard(ctx.db, ctx.secrets.cookieSecret, req.params.token);
        const qr = authCodeQrJpeg(card.auth_code).toString("base64");
        const { t } = req;
        reply.header("cache-control", "private, no-store").header("referrer-policy", "no-referrer");
        return sendPage(req, reply, {
          title: t("guestcards.cardTitle"),
          narrow: true,
          body: html`<article class="card guest-card">
<h1>${t("guestcards.cardTitle")} · ${card.municipality}</h1>
<p class="lead">${card.first_name} ${card.last_name} · ${card.tariff_alias}</p>
<p>${t("guestcards.stay")}: ${card.arrival_date} – ${card.departure_date} · ${t("guestcards.number")} ${card.number}</p>
<img src="data:image/jpeg;base64,${qr}" width="232" height="232" alt="${t("guestcards.qrAlt", { code: card.auth_code })}">
<p>${t("guestcards.authCode")}: <strong class="secret" data-testid="card-code">${card.auth_code}</strong></p>
<p class="hint">${t("guestcards.cardIntro")}</p>
<p class="hint no-print">${t("guestcards.print")}</p>
</article>`,
        });
      },
    );
  };
}
