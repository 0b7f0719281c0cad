import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { eventForAdmin } from "../../modules/events/lookup.js";
import { findOrganizer, type Organizer } from "../../modules/organizers/service.js";
import {
  createPaymentAccount,
  eventPaymentAccounts,
  isAccountOf,
  listPaymentAccounts,
  type PaymentAccount,
  retirePaymentAccount,
  setEventPaymentAccounts,
} from "../../modules/payments/accounts.js";
import { can } from "../../platform/auth/policy.js";
import type { AppContext } from "../../platform/context.js";
import { formatDateTime } from "../../platform/http/dates.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import { adminShell } from "../common/admin-shell.js";
import { flashOf } from "../common/flash.js";
import { errorMessage, field, formBody, redirectWithFlash } from "../common/forms.js";
import { alert, csrfField, sendPage } from "../common/layout.js";
import { redirectToLogin } from "../common/login-redirect.js";
import { defaultCell, paymentDefaultPages } from "./payment-defaults.js";
import { stripeFields, stripeRefundPages, stripeWebhookUrl } from "./stripe.js";

type Params = { Params: { slug: string; event?: string; id?: string } };

function settingsSummary(account: PaymentAccount): string {
  const s = account.settings as unknown as Record<string, string>;
  if (account.provider === "paypal") return `${s.email} · ${new URL(s.checkout_url ?? "").host}`;
  if (account.provider === "lydia") return new URL(s.api_url ?? "").host;
  if (isAccountOf(account, "stripe"))
    return `${account.settings.publishable_key} · ${new URL(account.settings.api_url).host}`;
  return s.instructions ?? "";
}

function accountsView(
  req: FastifyRequest,
  organizer: Organizer,
  accounts: PaymentAccount[],
  canManage: boolean,
  webhookUrl: string,
) {
  const { t } = req;
  const base = `/admin/organizers/${organizer.slug}/payments`;
  const when = (iso: string) => formatDateTime(req.locale, iso, "UTC", "short");
  const createForm = (provider: string, title: string, fields: SafeHtml) =>
    html`<section class="card"><h2>${title}</h2><form method="post" action="${base}">${csrfField(req)}
  <input type="hidden" name="provider" value="${provider}">
  ${field(t("payments.admin.description"), "description", { form: provider, required: true, hint: t("payments.admin.descriptionHint") })}
  ${fields}
  <button type="submit">${t("payments.admin.create")}</button></form></section>`;
  return html`<h1>${t("payments.admin.title")} · ${organizer.name}</h1>
<p class="hint">${t("payments.admin.intro")}</p>
<p class="hint">${t("payments.admin.defaultHint")}</p>
${
  accounts.length === 0
    ? html`<p>${t("payments.admin.none")}</p>`
    : html`<div class="table-wrap"><table><thead><tr><th>${t("payments.admin.provider")}</th><th>${t("payments.admin.description")}</th><th>${t("payments.admin.settings")}</th><th>${t("payments.admin.created")}</th><th>${t("payments.admin.default")}</th><th></th></tr></thead><tbody>
${accounts.map(
  (
    a,
  ) => html`<tr><td>${t(`payments.provider.${a.provider}`)}${isAccountOf(a, "stripe") && a.settings.test_mode ? html` <span class="pill warn" data-testid="test-mode-badge">${t("stripe.testMode")}</span>` : ""}</td><td>${a.description}</td><td>${settingsSummary(a)}</td><td>${when(a.created_at)}</td><td>${defaultCell(req, base, a, canManage)}</td>
<td>${
    a.retired_at
      ? html`<span class="badge">${t("payments.admin.retired")}</span>`
      : canManage
        ? html`<form method="post" action="${base}/${a.id}/retire">${csrfField(req)}<button type="submit" class="secondary">${t("payments.admin.retire")}</button></form>`
        : html`<span class="badge">${t("payments.admin.active")}</span>`
  }</td></tr>`,
)}</tbody></table></div>`
}
${
  canManage
    ? html`<div class="grid">
${createForm(
  "manual",
  t("payments.admin.newManual"),
  html`<label for="f-manual-instructions">${t("payments.admin.instructions")}</label>
<textarea id="f-manual-instructions" name="instructions" rows="4" required aria-describedby="f-manual-instructions-hint"></textarea>
<div class="hint" id="f-manual-instructions-hint">${t("payments.admin.instructionsHint")}</div>`,
)}
${createForm(
  "paypal",
  t("payments.admin.newPaypal"),
  html`${field(t("payments.admin.paypalEmail"), "email", { form: "paypal", type: "email", required: true })}
<label class="check" for="f-paypal-sandbox"><input type="checkbox" id="f-paypal-sandbox" name="sandbox" value="on"> ${t("payments.admin.sandbox")}</label>`,
)}
${createForm(
  "lydia",
  t("payments.admin.newLydia"),
  html`${field(t("payments.admin.vendorToken"), "vendor_token", { form: "lydia", required: true })}
${field(t("payments.admin.privateToken"), "private_token", { form: "lydia", type: "password", required: true, autocomplete: "off", hint: t("payments.admin.privateTokenHint") })}
<p><a href="${base}/lydia-tokens">${t("payments.admin.lydiaTokens")}</a></p>`,
)}
${createForm("stripe", t("payments.admin.newStripe"), stripeFields(req, webhookUrl))}
</div>`
    : ""
}`;
}

/** Organizer pages for payment accounts, and the choice of accounts per event. */
export function paymentAccountPages(ctx: AppContext) {
  const hide = { schema: { hide: true } };
  const { db } = ctx;

  async function showAccounts(req: FastifyRequest<Params>, reply: FastifyReply, error?: string) {
    const organizer = await findOrganizer(db, req.actor, req.params.slug);
    const accounts = await listPaymentAccounts(db, req.actor, organizer.id);
    const canManage = can(req.actor, "organizer.manage", { type: "organizer", organizerId: organizer.id });
    return sendPage(req, reply, {
      status: error ? 400 : 200,
      title: req.t("payments.admin.title"),
      body: adminShell(
        req,
        "organizers",
        html`${alert("error", error)}${alert("ok", flashOf(req))}${accountsView(req, organizer, accounts, canManage, stripeWebhookUrl(ctx.config.publicUrl, organizer.slug))}`,
      ),
    });
  }

  async function showEvent(req: FastifyRequest<Params>, reply: FastifyReply, error?: string) {
    const event = await eventForAdmin(db, req.actor, {
      organizer: req.params.slug,
      event: req.params.event ?? "",
    });
    const [all, chosen] = await Promise.all([
      listPaymentAccounts(db, req.actor, event.organizer_id),
      eventPaymentAccounts(db, event.id),
    ]);
    const chosenIds = new Set(chosen.map((a) => a.id));
    const { t } = req;
    const base = `/admin/organizers/${req.params.slug}`;
    const body = html`<p><a href="${base}/events/${event.slug}">← ${event.name}</a></p>
<h1>${t("payments.admin.event")}</h1>${alert("error", error)}${alert("ok", flashOf(req))}
<p class="hint">${t("payments.admin.eventIntro")}</p>
<form method="post" action="${base}/events/${event.slug}/payments">${csrfField(req)}
${all
  .filter((a) => !a.retired_at)
  .map(
    (a) =>
      html`<label class="check" for="f-account-${a.id}"><input type="checkbox" id="f-account-${a.id}" name="account_${a.id}" value="on" ${chosenIds.has(a.id) ? html`checked` : ""}> ${t(`payments.provider.${a.provider}`)}: ${a.description}</label>`,
  )}
<button type="submit">${t("payments.admin.eventSave")}</button></form>
<p><a href="${base}/payments">${t("payments.admin.manage")}</a></p>`;
    return sendPage(req, reply, {
      status: error ? 400 : 200,
      title: t("payments.admin.event"),
      body: adminShell(req, "organizers", body),
    });
  }

  return async (app: FastifyInstance) => {
    await app.register(paymentDefaultPages(ctx));
    await app.register(stripeRefundPages(ctx));
    const accountsUrl = "/admin/organizers/:slug/payments";
    app.get<Params>(accountsUrl, hide, async (req, reply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
      return showAccounts(req, reply);
    });

    app.post<Params>(accountsUrl, hide, async (req, reply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
      const organizer = await findOrganizer(db, req.actor, req.params.slug);
      const body = formBody(req);
      try {
        await createPaymentAccount(db, ctx.secrets, req.actor, organizer.id, {
          ...body,
          sandbox: body.sandbox === "on",
        });
        return redirectWithFlash(reply, `/admin/organizers/${organizer.slug}/payments`, "flash.saved");
      } catch (error) {
        return showAccounts(req, reply, errorMessage(req.t, error));
      }
    });

    app.post<Params>(`${accountsUrl}/:id/retire`, hide, async (req, reply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
      const organizer = await findOrganizer(db, req.actor, req.params.slug);
      await retirePaymentAccount(db, req.actor, organizer.id, Number(req.params.id));
      return redirectWithFlash(reply, `/admin/organizers/${organizer.slug}/payments`, "flash.saved");
    });

    const eventUrl = "/admin/organizers/:slug/events/:event/payments";
    app.get<Params>(eventUrl, hide, async (req, reply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
      return showEvent(req, reply);
    });

    app.post<Params>(eventUrl, hide, async (req, reply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
      const event = await eventForAdmin(db, req.actor, {
        organizer: req.params.slug,
        event: req.params.event ?? "",
      });
      try {
        const ids = Object.entries(formBody(req))
          .filter(([name, value]) => name.startsWith("account_") && value === "on")
          .map(([name]) => Number(name.slice("account_".length)));
        await setEventPaymentAccounts(db, req.actor, event, ids);
        return redirectWithFlash(
          reply,
          `/admin/organizers/${req.params.slug}/events/${event.slug}/payments`,
          "flash.saved",
        );
      } catch (error) {
        return showEvent(req, reply, errorMessage(req.t, error));
      }
    });
  };
}
