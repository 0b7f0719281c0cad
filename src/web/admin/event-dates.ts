import type { FastifyInstance, FastifyReply } from "fastify";
import { deleteDate, findDate, positionsPerDate, updateDate } from "../../modules/events/dates.js";
import { createRecurringDates, previewRecurringDates } from "../../modules/events/recurrence.js";
import { addDate, listDates } from "../../modules/events/service.js";
import type { AppContext } from "../../platform/context.js";
import { wallClockToIso } from "../../platform/http/dates.js";
import {
  type DatesPage,
  dateEditView,
  dateLabel,
  datesView,
  metaFromText,
  type Preview,
  type RepeatState,
} from "./event-date-views.js";
import { editableRowRoutes } from "./event-items.js";
import {
  backTo,
  hide,
  type Section,
  type SectionRequest,
  type SectionRoute,
  sectionGet,
  sectionPost,
  sendSection,
} from "./event-section.js";
import { postedTranslations } from "./translation-fields.js";

/** The dates of an event: the list, one more date, a weekly rule with its preview, edit and delete. */
export function eventDatePages(ctx: AppContext) {
  const { db } = ctx;

  async function show(
    req: SectionRequest,
    reply: FastifyReply,
    s: Section,
    page: Omit<DatesPage, "dates" | "sold"> = {},
    status = 200,
  ) {
    const [dates, sold] = await Promise.all([listDates(db, s.event), positionsPerDate(db, s.event)]);
    return sendSection(req, reply, s, "dates", datesView(req, s, { ...page, dates, sold }), status);
  }

  const fromForm = (s: Section, body: Record<string, string>) => ({
    name: body.name,
    location: body.location,
    venue: body.venue,
    starts_at: wallClockToIso(body.starts_at, s.zone),
    ends_at: wallClockToIso(body.ends_at, s.zone) ?? null,
    meta: metaFromText(body.meta),
    requires_voucher: body.requires_voucher === "on",
    translations: postedTranslations(body, ["name"]),
  });

  /** The rule as the form posts it; weekdays come as one value or several. */
  const ruleOf = (req: SectionRequest, body: Record<string, string>) => {
    const raw = (req.body ?? {}) as Record<string, unknown>;
    const weekdays = ([] as unknown[]).concat(raw.weekdays ?? []).map(String);
    return {
      weekdays,
      rule: {
        weekdays,
        time: body.time,
        end_time: body.end_time,
        duration_minutes: body.duration_minutes,
        from: body.from,
        until: body.until,
        name: body.name,
        location: body.location,
        requires_voucher: body.requires_voucher === "on",
      },
    };
  };

  const base = "/admin/organizers/:slug/events/:event/dates";
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
          const date = await addDate(db, req.actor, s.event, fromForm(s, body));
          return backTo(reply, s, "dates", "flash.saved", `date-${date.id}`);
        },
        (req, reply, s, f) => show(req, reply, s, { add: f }, f.status),
        "date",
      ),
    );

    app.post<SectionRoute>(
      `${base}/recurring`,
      hide,
      sectionPost(
        ctx,
        async (req, reply, s, body) => {
          const { weekdays, rule } = ruleOf(req, body);
          if (body.step === "create") {
            await createRecurringDates(db, req.actor, s.event, rule, s.zone);
            return backTo(reply, s, "dates", "flash.datesCreated", "dates");
          }
          const { fresh, skipped } = await previewRecurringDates(db, req.actor, s.event, rule, s.zone);
          const preview: Preview = { dates: fresh, skipped: skipped.length };
          const repeat: RepeatState = { values: body, weekdays };
          return show(req, reply, s, { preview, repeat });
        },
        (req, reply, s, f) =>
          show(req, reply, s, { repeat: { ...f, weekdays: ruleOf(req, f.values).weekdays } }, f.status),
        "repeat",
      ),
    );

    editableRowRoutes(ctx, base, {
      tab: "dates",
      noun: "Date",
      anchor: "date",
      listAnchor: "dates",
      load: async (s, id) => {
        const [row, sold] = await Promise.all([findDate(db, s.event, id), positionsPerDate(db, s.event)]);
        return { row, sold: sold.get(id) ?? 0 };
      },
      editView: dateEditView,
      update: (req, s, id, body) => updateDate(db, req.actor, s.event, id, fromForm(s, body)),
      remove: (req, s, id) => deleteDate(db, req.actor, s.event, id),
      deleteQuestion: (req) => req.t("adminEvent.deleteDateQuestion"),
      details: dateLabel,
      hasOrders: (req) => req.t("error.date_has_orders"),
    })(app);
  };
}
