import type { FastifyInstance, FastifyReply } from "fastify";
import {
  createOption,
  createOptionGroup,
  eventOptionGroups,
  eventOptions,
} from "../../modules/catalog/options.js";
import {
  createTicketType,
  deleteTicketType,
  getTicketType,
  listTicketTypes,
  positionsPerTicketType,
  updateTicketType,
} from "../../modules/catalog/service.js";
import { createInformationField, fieldsForTicketTypes } from "../../modules/information/fields.js";
import type { AppContext } from "../../platform/context.js";
import { wallClockToIso } from "../../platform/http/dates.js";
import { html } from "../../platform/http/html.js";
import { errorSummary } from "../common/forms.js";
import type { FormState } from "./event-date-views.js";
import { editableRowRoutes } from "./event-items.js";
import {
  backTo,
  type Failed,
  hide,
  itemId,
  type Section,
  type SectionRequest,
  type SectionRoute,
  sectionGet,
  sectionPost,
  sendSection,
} from "./event-section.js";
import { type TypesPage, typeEditView, typesView } from "./event-ticket-type-views.js";
import { postedTranslations } from "./translation-fields.js";

/** The form's ticket type; the audience fields come only where the page offered them. */
function typeFromForm(s: Section, body: Record<string, string>) {
  const restricted = body.restricted === "on";
  const audience = {
    school: body.audience_school || null,
    class_year: body.audience_class_year || null,
    membership: body.audience_membership || null,
  };
  return {
    name: body.name,
    price: body.price,
    max_per_order: body.max_per_order ?? null,
    sales_start: wallClockToIso(body.sales_start, s.zone) ?? null,
    sales_end: wallClockToIso(body.sales_end, s.zone) ?? null,
    requires_voucher: body.requires_voucher === "on",
    allow_sponsorship: body.allow_sponsorship === "on",
    translations: postedTranslations(body, ["name"]),
    ...("audience_school" in body ? { restricted, audiences: restricted ? [audience] : [] } : {}),
  };
}

/** Ticket types with their options, required information and templates; edit and delete. */
export function eventTicketTypePages(ctx: AppContext) {
  const { db } = ctx;

  async function show(
    req: SectionRequest,
    reply: FastifyReply,
    s: Section,
    page: { add?: FormState; rowError?: Failed } = {},
    status = 200,
  ) {
    const types = await listTicketTypes(db, s.event);
    const [sold, options, groups, fields] = await Promise.all([
      positionsPerTicketType(db, s.event),
      eventOptions(db, s.event),
      eventOptionGroups(db, s.event),
      fieldsForTicketTypes(
        db,
        types.map((t) => t.id),
      ),
    ]);
    const d: TypesPage = { types, sold, options, groups, fields, add: page.add };
    const body = html`${errorSummary(page.rowError?.errors)}${typesView(req, s, d)}`;
    return sendSection(req, reply, s, "ticket-types", body, status);
  }

  /** A form in a ticket type's row (an option, a group, a question): back to that row. */
  const rowPost = (
    run: (req: SectionRequest, s: Section, typeId: number, body: Record<string, string>) => Promise<unknown>,
  ) =>
    sectionPost(
      ctx,
      async (req, reply, s, body) => {
        const typeId = itemId(req, "Ticket type");
        await run(req, s, typeId, body);
        return backTo(reply, s, "ticket-types", "flash.saved", `type-${typeId}`);
      },
      (req, reply, s, f) => show(req, reply, s, { rowError: f }, f.status),
    );

  const base = "/admin/organizers/:slug/events/:event/ticket-types";
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
          const type = await createTicketType(db, req.actor, s.event, typeFromForm(s, body));
          return backTo(reply, s, "ticket-types", "flash.saved", `type-${type.id}`);
        },
        (req, reply, s, f) => show(req, reply, s, { add: f }, f.status),
        "type",
      ),
    );

    editableRowRoutes(ctx, base, {
      tab: "ticket-types",
      noun: "Ticket type",
      anchor: "type",
      listAnchor: "types",
      load: async (s, id) => {
        const [row, sold] = await Promise.all([
          getTicketType(db, s.event, id),
          positionsPerTicketType(db, s.event),
        ]);
        return { row, sold: sold.get(id) ?? 0 };
      },
      editView: typeEditView,
      update: (req, s, id, body) => updateTicketType(db, req.actor, s.event, id, typeFromForm(s, body)),
      remove: (req, s, id) => deleteTicketType(db, req.actor, s.event, id),
      deleteQuestion: (req) => req.t("adminEvent.deleteTypeQuestion"),
      details: (_req, _s, type) => type.name,
      hasOrders: (req) => req.t("adminEvent.typeHasOrders"),
      deleteFailed: (req, f) => (f.status === 409 ? req.t("adminEvent.typeHasOrders") : f.errors.message),
    })(app);

    app.post<SectionRoute>(
      `${base}/:id/options`,
      hide,
      rowPost((req, s, typeId, body) =>
        createOption(db, req.actor, s.event, typeId, {
          name: body.name,
          price: body.price || "0",
          group: body.group || null,
          translations: postedTranslations(body, ["name"]),
        }),
      ),
    );

    app.post<SectionRoute>(
      `${base}/:id/option-groups`,
      hide,
      rowPost((req, s, typeId, body) =>
        createOptionGroup(db, req.actor, s.event, typeId, {
          name: body.name,
          translations: postedTranslations(body, ["name"]),
        }),
      ),
    );

    app.post<SectionRoute>(
      `${base}/:id/fields`,
      hide,
      rowPost((req, s, typeId, body) => {
        const raw = (req.body ?? {}) as Record<string, unknown>;
        const list = (value: string | undefined) =>
          (value ?? "")
            .split(/[,\n]/)
            .map((v) => v.trim())
            .filter(Boolean);
        return createInformationField(db, req.actor, s.event, typeId, {
          label: body.label,
          kind: body.kind,
          required: body.required === "on",
          blocks: body.blocks,
          choices: body.kind === "choice" ? list(body.choices) : undefined,
          max_bytes:
            body.kind === "file" && body.max_mb ? Math.round(Number(body.max_mb) * 1048576) : undefined,
          allowed_types: body.kind === "file" ? ([] as unknown[]).concat(raw.allowed_types ?? []) : undefined,
          translations: postedTranslations(body, ["label"]),
        });
      }),
    );
  };
}
