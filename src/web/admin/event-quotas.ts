import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { createQuota, listQuotas } from "../../modules/catalog/quotas.js";
import { listTicketTypes, type TicketType } from "../../modules/catalog/service.js";
import { listDates } from "../../modules/events/service.js";
import type { AppContext } from "../../platform/context.js";
import { formatDateTime } from "../../platform/http/dates.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import { errorSummary, field, select } from "../common/forms.js";
import { csrfField } from "../common/layout.js";
import type { DateRow, FormState } from "./event-date-views.js";
import {
  backTo,
  checkbox,
  hide,
  type Section,
  type SectionRequest,
  type SectionRoute,
  sectionGet,
  sectionPath,
  sectionPost,
  sendSection,
} from "./event-section.js";

interface QuotasPage {
  quotas: Awaited<ReturnType<typeof listQuotas>>;
  types: TicketType[];
  dates: DateRow[];
  add?: FormState & { ticketTypes?: string[] };
}

/** A date as a choice in a list: its name, else when it is. */
export const dateChoice = (req: FastifyRequest, s: Section, d: DateRow): [string, string] => [
  String(d.id),
  d.name ?? formatDateTime(req.locale, d.starts_at, s.zone, "short"),
];

function quotasView(req: FastifyRequest, s: Section, d: QuotasPage): SafeHtml {
  const { t } = req;
  const dateName = (id: number | null) => {
    const date = d.dates.find((x) => x.id === id);
    return date ? dateChoice(req, s, date)[1] : t("adminEvent.allDates");
  };
  const list = d.quotas.length
    ? html`<div class="table-wrap"><table><thead><tr><th>${t("field.name")}</th><th>${t("order.date")}</th><th>${t("adminEvent.sold")}</th><th></th></tr></thead><tbody>
${d.quotas.map((q) => {
  const pct = q.size === 0 ? 100 : Math.round((q.taken / q.size) * 100);
  return html`<tr id="quota-${q.id}"><td>${q.name}<div class="hint">${q.ticket_types.map((id) => d.types.find((x) => x.id === id)?.name ?? id).join(", ")}</div></td><td>${dateName(q.date_id)}</td>
  <td>${q.taken} / ${q.size}</td><td><progress max="${q.size}" value="${q.taken}" aria-label="${q.name}">${pct}%</progress></td></tr>`;
})}</tbody></table></div>`
    : html`<p class="hint">${t("adminEvent.noQuotas")}</p>`;
  const v = d.add?.values ?? {};
  const chosen = new Set(d.add?.ticketTypes ?? []);
  const errors = d.add?.errors;
  const add =
    s.canManage && d.types.length
      ? html`<details class="card" id="add-quota" ${d.add || d.quotas.length === 0 ? html`open` : ""}><summary><strong>${t("adminEvent.addQuota")}</strong></summary>
${errorSummary(errors)}
<form method="post" action="${sectionPath(s, "quotas")}">${csrfField(req)}
  <div class="row"><div>${field(t("field.name"), "name", { form: "quota", required: true, value: v.name ?? "", errors })}</div>
  <div>${field(t("adminEvent.size"), "size", { form: "quota", type: "number", min: 0, required: true, value: v.size ?? "", errors })}</div>
  <div>${select(t("order.date"), "date", [["", t("adminEvent.allDates")], ...d.dates.map((x) => dateChoice(req, s, x))], v.date ?? null, "quota", errors)}</div></div>
  <fieldset><legend>${t("adminEvent.ticketTypes")}</legend>${d.types.map((x) => checkbox(x.name, "ticket_types", { value: String(x.id), form: "quota", checked: chosen.has(String(x.id)) }))}</fieldset>
  <button type="submit">${t("adminEvent.addQuota")}</button></form></details>`
      : s.canManage
        ? html`<p class="hint">${t("adminEvent.quotaNeedsTypes")}</p>`
        : "";
  return html`${add}<section class="card" id="quotas" aria-labelledby="h-quotas"><h2 id="h-quotas">${t("adminEvent.quotas")}</h2>
${list}</section>`;
}

const chosenTypes = (req: SectionRequest) =>
  ([] as unknown[]).concat(((req.body ?? {}) as Record<string, unknown>).ticket_types ?? []).map(String);

/** Quotas: how many tickets of which types, on one date or across all. */
export function eventQuotaPages(ctx: AppContext) {
  const { db } = ctx;

  async function show(
    req: SectionRequest,
    reply: FastifyReply,
    s: Section,
    add?: QuotasPage["add"],
    status = 200,
  ) {
    const [quotas, types, dates] = await Promise.all([
      listQuotas(db, req.actor, s.event),
      listTicketTypes(db, s.event),
      listDates(db, s.event),
    ]);
    return sendSection(req, reply, s, "quotas", quotasView(req, s, { quotas, types, dates, add }), status);
  }

  const base = "/admin/organizers/:slug/events/:event/quotas";
  return async (app: FastifyInstance) => {
    app.get<SectionRoute>(
      base,
      hide,
      sectionGet(ctx, (req, reply, s) => show(req, reply, s)),
    );
    app.post<SectionRoute>(
      base,
      hide,
      sectionPost(
        ctx,
        async (req, reply, s, body) => {
          const quota = await createQuota(db, req.actor, s.event, {
            name: body.name,
            size: body.size,
            ticket_types: chosenTypes(req).map(Number),
            date: body.date || undefined,
          });
          return backTo(reply, s, "quotas", "flash.saved", `quota-${quota.id}`);
        },
        (req, reply, s, f) => show(req, reply, s, { ...f, ticketTypes: chosenTypes(req) }, f.status),
        "quota",
      ),
    );
  };
}
