import path from "node:path";
import type { FastifyInstance } from "fastify";
import { authorize } from "../../platform/auth/policy.js";
import type { AppContext } from "../../platform/context.js";
import { notFound } from "../../platform/errors.js";
import { html } from "../../platform/http/html.js";
import { listOutbox, readOutboxMail } from "../../platform/mail/outbox.js";
import { adminShell } from "../common/admin-shell.js";
import { alert, sendPage } from "../common/layout.js";
import { redirectToLogin } from "../common/login-redirect.js";

/** Platform admins read the mails a server without SMTP has kept in DATA_DIR/outbox. */
export function adminOutboxPages(ctx: AppContext) {
  const hide = { schema: { hide: true } };
  const dir = path.join(ctx.config.dataDir, "outbox");
  return async (app: FastifyInstance) => {
    app.get("/admin/outbox", hide, async (req, reply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply, "/admin/outbox");
      authorize(req.actor, "platform.admin", { type: "platform" });
      const { t } = req;
      const mails = listOutbox(dir);
      const body = html`<h1>${t("admin.outbox.title")}</h1>
${ctx.config.smtpUrl ? alert("ok", t("admin.outbox.smtp")) : html`<p class="hint">${t("admin.outbox.hint")}</p>`}
${
  mails.length === 0
    ? html`<p>${t("admin.outbox.empty")}</p>`
    : html`<div class="table-wrap"><table><thead><tr><th>${t("admin.outbox.date")}</th><th>${t("admin.outbox.to")}</th><th>${t("admin.outbox.subject")}</th><th></th></tr></thead><tbody>
${mails.map(
  (m) =>
    html`<tr><td>${m.date}</td><td>${m.to}</td><td>${m.subject}</td><td><a href="/admin/outbox/${m.file}" download>${t("admin.outbox.download")}</a></td></tr>`,
)}</tbody></table></div>`
}`;
      return sendPage(req, reply, { title: t("admin.outbox.title"), body: adminShell(req, "outbox", body) });
    });

    app.get<{ Params: { file: string } }>("/admin/outbox/:file", hide, async (req, reply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply, "/admin/outbox");
      authorize(req.actor, "platform.admin", { type: "platform" });
      const mail = readOutboxMail(dir, req.params.file);
      if (!mail) throw notFound("Mail");
      return reply
        .type("message/rfc822")
        .header("content-disposition", `attachment; filename="${req.params.file}"`)
        .send(mail);
    });
  };
}
