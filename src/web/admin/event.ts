import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  createOption,
  createOptionGroup,
  eventOptionGroups,
  eventOptions,
} from "../../modules/catalog/options.js";
import { createQuota, listQuotas } from "../../modules/catalog/quotas.js";
import { createTicketType, deleteTicketType, listTicketTypes } from "../../modules/catalog/service.js";
import { eventForAdmin } from "../../modules/events/lookup.js";
import { addDate, type EventRow, listDates, updateEventSettings } from "../../modules/events/service.js";
import { createInformationField, fieldsForTicketTypes } from "../../modules/information/fields.js";
import {
  createVoucher,
  createVouchersInBulk,
  listVouchers,
  voucherLink,
} from "../../modules/vouchers/service.js";
import { can } from "../../platform/auth/policy.js";
import type { AppContext } from "../../platform/context.js";
import { wallClockToIso } from "../../platform/http/dates.js";
import { adminShell } from "../common/admin-shell.js";
import { flashOf } from "../common/flash.js";
import { errorMessage, formBody } from "../common/forms.js";
import { sendPage } from "../common/layout.js";
import { redirectToLogin } from "../common/login-redirect.js";
import { type AdminEventNotice, adminEventView } from "./event-views.js";

type Params = { Params: { slug: string; event: string; id?: string } };

/** The organizer's page for one event: dates, ticket types, quotas and vouchers. */
export function adminEventPages(ctx: AppContext) {
  const hide = { schema: { hide: true } };
  const { db } = ctx;

  const eventOf = (req: FastifyRequest<Params>) =>
    eventForAdmin(db, req.actor, { organizer: req.params.slug, event: req.params.event });

  async function show(
    req: FastifyRequest<Params>,
    reply: FastifyReply,
    event: EventRow,
    notice: AdminEventNotice = {},
  ) {
    const types = await listTicketTypes(db, event);
    const [dates, quotas, vouchers, options, groups, fields] = await Promise.all([
      listDates(db, event),
      listQuotas(db, req.actor, event),
      listVouchers(db, req.actor, event),
      eventOptions(db, event),
      eventOptionGroups(db, event),
      fieldsForTicketTypes(
        db,
        types.map((t) => t.id),
      ),
    ]);
    const canManage = can(req.actor, "event.manage", {
      type: "event",
      organizerId: event.organizer_id,
      eventId: event.id,
    });
    return sendPage(req, reply, {
      status: notice.error ? 400 : 200,
      title: event.name,
      body: adminShell(
        req,
        "organizers",
        adminEventView(
          req,
          {
            organizer: req.params.slug,
            event,
            dates,
            types,
            quotas,
            vouchers,
            options,
            groups,
            fields,
            canManage,
            timeZone: ctx.config.timeZone,
            linkFor: (code) => voucherLink(ctx.config.publicUrl, req.params.slug, event.slug, code),
          },
          { ok: flashOf(req), ...notice },
        ),
      ),
    });
  }

  /** A form action on the event: redirect with a flash on success, the page with the error otherwise. */
  function action(
    flash: string,
    run: (req: FastifyRequest<Params>, event: EventRow, body: Record<string, string>) => Promise<unknown>,
  ) {
    return async (req: FastifyRequest<Params>, reply: FastifyReply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
      const event = await eventOf(req);
      try {
        await run(req, event, formBody(req));
        return reply.redirect(
          `/admin/organizers/${req.params.slug}/events/${event.slug}?flash=${flash}`,
          303,
        );
      } catch (error) {
        return show(req, reply, event, { error: errorMessage(req.t, error) });
      }
    };
  }

  const base = "/admin/organizers/:slug/events/:event";
  return async (app: FastifyInstance) => {
    app.get<Params>(base, hide, async (req, reply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
      return show(req, reply, await eventOf(req));
    });

    app.post<Params>(
      `${base}/settings`,
      hide,
      action("flash.saved", (req, event, body) =>
        updateEventSettings(db, req.actor, event, {
          name: body.name,
          visibility: body.visibility,
          pending_minutes: body.pending_minutes,
          sponsorship_limit: body.sponsorship_limit,
          one_order_per_person: body.one_order_per_person === "on",
        }),
      ),
    );

    app.post<Params>(
      `${base}/dates`,
      hide,
      action("flash.saved", (req, event, body) => {
        const meta = Object.fromEntries(
          (body.meta ?? "")
            .split("\n")
            .map((line) => line.split("=").map((part) => part.trim()))
            .filter((parts): parts is [string, string] => parts.length === 2 && parts[0] !== ""),
        );
        const local = (value: string | undefined) => wallClockToIso(value, ctx.config.timeZone);
        return addDate(db, req.actor, event, {
          name: body.name,
          starts_at: local(body.starts_at),
          ends_at: local(body.ends_at),
          location: body.location,
          meta,
        });
      }),
    );

    app.post<Params>(
      `${base}/ticket-types`,
      hide,
      action("flash.saved", (req, event, body) => {
        const audience = {
          school: body.audience_school || null,
          class_year: body.audience_class_year || null,
          membership: body.audience_membership || null,
        };
        const restricted = body.restricted === "on";
        return createTicketType(db, req.actor, event, {
          name: body.name,
          price: body.price,
          max_per_order: body.max_per_order,
          sales_start: wallClockToIso(body.sales_start, ctx.config.timeZone),
          sales_end: wallClockToIso(body.sales_end, ctx.config.timeZone),
          requires_voucher: body.requires_voucher === "on",
          restricted,
          allow_sponsorship: body.allow_sponsorship === "on",
          audiences: restricted ? [audience] : [],
        });
      }),
    );

    app.post<Params>(
      `${base}/ticket-types/:id/options`,
      hide,
      action("flash.saved", (req, event, body) =>
        createOption(db, req.actor, event, Number(req.params.id), {
          name: body.name,
          price: body.price || "0",
          group: body.group || null,
        }),
      ),
    );

    app.post<Params>(
      `${base}/ticket-types/:id/fields`,
      hide,
      action("flash.saved", (req, event, body) => {
        const raw = (req.body ?? {}) as Record<string, unknown>;
        const list = (value: string | undefined) =>
          (value ?? "")
            .split(/[,\n]/)
            .map((v) => v.trim())
            .filter(Boolean);
        return createInformationField(db, req.actor, event, Number(req.params.id), {
          label: body.label,
          kind: body.kind,
          required: body.required === "on",
          blocks: body.blocks,
          choices: body.kind === "choice" ? list(body.choices) : undefined,
          max_bytes:
            body.kind === "file" && body.max_mb ? Math.round(Number(body.max_mb) * 1048576) : undefined,
          allowed_types: body.kind === "file" ? ([] as unknown[]).concat(raw.allowed_types ?? []) : undefined,
        });
      }),
    );

    app.post<Params>(
      `${base}/ticket-types/:id/option-groups`,
      hide,
      action("flash.saved", (req, event, body) =>
        createOptionGroup(db, req.actor, event, Number(req.params.id), { name: body.name }),
      ),
    );

    app.post<Params>(
      `${base}/ticket-types/:id/delete`,
      hide,
      action("flash.removed", (req, event) => deleteTicketType(db, req.actor, event, Number(req.params.id))),
    );

    app.post<Params>(
      `${base}/quotas`,
      hide,
      action("flash.saved", (req, event, body) => {
        const raw = (req.body ?? {}) as Record<string, unknown>;
        const types = ([] as unknown[]).concat(raw.ticket_types ?? []).map(Number);
        return createQuota(db, req.actor, event, {
          name: body.name,
          size: body.size,
          ticket_types: types,
          date: body.date || undefined,
        });
      }),
    );

    app.post<Params>(
      `${base}/vouchers`,
      hide,
      action("flash.saved", (req, event, body) => {
        const input = {
          max_usages: body.max_usages || 1,
          date: body.date || undefined,
          ticket_type: body.ticket_type || undefined,
          price_mode: body.price_mode,
          value: body.value || undefined,
          valid_until: wallClockToIso(body.valid_until, ctx.config.timeZone),
        };
        const count = Number(body.count || 1);
        return count > 1
          ? createVouchersInBulk(db, req.actor, event, { ...input, count, prefix: body.code })
          : createVoucher(db, req.actor, event, { ...input, code: body.code || undefined });
      }),
    );
  };
}
