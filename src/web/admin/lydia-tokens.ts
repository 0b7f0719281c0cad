import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { findOrganizer, type Organizer } from "../../modules/organizers/service.js";
import { LYDIA_LIVE_API } from "../../modules/payments/accounts.js";
import type { LydiaBusiness } from "../../modules/payments/lydia/client.js";
import { fetchLydiaTokens } from "../../modules/payments/lydia/tokens.js";
import type { AppContext } from "../../platform/context.js";
import { isDomainError } from "../../platform/errors.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import { errorResponses } from "../../platform/http/schemas.js";
import { adminShell } from "../common/admin-shell.js";
import { errorMessage, field, formBody } from "../common/forms.js";
import { alert, csrfField, sendPage } from "../common/layout.js";
import { redirectToLogin } from "../common/login-redirect.js";

type Params = { Params: { slug: string } };

function tokensView(
  req: FastifyRequest,
  organizer: Organizer,
  state: { phone: string; apiUrl: string; error?: string; found?: LydiaBusiness[] },
): SafeHtml {
  const { t } = req;
  const accounts = `/admin/organizers/${organizer.slug}/payments`;
  const found = state.found;
  const results = !found
    ? ""
    : found.length === 0
      ? html`<p class="alert error" role="status">${t("lydia.tokens.none")}</p>`
      : html`<h2>${t("lydia.tokens.found")}</h2>${found.map(
          (b, i) => html`<section class="card" data-testid="lydia-business">
<dl><dt>${t("lydia.tokens.name")}</dt><dd>${b.name || "—"}</dd>
<dt>${t("lydia.tokens.vendorToken")}</dt><dd><code>${b.vendorToken}</code></dd>
<dt>${t("lydia.tokens.privateToken")}</dt><dd><code>${b.privateToken}</code></dd></dl>
<form method="post" action="${accounts}">${csrfField(req)}
<input type="hidden" name="provider" value="lydia"><input type="hidden" name="vendor_token" value="${b.vendorToken}">
<input type="hidden" name="private_token" value="${b.privateToken}"><input type="hidden" name="api_url" value="${state.apiUrl}">
${field(t("payments.admin.description"), "description", { form: `business-${i}`, required: true, value: b.name, hint: t("payments.admin.descriptionHint") })}
<button type="submit">${t("lydia.tokens.create")}</button></form></section>`,
        )}`;
  return html`<p><a href="${accounts}">← ${t("lydia.tokens.back")}</a></p>
<h1>${t("lydia.tokens.title")} · ${organizer.name}</h1>
<p class="hint">${t("lydia.tokens.intro")}</p>${alert("error", state.error)}
<form method="post" class="card">${csrfField(req)}
${field(t("lydia.tokens.phone"), "phone", { type: "tel", required: true, autocomplete: "off", value: state.phone })}
${field(t("lydia.tokens.password"), "password", { type: "password", required: true, autocomplete: "off" })}
${field(t("lydia.tokens.apiUrl"), "api_url", { type: "url", value: state.apiUrl, hint: t("lydia.tokens.apiUrlHint") })}
<button type="submit">${t("lydia.tokens.fetch")}</button></form>${results}`;
}

const Business = Type.Object({
  name: Type.String(),
  vendor_token: Type.String(),
  private_token: Type.String(),
});

/**
 * Seed 003's "get the tokens of an account" page, and the same as an API call. Tokens are shown once
 * to the organizer who asked; the answers are never cached.
 */
export function lydiaTokenPages(ctx: AppContext) {
  const hide = { schema: { hide: true } };
  const { db } = ctx;

  function show(
    req: FastifyRequest,
    reply: FastifyReply,
    organizer: Organizer,
    state: Parameters<typeof tokensView>[2],
    status = 200,
  ) {
    reply.header("cache-control", "private, no-store");
    return sendPage(req, reply, {
      status,
      title: req.t("lydia.tokens.title"),
      body: adminShell(req, "organizers", tokensView(req, organizer, state)),
    });
  }

  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    const url = "/admin/organizers/:slug/payments/lydia-tokens";
    app.get<Params>(url, hide, async (req, reply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
      const organizer = await findOrganizer(db, req.actor, req.params.slug);
      return show(req, reply, organizer, { phone: "", apiUrl: LYDIA_LIVE_API });
    });

    app.post<Params>(url, hide, async (req, reply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
      const organizer = await findOrganizer(db, req.actor, req.params.slug);
      const body = formBody(req);
      const state = { phone: body.phone ?? "", apiUrl: body.api_url || LYDIA_LIVE_API };
      try {
        const result = await fetchLydiaTokens(db, req.actor, organizer.id, body);
        return show(req, reply, organizer, { ...state, apiUrl: result.apiUrl, found: result.accounts });
      } catch (error) {
        if (!isDomainError(error) || error.code === "forbidden") throw error;
        return show(req, reply, organizer, { ...state, error: errorMessage(req.t, error) }, error.httpStatus);
      }
    });

    app.post(
      "/api/v1/organizers/:organizer/payment-accounts/lydia-tokens",
      {
        schema: {
          tags: ["payments"],
          summary:
            "The business accounts (vendor and private tokens) of a Lydia user, from their phone number and password; nothing is stored",
          params: Type.Object({ organizer: Type.String() }),
          body: Type.Object(
            {
              phone: Type.String({ maxLength: 25 }),
              password: Type.String({ maxLength: 200 }),
              api_url: Type.Optional(
                Type.String({ description: "Lydia API base URL (default: Lydia live)" }),
              ),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ accounts: Type.Array(Business) }), ...errorResponses },
        },
      },
      async (req, reply) => {
        const organizer = await findOrganizer(db, req.actor, req.params.organizer);
        const result = await fetchLydiaTokens(db, req.actor, organizer.id, req.body);
        reply.header("cache-control", "private, no-store");
        return {
          accounts: result.accounts.map((b) => ({
            name: b.name,
            vendor_token: b.vendorToken,
            private_token: b.privateToken,
          })),
        };
      },
    );
  };
}
