import type { FastifyInstance, FastifyRequest } from "fastify";
import { findOrganizer } from "../../modules/organizers/service.js";
import type { PaymentAccount } from "../../modules/payments/accounts.js";
import { setDefaultAccount } from "../../modules/payments/defaults.js";
import type { AppContext } from "../../platform/context.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import { formBody, redirectWithFlash } from "../common/forms.js";
import { csrfField } from "../common/layout.js";
import { redirectToLogin } from "../common/login-redirect.js";

type Params = { Params: { slug: string; id: string } };

/** The cell of the accounts table that says, and for an owner switches, whether new events get the account. */
export function defaultCell(
  req: FastifyRequest,
  base: string,
  account: PaymentAccount,
  canManage: boolean,
): SafeHtml {
  const { t } = req;
  const badge = account.is_default ? html`<span class="badge">${t("payments.admin.isDefault")}</span> ` : "";
  if (!canManage || account.retired_at) return html`${badge}`;
  return html`${badge}<form method="post" action="${base}/${account.id}/default" class="inline">${csrfField(req)}
<input type="hidden" name="default" value="${account.is_default ? "off" : "on"}">
<button type="submit" class="secondary small">${t(account.is_default ? "payments.admin.unsetDefault" : "payments.admin.makeDefault")}</button></form>`;
}

/** POST …/payments/:id/default with default=on|off. */
export function paymentDefaultPages(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    app.post<Params>(
      "/admin/organizers/:slug/payments/:id/default",
      { schema: { hide: true } },
      async (req, reply) => {
        if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
        const organizer = await findOrganizer(ctx.db, req.actor, req.params.slug);
        await setDefaultAccount(
          ctx.db,
          req.actor,
          organizer.id,
          Number(req.params.id),
          formBody(req).default === "on",
        );
        return redirectWithFlash(reply, `/admin/organizers/${organizer.slug}/payments`, "flash.saved");
      },
    );
  };
}
