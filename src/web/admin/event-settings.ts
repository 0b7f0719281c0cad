import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { updateEventSettings } from "../../modules/events/service.js";
import { timeZoneChoices, zoneOfEvent } from "../../modules/events/time-zone.js";
import type { AppContext } from "../../platform/context.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import { errorSummary, field, select } from "../common/forms.js";
import { csrfField } from "../common/layout.js";
import type { FormState } from "./event-date-views.js";
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
import { testModeField, testOrderPages, testOrdersCard } from "./event-settings-test-mode.js";
import { postedTranslations, translationFields } from "./translation-fields.js";
import { venueField } from "./venue-field.js";

const VISIBILITIES = ["public", "unlisted", "audience"] as const;

function settingsForm(req: FastifyRequest, s: Section, homeZone: string, state: FormState): SafeHtml {
  const { t } = req;
  const e = s.event;
  const v = state.values;
  const errors = state.errors;
  const form = "settings";
  const value = (name: string, fallback: string | number | null) => (v ? (v[name] ?? "") : fallback);
  const zones: [string, string][] = [
    ["", t("adminEvent.zoneFollow", { zone: homeZone })],
    ...timeZoneChoices().map((z): [string, string] => [z, z]),
  ];
  return html`<section class="card" id="settings" aria-labelledby="h-settings"><h2 id="h-settings">${t("adminEvent.settings")}</h2>
${errorSummary(errors)}
<form method="post" action="${sectionPath(s, "settings")}">${csrfField(req)}
  <div class="row"><div>${field(t("field.name"), "name", { form, required: true, value: value("name", e.name), errors })}</div>
  <div>${select(
    t("adminEvent.visibility"),
    "visibility",
    VISIBILITIES.map((x): [string, string] => [x, t(`adminEvent.visibility.${x}`)]),
    String(value("visibility", e.visibility)),
    form,
    errors,
  )}</div></div>
  <div class="row"><div>${field(t("adminEvent.pendingMinutes"), "pending_minutes", { form, type: "number", min: 1, max: 43200, value: value("pending_minutes", e.pending_minutes), errors })}</div>
  <div>${field(t("adminEvent.sponsorshipLimit"), "sponsorship_limit", { form, type: "number", min: 0, max: 1000, value: value("sponsorship_limit", e.sponsorship_limit), errors })}</div>
  <div>${select(t("adminEvent.timeZone"), "time_zone", zones, String(value("time_zone", e.time_zone ?? "")), form, errors)}</div></div>
  ${venueField(req, form, String(value("venue", e.venue)), t("adminEvent.venueHint"), errors)}
  ${checkbox(t("adminEvent.onePerPerson"), "one_order_per_person", { form, checked: v ? v.one_order_per_person === "on" : Boolean(e.one_order_per_person) })}
  ${testModeField(req, s, v)}
  ${translationFields(
    req,
    form,
    [
      { name: "name", label: t("field.name") },
      { name: "description", label: t("presentation.description"), multiline: true },
    ],
    e.translations,
    v,
  )}
  <div><button type="submit">${t("account.save")}</button></div>
</form></section>`;
}

/** Everything else about the event, one click away: orders, payments, door, rooms, wallet, shop. */
function more(req: FastifyRequest, s: Section): SafeHtml {
  const { t } = req;
  const event = `/admin/organizers/${s.organizer}/events/${s.event.slug}`;
  const links: [string, string][] = [
    [`${event}/orders`, t("adminEvent.orders")],
    [`${event}/payments`, t("payments.admin.link")],
    [`${event}/checkin`, t("checkin.link")],
    [`/admin/organizers/${s.organizer}/rooms`, t("rooms.link")],
    [`/admin/organizers/${s.organizer}/wallet`, t("wallet.link")],
    [`/e/${s.organizer}/${s.event.slug}`, t("adminEvent.shop")],
    [`/exhibit/${s.organizer}/${s.event.slug}`, t("experiences.admin.title")],
  ];
  return html`<section class="card" id="more" aria-labelledby="h-more"><h2 id="h-more">${t("adminEvent.more")}</h2>
<ul class="more-links">${links.map(([href, label]) => html`<li><a href="${href}">${label}</a></li>`)}</ul></section>`;
}

/** The event's settings, its time zone, and the way to everything around it. */
export function eventSettingsPages(ctx: AppContext) {
  const { db } = ctx;

  async function show(
    req: SectionRequest,
    reply: FastifyReply,
    s: Section,
    state: FormState = {},
    status = 200,
  ) {
    const homeZone = await zoneOfEvent(db, { ...s.event, time_zone: null }, ctx.config.timeZone);
    const body = html`${s.canManage ? settingsForm(req, s, homeZone, state) : ""}${await testOrdersCard(ctx, req, s)}${more(req, s)}`;
    return sendSection(req, reply, s, "settings", body, status);
  }

  const base = "/admin/organizers/:slug/events/:event/settings";
  return async (app: FastifyInstance) => {
    await app.register(testOrderPages(ctx));
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
          await updateEventSettings(db, req.actor, s.event, {
            name: body.name,
            visibility: body.visibility,
            pending_minutes: body.pending_minutes,
            sponsorship_limit: body.sponsorship_limit,
            one_order_per_person: body.one_order_per_person === "on",
            test_mode: body.test_mode === "on",
            // Older forms (and scripts) post no zone: that leaves it as it is.
            ...(body.time_zone === undefined ? {} : { time_zone: body.time_zone }),
            ...(body.venue === undefined ? {} : { venue: body.venue }),
            translations: postedTranslations(body, ["name", "description"]),
          });
          return backTo(reply, s, "settings", "flash.saved", "settings");
        },
        (req, reply, s, f) => show(req, reply, s, f, f.status),
        "settings",
      ),
    );
  };
}
