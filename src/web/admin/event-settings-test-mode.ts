import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { countTestOrders, deleteTestOrders } from "../../modules/orders/test-mode.js";
import { can } from "../../platform/auth/policy.js";
import type { AppContext } from "../../platform/context.js";
import { forbidden } from "../../platform/errors.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import type { MessageKey } from "../../platform/i18n/index.js";
import {
  backTo,
  checkbox,
  confirmDeletion,
  hide,
  type Section,
  type SectionRequest,
  type SectionRoute,
  sectionGet,
  sectionPath,
  sectionPost,
  sendSection,
} from "./event-section.js";

/** The settings form's switch: on, the orders placed from now on are test orders. */
export function testModeField(req: FastifyRequest, s: Section, values?: Record<string, string>): SafeHtml {
  const checked = values ? values.test_mode === "on" : Boolean(s.event.test_mode);
  return html`${checkbox(req.t("testMode.setting"), "test_mode", { form: "settings", checked })}
<p class="hint">${req.t("testMode.settingHint")}</p>`;
}

const handlesOrders = (req: FastifyRequest, s: Section) =>
  can(req.actor, "event.orders", { type: "event", organizerId: s.event.organizer_id, eventId: s.event.id });

function countText(req: FastifyRequest, count: number): string {
  const key: MessageKey =
    new Intl.PluralRules(req.locale).select(count) === "one" ? "testMode.count.one" : "testMode.count.other";
  return req.t(key, { count: new Intl.NumberFormat(req.locale).format(count) });
}

/** The event's test orders and the one action that deletes them; nothing while there are none and test mode is off. */
export async function testOrdersCard(ctx: AppContext, req: FastifyRequest, s: Section): Promise<SafeHtml> {
  const count = await countTestOrders(ctx.db, s.event);
  if (count === 0 && !s.event.test_mode) return html``;
  const { t } = req;
  return html`<section class="card" id="test-orders" aria-labelledby="h-test-orders"><h2 id="h-test-orders">${t("testMode.title")}</h2>
<p>${count === 0 ? t("testMode.none") : countText(req, count)}</p>
${
  count > 0 && handlesOrders(req, s)
    ? html`<p><a class="button danger" href="${sectionPath(s, "settings")}/test-orders/delete">${t("testMode.delete")}</a></p>`
    : ""
}</section>`;
}

/** "Really delete all test orders?" and the deletion itself, under the event's settings. */
export function testOrderPages(ctx: AppContext) {
  async function confirm(req: SectionRequest, reply: FastifyReply, s: Section, status = 200) {
    if (!handlesOrders(req, s)) throw forbidden();
    const count = await countTestOrders(ctx.db, s.event);
    const path = sectionPath(s, "settings");
    const body = confirmDeletion(req, {
      question: req.t("testMode.deleteQuestion", { event: s.event.name }),
      details: `${countText(req, count)} ${req.t("testMode.deleteDetails")}`,
      action: `${path}/test-orders/delete`,
      back: `${path}#test-orders`,
    });
    return sendSection(req, reply, s, "settings", body, status);
  }

  const path = "/admin/organizers/:slug/events/:event/settings/test-orders/delete";
  return async (app: FastifyInstance) => {
    app.get<SectionRoute>(path, hide, sectionGet(ctx, confirm));
    app.post<SectionRoute>(
      path,
      hide,
      sectionPost(
        ctx,
        async (req, reply, s) => {
          await deleteTestOrders(ctx.db, req.actor, s.event);
          return backTo(reply, s, "settings", "testMode.deleted", "test-orders");
        },
        (req, reply, s, f) => confirm(req, reply, s, f.status),
      ),
    );
  };
}
