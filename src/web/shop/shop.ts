import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { canSeeEvent } from "../../modules/catalog/audience.js";
import { eventOptionGroups, eventOptions } from "../../modules/catalog/options.js";
import { availability } from "../../modules/catalog/quotas.js";
import { listTicketTypes, type TicketType } from "../../modules/catalog/service.js";
import { localizedOptions, localizedTypes } from "../../modules/catalog/texts.js";
import { icalendar, isMonth } from "../../modules/events/calendar.js";
import { type EventRow, findBookableEvent, listDates } from "../../modules/events/service.js";
import { localizedDates, localizedEvent } from "../../modules/events/texts.js";
import { zoneOfEvent } from "../../modules/events/time-zone.js";
import { placeOrder } from "../../modules/orders/checkout.js";
import { guestOrderPath, orderLinkSigner } from "../../modules/orders/guest-links.js";
import { passCookie, readPass } from "../../modules/waiting-room/pass.js";
import { mustQueue } from "../../modules/waiting-room/room.js";
import type { AppContext } from "../../platform/context.js";
import { domainError, isDomainError, notFound } from "../../platform/errors.js";
import { dayIn } from "../../platform/http/dates.js";
import { errorMessage, formBody } from "../common/forms.js";
import { sendPage } from "../common/layout.js";
import { basketOf, keepBasket, takeBasket } from "./basket.js";
import { coverPage } from "./cover.js";
import { type BookingState, bookingView, eventView, reservedView } from "./shop-views.js";

type EventParams = { Params: { organizer: string; event: string } };
type DateParams = { Params: { organizer: string; event: string; id: string } };
type ShopQuery = { Querystring: { view?: string; month?: string; voucher?: string } };

const bookingPath = (at: { organizer: string; event: string }) => `/e/${at.organizer}/${at.event}`;

export function shopPages(ctx: AppContext) {
  const hide = { schema: { hide: true } };
  const orderLinks = orderLinkSigner(ctx.secrets.signingPrivateKey);
  const basketCookie = {
    secret: ctx.secrets.cookieSecret,
    secure: ctx.config.publicUrl.startsWith("https:"),
  };

  /** Back from logging in: the choices kept for this booking page fill its form again. */
  function restored(
    req: FastifyRequest<EventParams>,
    reply: FastifyReply,
    date: { id: number } | null,
  ): BookingState {
    const kept = takeBasket(req, reply, basketCookie.secret, {
      organizer: req.params.organizer,
      event: req.params.event,
    });
    if (!kept || (kept.values.date !== undefined && Number(kept.values.date) !== date?.id)) return {};
    return { values: kept.values, options: kept.options, notice: req.t("shop.basketRestored") };
  }

  async function load(req: FastifyRequest<EventParams>) {
    const event = await findBookableEvent(ctx.db, req.params.organizer, req.params.event);
    const [types, dates, options, groups, timeZone] = await Promise.all([
      listTicketTypes(ctx.db, event),
      listDates(ctx.db, event),
      eventOptions(ctx.db, event),
      eventOptionGroups(ctx.db, event),
      zoneOfEvent(ctx.db, event, ctx.config.timeZone),
    ]);
    // The organizer's texts in the reader's language, once for every view of this request (texts.ts).
    return {
      event: localizedEvent(event, req.locale),
      types: localizedTypes(types, req.locale),
      dates: localizedDates(dates, req.locale),
      options: localizedOptions(options, req.locale),
      groups: localizedOptions(groups, req.locale),
      timeZone,
    };
  }

  function shop(req: FastifyRequest<EventParams>, loaded: { event: EventRow; timeZone: string }) {
    const voucher = (req.query as { voucher?: unknown } | undefined)?.voucher;
    return {
      organizer: req.params.organizer,
      event: loaded.event,
      timeZone: loaded.timeZone,
      voucher: typeof voucher === "string" && voucher !== "" ? voucher : undefined,
    };
  }

  function reserved(req: FastifyRequest, reply: FastifyReply, event: EventRow) {
    return sendPage(req, reply, {
      status: 403,
      title: event.name,
      narrow: true,
      body: reservedView(req, event),
    });
  }

  // While an event's waiting room is on, buyers without a pass wait in its queue first (web/queue).
  async function sentToQueue(req: FastifyRequest<EventParams>, reply: FastifyReply, event: EventRow) {
    if (
      !(await mustQueue(
        ctx.db,
        ctx.secrets.cookieSecret,
        req.actor,
        event,
        req.cookies[passCookie(event.id)],
      ))
    )
      return false;
    await reply.redirect(`/e/${req.params.organizer}/${req.params.event}/queue`, 303);
    return true;
  }

  return async (app: FastifyInstance) => {
    await app.register(coverPage(ctx));

    app.get<EventParams & ShopQuery>("/e/:organizer/:event", hide, async (req, reply) => {
      const loaded = await load(req);
      const { event, types, dates, options, groups } = loaded;
      if (!canSeeEvent(req.actor, event, types)) return reserved(req, reply, event);
      if (await sentToQueue(req, reply, event)) return reply;
      const upcoming = dates.filter((d) => (d.ends_at ?? d.starts_at) >= new Date().toISOString());
      const view = req.query.view === "month" ? "month" : "list";
      const month = isMonth(req.query.month)
        ? req.query.month
        : dayIn((upcoming[0] ?? dates[0])?.starts_at ?? new Date().toISOString(), loaded.timeZone).slice(
            0,
            7,
          );
      if (event.kind === "single" && dates.length <= 1) {
        const left = await availability(ctx.db, event);
        return sendPage(req, reply, {
          title: event.name,
          body: bookingView(
            req,
            {
              ...shop(req, loaded),
              types,
              date: dates[0] ?? null,
              left,
              options,
              groups,
            },
            restored(req, reply, dates[0] ?? null),
          ),
        });
      }
      return sendPage(req, reply, {
        title: event.name,
        body: eventView(req, {
          ...shop(req, loaded),
          types,
          dates: view === "month" ? dates : upcoming,
          view,
          month,
        }),
      });
    });

    app.get<EventParams>("/e/:organizer/:event/calendar.ics", hide, async (req, reply) => {
      const { event, types, dates } = await load(req);
      if (!canSeeEvent(req.actor, event, types)) throw notFound("Event");
      const base = `${ctx.config.publicUrl}/e/${req.params.organizer}/${req.params.event}`;
      const body = icalendar({
        name: event.name,
        host: new URL(ctx.config.publicUrl).hostname,
        eventName: event.name,
        urlFor: (id) => `${base}/dates/${id}`,
        dates,
      });
      return reply
        .type("text/calendar; charset=utf-8")
        .header("content-disposition", `inline; filename="${req.params.event}.ics"`)
        .send(body);
    });

    app.post<EventParams>("/e/:organizer/:event/book", hide, async (req, reply) => {
      const loaded = await load(req);
      const { event, types, dates, options, groups } = loaded;
      if (!canSeeEvent(req.actor, event, types)) return reserved(req, reply, event);
      const body = formBody(req);
      const raw = (req.body ?? {}) as Record<string, unknown>;
      const date = body.date ? (dates.find((d) => d.id === Number(body.date)) ?? null) : (dates[0] ?? null);
      const guest = req.actor.kind !== "user";
      const quantityOf = (tt: TicketType) =>
        Math.max(0, Math.min(100, Number.parseInt(body[`qty_${tt.id}`] ?? "0", 10) || 0));
      // A guest who must (or wants to) log in first keeps what they chose (basket.ts) and comes back to it.
      const why =
        guest && event.one_order_per_person
          ? "shop.loginWhy.onePerPerson"
          : guest && types.some((tt) => tt.restricted && quantityOf(tt) > 0)
            ? "shop.loginWhy.restricted"
            : undefined;
      const intent = body.intent === "login" || body.intent === "register" ? body.intent : undefined;
      if (guest && (why || intent)) {
        const at = { organizer: req.params.organizer, event: req.params.event };
        keepBasket(reply, basketCookie, at, basketOf(raw));
        const page =
          date && event.kind === "series" ? `${bookingPath(at)}/dates/${date.id}` : bookingPath(at);
        return reply.redirect(
          `/${intent ?? "login"}?next=${encodeURIComponent(page)}&flash=${why ?? "shop.basketKept"}`,
          303,
        );
      }
      if (await sentToQueue(req, reply, event)) return reply;
      const positions = types.flatMap((tt) => {
        // Checkboxes (opt_<type>) and one radio set per group (grp_<type>_<group>); "" is the free neutral choice.
        const optionIds = [
          ...([] as unknown[]).concat(raw[`opt_${tt.id}`] ?? []),
          ...Object.entries(raw)
            .filter(([key]) => key.startsWith(`grp_${tt.id}_`))
            .map(([, value]) => value),
        ]
          .map(Number)
          .filter((id) => Number.isInteger(id) && id > 0);
        return Array.from({ length: quantityOf(tt) }, () => ({
          ticket_type: tt.id,
          date: date?.id ?? null,
          options: optionIds,
          attendee_name: body.attendee_name || undefined,
        }));
      });
      try {
        if (positions.length === 0) throw domainError("no_tickets_chosen", "Choose at least one ticket", 400);
        const order = await placeOrder(
          ctx.db,
          req.actor,
          event,
          {
            email: guest ? (body.email ?? "") : undefined,
            voucher: body.voucher,
            positions,
            locale: req.locale,
            clientAddress: req.ip,
          },
          ctx.signer,
          readPass(ctx.secrets.cookieSecret, req.cookies[passCookie(event.id)]),
        );
        // A guest's way back to the order is its signed link (no account, no personal data in it).
        const page = guest
          ? guestOrderPath(await orderLinks.sign(order.code))
          : `/account/orders/${order.code}`;
        return reply.redirect(`${page}?flash=flash.booked`, 303);
      } catch (error) {
        const left = await availability(ctx.db, event);
        const status = isDomainError(error) ? error.httpStatus : 400;
        return sendPage(req, reply, {
          status,
          title: event.name,
          body: bookingView(
            req,
            { ...shop(req, loaded), types, date, left, options, groups },
            { error: errorMessage(req.t, error), values: body, options: basketOf(raw).options },
          ),
        });
      }
    });

    app.get<DateParams & ShopQuery>("/e/:organizer/:event/dates/:id", hide, async (req, reply) => {
      const loaded = await load(req);
      const { event, types, dates, options, groups } = loaded;
      if (!canSeeEvent(req.actor, event, types)) return reserved(req, reply, event);
      if (await sentToQueue(req, reply, event)) return reply;
      const date = dates.find((d) => d.id === Number(req.params.id));
      if (!date) throw domainError("not_found", "No such date", 404);
      const left = await availability(ctx.db, event);
      return sendPage(req, reply, {
        title: `${event.name} · ${date.name ?? dayIn(date.starts_at, loaded.timeZone)}`,
        body: bookingView(
          req,
          { ...shop(req, loaded), types, date, left, options, groups },
          restored(req, reply, date),
        ),
      });
    });
  };
}
