import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  importInternalUsersCsv,
  listUsers,
  upsertInternalUser,
} from "../../modules/accounts/internal-users.js";
import { authorize } from "../../platform/auth/policy.js";
import type { AppContext } from "../../platform/context.js";
import { html } from "../../platform/http/html.js";
import { CSV_IMPORT_BODY_LIMIT } from "../../platform/http/server-limits.js";
import { adminShell } from "../common/admin-shell.js";
import { flashOf } from "../common/flash.js";
import {
  errorMessage,
  errorSummary,
  type FieldErrors,
  field,
  fieldErrors,
  formBody,
} from "../common/forms.js";
import { alert, csrfField, sendPage } from "../common/layout.js";
import { redirectToLogin } from "../common/login-redirect.js";

export function adminUserPages(ctx: AppContext) {
  const hide = { schema: { hide: true } };

  interface State {
    error?: string;
    ok?: string;
    /** A failed post of the account form: its problems at their fields, what was typed kept. */
    errors?: FieldErrors;
    values?: Record<string, string>;
  }

  async function show(req: FastifyRequest, reply: FastifyReply, state: State = {}) {
    if (req.actor.kind === "anonymous") return redirectToLogin(req, reply, "/admin/users");
    authorize(req.actor, "platform.admin", { type: "platform" });
    const { t } = req;
    const query = (req.query as { q?: string }).q ?? "";
    const users = await listUsers(ctx.db, req.actor, { query, limit: 200 });
    const { errors, values = {} } = state;
    const body = html`<h1>${t("admin.users.title")}</h1>
${errors ? errorSummary(errors) : alert("error", state.error)}${alert("ok", state.ok ?? flashOf(req))}
<form method="get" action="/admin/users" class="row" role="search">
  <div>${field(t("admin.users.search"), "q", { value: query, type: "search" })}</div>
</form>
<div class="table-wrap"><table><thead><tr><th>${t("field.name")}</th><th>${t("field.email")}</th><th>${t("account.kind")}</th>
<th>${t("field.school")}</th><th>${t("field.classYear")}</th><th>${t("field.memberships")}</th></tr></thead><tbody>
${users.map(
  (
    u,
  ) => html`<tr><td>${u.name}${u.is_platform_admin ? html` <span class="badge">${t("account.platformAdmin")}</span>` : ""}</td><td>${u.email}</td>
  <td>${t(u.kind === "internal" ? "account.kind.internal" : "account.kind.external")}</td><td>${u.school ?? ""}</td><td>${u.class_year ?? ""}</td><td>${u.memberships.join(", ")}</td></tr>`,
)}
</tbody></table></div>
<div class="grid">
<section class="card"><h2>${t("admin.users.upsert")}</h2><p class="hint">${t("admin.users.upsertHint")}</p>
<form method="post" action="/admin/users" novalidate>${csrfField(req)}
  ${field(t("field.email"), "email", { type: "email", required: true, value: values.email, errors })}
  ${field(t("field.name"), "name", { required: true, value: values.name, errors })}
  ${field(t("field.school"), "school", { value: values.school, errors })}
  ${field(t("field.classYear"), "class_year", { type: "number", min: 1900, max: 2200, value: values.class_year, errors })}
  ${field(t("field.memberships"), "memberships", { hint: t("admin.users.membershipsHint"), value: values.memberships, errors })}
  <button type="submit">${t("account.save")}</button>
</form></section>
<section class="card"><h2>${t("admin.users.import")}</h2><p class="hint">${t("admin.users.importHint")}</p>
<form method="post" action="/admin/users/import">${csrfField(req)}
  <label for="f-csv">CSV</label>
  <textarea id="f-csv" name="csv" rows="8" required placeholder="email,name,school,class_year,memberships"></textarea>
  <button type="submit">${t("admin.users.importSubmit")}</button>
</form></section>
</div>`;
    return sendPage(req, reply, {
      status: state.error || errors ? 400 : 200,
      title: t("admin.users.title"),
      body: adminShell(req, "users", body),
    });
  }

  return async (app: FastifyInstance) => {
    app.get("/admin/users", hide, (req, reply) => show(req, reply));

    app.post("/admin/users", hide, async (req, reply) => {
      const body = formBody(req);
      try {
        await upsertInternalUser(ctx.db, req.actor, body);
        return reply.redirect("/admin/users?flash=flash.saved", 303);
      } catch (error) {
        return show(req, reply, { errors: fieldErrors(req.t, error), values: body });
      }
    });

    app.post("/admin/users/import", { ...hide, bodyLimit: CSV_IMPORT_BODY_LIMIT }, async (req, reply) => {
      try {
        const result = await importInternalUsersCsv(ctx.db, req.actor, formBody(req).csv ?? "");
        return show(req, reply, {
          ok: req.t("admin.users.imported", { created: result.created, updated: result.updated }),
        });
      } catch (error) {
        return show(req, reply, { error: errorMessage(req.t, error) });
      }
    });
  };
}
