import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import QRCode from "qrcode";
import { listTicketTypes } from "../../modules/catalog/service.js";
import { createCheckinList, findCheckinList, listCheckinLists } from "../../modules/checkin/lists.js";
import { listCounts } from "../../modules/checkin/offline.js";
import { listScans } from "../../modules/checkin/redeem.js";
import { redeemScanOrCode } from "../../modules/checkin/typed-code.js";
import { rotatingCodes } from "../../modules/credentials/rotating.js";
import { type EventRow, findEvent, listDates } from "../../modules/events/service.js";
import { eventTimeZone } from "../../modules/events/time-zone.js";
import { findOrganizer } from "../../modules/organizers/service.js";
import { createApiToken, listApiTokens, revokeApiToken } from "../../modules/organizers/tokens.js";
import { can } from "../../platform/auth/policy.js";
import type { AppContext } from "../../platform/context.js";
import { domainError } from "../../platform/errors.js";
import { adminShell } from "../common/admin-shell.js";
import { flashOf } from "../common/flash.js";
import { errorMessage, formBody } from "../common/forms.js";
import { sendPage } from "../common/layout.js";
import { redirectToLogin } from "../common/login-redirect.js";
import { type CheckinNotice, checkinPageView } from "./checkin-views.js";

type Params = { Params: { slug: string; event: string; id?: string }; Querystring: { log?: string } };

/** The organizer's check-in page: lists with counts, scan logs, check-in by hand, scanner devices. */
export function adminCheckinPages(ctx: AppContext) {
  const { db } = ctx;
  const hide = { schema: { hide: true } };
  const rotation = rotatingCodes(ctx.secrets.signingPrivateKey);

  async function load(req: FastifyRequest<Params>) {
    const organizer = await findOrganizer(db, req.actor, req.params.slug);
    const event = await findEvent(db, req.actor, organizer, req.params.event);
    return { organizer, event };
  }

  async function show(
    req: FastifyRequest<Params>,
    reply: FastifyReply,
    event: EventRow,
    notice: CheckinNotice = {},
  ) {
    const { organizer } = await load(req);
    // The door's day (daily lists) is the event's, from its row alone, as redeem and the API read it.
    const zone = eventTimeZone(event, null, ctx.config.timeZone);
    const resource = { type: "event" as const, organizerId: event.organizer_id, eventId: event.id };
    const canManage = can(req.actor, "organizer.manage", { type: "organizer", organizerId: organizer.id });
    const lists = await listCheckinLists(db, req.actor, event);
    const logId = Number(req.query.log);
    const logList = lists.find((l) => l.id === logId);
    const [counts, dates, types, tokens, scans] = await Promise.all([
      Promise.all(lists.map((l) => listCounts(db, l, event, zone))),
      listDates(db, event),
      listTicketTypes(db, event),
      canManage ? listApiTokens(db, req.actor, organizer) : [],
      logList ? listScans(db, logList, 100) : undefined,
    ]);
    return sendPage(req, reply, {
      status: notice.error ? 400 : 200,
      title: req.t("checkin.title"),
      body: adminShell(
        req,
        "organizers",
        checkinPageView(
          req,
          {
            organizer: req.params.slug,
            eventSlug: event.slug,
            eventName: event.name,
            timeZone: zone,
            lists: lists.map((l, i) => ({
              ...l,
              counts: counts[i] ?? { tickets: 0, admitted: 0, scans_ok: 0, scans_refused: 0 },
            })),
            dates,
            types,
            devices: tokens.filter((x) => x.level === "checkin" && x.revoked_at === null),
            canManage: canManage && can(req.actor, "event.manage", resource),
            log: logList && scans ? { list: logList, scans } : undefined,
          },
          { ok: flashOf(req), ...notice },
        ),
      ),
    });
  }

  /** A form on this page: the page again with the outcome, or with the error. */
  function action(
    run: (
      req: FastifyRequest<Params>,
      event: EventRow,
      body: Record<string, string>,
    ) => Promise<CheckinNotice | string>,
  ) {
    return async (req: FastifyRequest<Params>, reply: FastifyReply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
      const { event } = await load(req);
      try {
        const outcome = await run(req, event, formBody(req));
        if (typeof outcome === "string")
          return reply.redirect(
            `/admin/organizers/${req.params.slug}/events/${event.slug}/checkin?flash=${outcome}`,
            303,
          );
        return show(req, reply, event, outcome);
      } catch (error) {
        return show(req, reply, event, { error: errorMessage(req.t, error) });
      }
    };
  }

  const listOf = async (event: EventRow, value: string | undefined) => {
    const id = Number(value);
    if (!Number.isInteger(id) || id < 1) throw domainError("invalid_list", "Choose a check-in list");
    return findCheckinList(db, event, id);
  };

  const base = "/admin/organizers/:slug/events/:event/checkin";
  return async (app: FastifyInstance) => {
    app.get<Params>(base, hide, async (req, reply) => {
      if (req.actor.kind === "anonymous") return redirectToLogin(req, reply);
      return show(req, reply, (await load(req)).event);
    });

    app.post<Params>(
      `${base}/lists`,
      hide,
      action(async (req, event, body) => {
        const raw = (req.body ?? {}) as { ticket_types?: unknown };
        const types = [raw.ticket_types].flat().filter((x) => typeof x === "string" && x !== "");
        await createCheckinList(db, req.actor, event, {
          name: body.name,
          date: body.date ? Number(body.date) : null,
          ticket_types: types.map(Number),
          entry_policy: body.entry_policy,
          exit_required: body.exit_required === "1",
        });
        return "checkin.created";
      }),
    );

    app.post<Params>(
      `${base}/redeem`,
      hide,
      action(async (req, event, body) => {
        const list = await listOf(event, body.list);
        const answer = await redeemScanOrCode(
          db,
          req.actor,
          event,
          list,
          { secret: (body.secret ?? "").trim(), type: body.type === "exit" ? "exit" : "entry" },
          eventTimeZone(event, null, ctx.config.timeZone),
          { rotation },
        );
        return { answer };
      }),
    );

    app.post<Params>(
      `${base}/devices`,
      hide,
      action(async (req, event, body) => {
        const list = await listOf(event, body.list);
        const organizer = await findOrganizer(db, req.actor, req.params.slug);
        const device = await createApiToken(db, req.actor, organizer, { name: body.name, level: "checkin" });
        // The token travels in the fragment: browsers never send it, so no server log holds it.
        const link = `${ctx.config.publicUrl}/scanner#list=${req.params.slug}/${event.slug}/${list.id}&device=${device.token}`;
        return {
          pairing: { name: device.name, link, qr: await QRCode.toDataURL(link, { margin: 2, width: 220 }) },
        };
      }),
    );

    app.post<Params>(
      `${base}/devices/:id/revoke`,
      hide,
      action(async (req) => {
        const organizer = await findOrganizer(db, req.actor, req.params.slug);
        await revokeApiToken(db, req.actor, organizer, Number(req.params.id));
        return "checkin.revoked";
      }),
    );
  };
}
