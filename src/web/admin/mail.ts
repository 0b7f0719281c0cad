import type { FastifyInstance, FastifyRequest } from "fastify";
import {
  listUndeliveredMails,
  retryAllUndeliveredMails,
  retryUndeliveredMail,
  type UndeliveredMail,
} from "../../modules/orders/undelivered-mails.js";
import type { AppContext } from "../../platform/context.js";
import { notFound } from "../../platform/errors.js";
import { formatDateTime } from "../../platform/http/dates.js";
import { html } from "../../platform/http/html.js";
import { MAIL_MAX_ATTEMPTS } from "../../platform/mail/jobs.js";
import { adminShell } from "../common/admin-shell.js";
import { flashOf } from "../common/flash.js";
import { redirectWithFlash } from "../common/forms.js";
import { alert, csrfField, sendPage } from "../common/layout.js";
import { redirectToLogin } from "../common/login-redirect.js";

const PAGE = "/admin/mail";
// Job ids are 32-bit on PostgreSQL: a larger number is no job, not a database error.
const MAX_ID = 2_147_483_647;

function mailsView(req: FastifyRequest, mails: UndeliveredMail[], timeZone: string) {
  const { t } = req;
  const when = (iso: string) => formatDateTime(req.locale, iso, timeZone, "short");
  const subject = (m: UndeliveredMail) =>
    m.order ? t(`admin.mail.order.${m.order.kind}`, { code: m.order.code }) : (m.subject ?? "");
  const rows = mails.map(
    (
      m,
    ) => html`<tr><td>${when(m.failedAt)}</td><td>${m.to || t("admin.mail.noAddress")}</td><td>${subject(m)}</td>
<td>${m.attempts}</td><td><code>${m.lastError ?? ""}</code></td>
<td><form class="inline" method="post" action="${PAGE}/${m.id}/retry">${csrfField(req)}<button class="secondary" type="submit">${t("admin.mail.retry")}</button></form></td></tr>`,
  );
  return html`<h1>${t("admin.mail.title")}</h1>
${alert("ok", flashOf(req))}
<p class="hint">${t("admin.mail.hint", { tries: MAIL_MAX_ATTEMPTS })}</p>
${
  mails.length === 0
    ? html`<p>${t("admin.mail.empty")}</p>`
    : html`<form method="post" action="${PAGE}/retry">${csrfField(req)}<button type="submit">${t("admin.mail.retryAll")}</button></form>
<div class="table-wrap"><table><thead><tr><th>${t("admin.mail.failedAt")}</th><th>${t("admin.mail.to")}</th><th>${t("admin.mail.subject")}</th>
<th>${t("admin.mail.tries")}</th><th>${t("admin.mail.error")}</th><th></th></tr></thead><tbody>${rows}</tbody></table></div>`
}`;
}

/** Platform admins see the mails whose tries are used up and send them again (one, or all). */
export function adminMailPages(ctx: AppContext) {
  const hide = { schema: { hide: true } };
  return async (app: FastifyInstance) => {
    app.get(PAGE, hide, async (req, reply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply, PAGE);
      const mails = await listUndeliveredMails(ctx.db, req.actor);
      const body = mailsView(req, mails, ctx.config.timeZone);
      return sendPage(req, reply, { title: req.t("admin.mail.title"), body: adminShell(req, "mail", body) });
    });

    app.post<{ Params: { id: string } }>(`${PAGE}/:id/retry`, hide, async (req, reply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply, PAGE);
      const id = Number(req.params.id);
      if (!Number.isInteger(id) || id < 1 || id > MAX_ID) throw notFound("Mail");
      const retried = await retryUndeliveredMail(ctx.db, req.actor, id);
      return redirectWithFlash(reply, PAGE, retried ? "admin.mail.retried" : "admin.mail.gone");
    });

    app.post(`${PAGE}/retry`, hide, async (req, reply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply, PAGE);
      await retryAllUndeliveredMails(ctx.db, req.actor);
      return redirectWithFlash(reply, PAGE, "admin.mail.retriedAll");
    });
  };
}
