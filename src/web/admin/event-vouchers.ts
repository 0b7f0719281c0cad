import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { listTicketTypes, type TicketType } from "../../modules/catalog/service.js";
import { listDates } from "../../modules/events/service.js";
import {
  createVoucher,
  createVouchersInBulk,
  listVouchers,
  PRICE_MODES,
  type Voucher,
  voucherLink,
} from "../../modules/vouchers/service.js";
import type { AppContext } from "../../platform/context.js";
import { wallClockToIso } from "../../platform/http/dates.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import { displayMoney } from "../../platform/money.js";
import { errorSummary, field, select } from "../common/forms.js";
import { csrfField } from "../common/layout.js";
import type { DateRow, FormState } from "./event-date-views.js";
import { dateChoice } from "./event-quotas.js";
import {
  backTo,
  hide,
  type Section,
  type SectionRequest,
  type SectionRoute,
  sectionGet,
  sectionPath,
  sectionPost,
  sendSection,
} from "./event-section.js";

interface VouchersPage {
  vouchers: Voucher[];
  types: TicketType[];
  dates: DateRow[];
  linkFor: (code: string) => string;
  add?: FormState;
}

/** Long lists show their first vouchers; the CSV has all of them. */
const SHOWN = 200;

function vouchersView(req: FastifyRequest, s: Section, d: VouchersPage): SafeHtml {
  const { t } = req;
  const api = `/api/v1/organizers/${s.organizer}/events/${s.event.slug}`;
  const effect = (v: Voucher) =>
    `${t(`adminEvent.mode.${v.price_mode}`)}${
      v.price_mode === "fixed" || v.price_mode === "discount"
        ? ` ${displayMoney(v.value_minor, s.event.currency, req.locale)}`
        : v.price_mode === "percent"
          ? ` ${v.value_minor} %`
          : ""
    }`;
  const list = d.vouchers.length
    ? html`<p><a href="${api}/vouchers.csv">${t("adminEvent.csv")}</a></p><div class="table-wrap"><table><thead><tr><th>${t("adminEvent.code")}</th><th>${t("adminEvent.usages")}</th><th>${t("adminEvent.effect")}</th><th>${t("adminEvent.link")}</th></tr></thead><tbody>
${d.vouchers
  .slice(0, SHOWN)
  .map(
    (v) =>
      html`<tr id="voucher-${v.id}"><td><code>${v.code}</code></td><td>${v.used} / ${v.max_usages}</td><td>${effect(v)}</td><td><a href="${d.linkFor(v.code)}">${t("adminEvent.link")}</a></td></tr>`,
  )}</tbody></table></div>`
    : html`<p class="hint">${t("adminEvent.noVouchers")}</p>`;
  const v = d.add?.values ?? {};
  const errors = d.add?.errors;
  const form = "voucher";
  const add = s.canManage
    ? html`<details class="card" id="add-voucher" ${d.add || d.vouchers.length === 0 ? html`open` : ""}><summary><strong>${t("adminEvent.addVoucher")}</strong></summary>
${errorSummary(errors)}
<form method="post" action="${sectionPath(s, "vouchers")}">${csrfField(req)}
  <div class="row"><div>${field(t("adminEvent.codeOrPrefix"), "code", { form, hint: t("adminEvent.codeHint"), value: v.code ?? "", errors })}</div>
  <div>${field(t("adminEvent.count"), "count", { form, type: "number", min: 1, max: 10000, value: v.count ?? 1, errors })}</div>
  <div>${field(t("adminEvent.maxUsages"), "max_usages", { form, type: "number", min: 1, value: v.max_usages ?? 1, errors })}</div></div>
  <div class="row"><div>${select(
    t("adminEvent.effect"),
    "price_mode",
    PRICE_MODES.map((m): [string, string] => [m, t(`adminEvent.mode.${m}`)]),
    v.price_mode ?? "none",
    form,
    errors,
  )}</div>
  <div>${field(t("adminEvent.value"), "value", { form, placeholder: "5.00 / 50", value: v.value ?? "", errors })}</div>
  <div>${field(t("adminEvent.validUntil"), "valid_until", { form, type: "datetime-local", value: v.valid_until ?? "", errors })}</div></div>
  <div class="row"><div>${select(t("order.date"), "date", [["", t("adminEvent.allDates")], ...d.dates.map((x) => dateChoice(req, s, x))], v.date ?? null, form, errors)}</div>
  <div>${select(t("shop.ticket"), "ticket_type", [["", t("adminEvent.allTypes")], ...d.types.map((x): [string, string] => [String(x.id), x.name])], v.ticket_type ?? null, form, errors)}</div></div>
  <button type="submit">${t("adminEvent.addVoucher")}</button></form></details>`
    : "";
  return html`${add}<section class="card" id="vouchers" aria-labelledby="h-vouchers"><h2 id="h-vouchers">${t("adminEvent.vouchers")} <span class="badge">${d.vouchers.length}</span></h2>
${list}</section>`;
}

/** Vouchers: codes and links that unlock, discount or fix a price; one or many at once. */
export function eventVoucherPages(ctx: AppContext) {
  const { db } = ctx;

  async function show(req: SectionRequest, reply: FastifyReply, s: Section, add?: FormState, status = 200) {
    const [vouchers, types, dates] = await Promise.all([
      listVouchers(db, req.actor, s.event),
      listTicketTypes(db, s.event),
      listDates(db, s.event),
    ]);
    const linkFor = (code: string) => voucherLink(ctx.config.publicUrl, s.organizer, s.event.slug, code);
    return sendSection(
      req,
      reply,
      s,
      "vouchers",
      vouchersView(req, s, { vouchers, types, dates, linkFor, add }),
      status,
    );
  }

  const base = "/admin/organizers/:slug/events/:event/vouchers";
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
          const input = {
            max_usages: body.max_usages || 1,
            date: body.date || undefined,
            ticket_type: body.ticket_type || undefined,
            price_mode: body.price_mode,
            value: body.value || undefined,
            valid_until: wallClockToIso(body.valid_until, s.zone),
          };
          const count = Number(body.count || 1);
          if (count > 1) {
            await createVouchersInBulk(db, req.actor, s.event, { ...input, count, prefix: body.code });
            return backTo(reply, s, "vouchers", "flash.saved", "vouchers");
          }
          const voucher = await createVoucher(db, req.actor, s.event, {
            ...input,
            code: body.code || undefined,
          });
          return backTo(reply, s, "vouchers", "flash.saved", `voucher-${voucher.id}`);
        },
        (req, reply, s, f) => show(req, reply, s, f, f.status),
        "voucher",
      ),
    );
  };
}
