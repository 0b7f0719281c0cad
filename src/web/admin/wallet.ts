import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { findOrganizer } from "../../modules/organizers/service.js";
import { walletOverview } from "../../modules/wallet/overview.js";
import { ProviderError } from "../../modules/wallet/provider.js";
import { presentWalletSettings, saveWalletSettings, walletSettings } from "../../modules/wallet/settings.js";
import { FAMILIES, WALLET_STATUSES } from "../../modules/wallet/statuses.js";
import { syncWallet } from "../../modules/wallet/sync.js";
import { trackLifecycle } from "../../modules/wallet/tracker.js";
import { authorize, can } from "../../platform/auth/policy.js";
import type { AppContext } from "../../platform/context.js";
import { isDomainError } from "../../platform/errors.js";
import { formatDateTime } from "../../platform/http/dates.js";
import { html } from "../../platform/http/html.js";
import type { MessageKey } from "../../platform/i18n/index.js";
import { adminShell } from "../common/admin-shell.js";
import { flashOf } from "../common/flash.js";
import { errorMessage, field, formBody, redirectWithFlash, select } from "../common/forms.js";
import { alert, csrfField, sendPage } from "../common/layout.js";
import { redirectToLogin } from "../common/login-redirect.js";

type Params = {
  Params: { slug: string };
  Querystring: { family?: string; wallet_status?: string; code?: string };
};

/** The organizer's tickets by family and wallet status, the sync's health, and the provider settings. */
export function adminWalletPages(ctx: AppContext) {
  const hide = { schema: { hide: true } };
  const { db } = ctx;

  async function show(req: FastifyRequest<Params>, reply: FastifyReply, error?: string) {
    const { t } = req;
    const organizer = await findOrganizer(db, req.actor, req.params.slug);
    const filter = req.query ?? {};
    const [overview, settingsRow] = await Promise.all([
      walletOverview(db, req.actor, organizer.id, filter),
      walletSettings(db, organizer.id),
    ]);
    const settings = presentWalletSettings(settingsRow);
    // The provider's settings and syncing are the owner's, as in the API; the overview is everyone's.
    const manages = can(req.actor, "organizer.manage", { type: "organizer", organizerId: organizer.id });
    const base = `/admin/organizers/${organizer.slug}/wallet`;
    const zone = organizer.time_zone ?? ctx.config.timeZone;
    const when = (iso: string | null) => (iso ? formatDateTime(req.locale, iso, zone) : t("wallet.never"));
    const familyName = (f: string) => t(`wallet.family.${f}` as MessageKey);
    return sendPage(req, reply, {
      status: error ? 400 : 200,
      title: t("wallet.title"),
      body: adminShell(
        req,
        "organizers",
        html`<p><a href="/admin/organizers/${organizer.slug}">← ${organizer.name}</a></p>
<h1>${t("wallet.title")}</h1>
${alert("ok", flashOf(req))}${alert("error", error)}
${settings.provider_url && settings.mode === "history" ? html`<div class="alert error" role="alert">${t("wallet.historyDeprecated")}</div>` : ""}
<section><h2>${t("wallet.families")}</h2><p class="views">${FAMILIES.map(
          (f) =>
            html`<a class="button secondary" href="${base}?family=${f}">${familyName(f)}: <strong data-family="${f}">${overview.families[f] ?? 0}</strong></a> `,
        )}</p>
<form method="get" action="${base}" class="inline">
${select(t("wallet.family"), "family", [["", t("wallet.all")], ...FAMILIES.map((f): [string, string] => [f, familyName(f)])], filter.family ?? "")}
${select(t("wallet.walletStatus"), "wallet_status", [["", t("wallet.all")], ["NA", t("wallet.notApplicable")], ...WALLET_STATUSES.map((s): [string, string] => [s, s])], filter.wallet_status ?? "")}
${field(t("wallet.code"), "code", { value: filter.code ?? "" })}
<button type="submit">${t("wallet.filter")}</button></form>
${
  overview.tickets.length === 0
    ? html`<p>${t("wallet.noTickets")}</p>`
    : html`<div class="table-wrap"><table><thead><tr><th>${t("wallet.code")}</th><th>${t("wallet.ticket")}</th><th>${t("wallet.status")}</th><th>${t("wallet.family")}</th><th>${t("wallet.walletStatus")}</th><th>${t("wallet.holder")}</th></tr></thead><tbody>
${overview.tickets.map(
  (
    x,
  ) => html`<tr><td><code>${x.code}</code></td><td>#${x.ticket}</td><td>${x.business_status}</td><td>${familyName(x.family)}</td>
<td>${x.wallet_status ?? t("wallet.notApplicable")}${x.wallet_legacy_status ? html`<div class="hint">${x.wallet_legacy_status}</div>` : ""}</td><td>${x.wallet_holder ?? "—"}</td></tr>`,
)}</tbody></table></div>`
}</section>
<section><h2>${t("wallet.sync")}</h2><dl>
<dt>${t("wallet.lastRun")}</dt><dd>${when(overview.sync.last_run_at)}</dd>
<dt>${t("wallet.lastSynced")}</dt><dd>${overview.sync.last_synced}</dd>
<dt>${t("wallet.totalSynced")}</dt><dd>${overview.sync.total_synced}</dd>
<dt>${t("wallet.waiting")}</dt><dd>${overview.sync.waiting_to_send}</dd>
${overview.sync.last_error ? html`<dt>${t("wallet.lastError")}</dt><dd>${overview.sync.last_error}</dd>` : ""}
</dl>
${manages ? html`<form method="post" action="${base}/sync">${csrfField(req)}<button type="submit">${t("wallet.syncNow")}</button></form>` : ""}</section>
${
  manages
    ? html`<section><h2>${t("wallet.settings")}</h2><p class="hint">${t("wallet.mode", { mode: settings.mode })}</p>
<form method="post" action="${base}/settings">${csrfField(req)}
${field(t("wallet.providerUrl"), "provider_url", { type: "url", value: settings.provider_url ?? "" })}
${field(t("wallet.apiKey"), "api_key", { type: "password", autocomplete: "off" })}
<label for="f-custom">${t("wallet.customParameters")}</label><textarea id="f-custom" name="custom_parameters" rows="3">${settings.custom_parameters}</textarea>
${field(t("wallet.batchSize"), "batch_size", { type: "number", min: 1, max: 10000, value: settings.batch_size })}
${field(t("wallet.webhookUrl"), "webhook_url", { type: "url", value: settings.webhook_url ?? "" })}
${field(t("wallet.webhookSecret"), "webhook_secret", { type: "password", autocomplete: "off" })}
<button type="submit">${t("wallet.save")}</button></form></section>`
    : ""
}`,
      ),
    });
  }

  const base = "/admin/organizers/:slug/wallet";
  return async (app: FastifyInstance) => {
    app.get<Params>(base, hide, async (req, reply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
      return show(req, reply);
    });
    app.post<Params>(`${base}/settings`, hide, async (req, reply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
      const organizer = await findOrganizer(db, req.actor, req.params.slug);
      const body = formBody(req);
      try {
        await saveWalletSettings(db, ctx.secrets, req.actor, organizer.id, {
          ...body,
          batch_size: body.batch_size ? Number(body.batch_size) : undefined,
        });
        return redirectWithFlash(reply, `/admin/organizers/${organizer.slug}/wallet`, "wallet.saved");
      } catch (error) {
        return show(req, reply, errorMessage(req.t, error));
      }
    });
    app.post<Params>(`${base}/sync`, hide, async (req, reply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
      const organizer = await findOrganizer(db, req.actor, req.params.slug);
      authorize(req.actor, "organizer.manage", { type: "organizer", organizerId: organizer.id });
      try {
        await trackLifecycle(db);
        await syncWallet({ db, secrets: ctx.secrets }, organizer.id);
        return redirectWithFlash(reply, `/admin/organizers/${organizer.slug}/wallet`, "wallet.synced");
      } catch (error) {
        if (error instanceof ProviderError) return show(req, reply, error.message);
        if (isDomainError(error)) return show(req, reply, errorMessage(req.t, error));
        throw error;
      }
    });
  };
}
