import type { Config } from "../../platform/config.js";
import type { Db, DbHandle } from "../../platform/db/index.js";
import { formatDateTimeInZone } from "../../platform/http/dates.js";
import { isLocale, type Locale, type Translate, translator } from "../../platform/i18n/index.js";
import { enqueueIn } from "../../platform/jobs/queue.js";
import { composeMail } from "../../platform/mail/compose.js";
import { MAIL_MAX_ATTEMPTS } from "../../platform/mail/jobs.js";
import type { Mailer, MailMessage } from "../../platform/mail/mailer.js";
import { displayMoney } from "../../platform/money.js";
import { localizedPositions } from "../catalog/texts.js";
import { localizedEvent } from "../events/texts.js";
import { eventTimeZone } from "../events/time-zone.js";
import { venueLine } from "../events/venue.js";
import { missingBlockingInformation } from "../information/answers.js";
import { type LoadedOrder, loadOrder } from "./queries.js";
import { orderVenues, orderVoucherCode, positionPrice } from "./summary.js";

export const ORDER_MAIL_JOB = "mail.order";

/**
 * confirmation: to the buyer when an order is placed (what to pay, how; tickets at once if it is free);
 * payment_received: to the buyer once paid, tickets attached as PDF;
 * opposition_notice: when a payment did not match, to the organizer's members and the platform admins,
 * and a short word to the buyer.
 */
export type OrderMailKind = "confirmation" | "payment_received" | "opposition_notice";

/**
 * The job carries only the order id and the kind: the mail is composed when sent, in the buyer's
 * language, from what the order is then; no personal data sits in the queue.
 */
export function queueOrderMail(
  db: Db,
  orderId: number,
  kind: OrderMailKind,
  details: Record<string, string> = {},
) {
  return queueOrderMailIn(db.kysely, orderId, kind, details);
}

export function queueOrderMailIn(
  handle: DbHandle,
  orderId: number,
  kind: OrderMailKind,
  details: Record<string, string> = {},
) {
  return enqueueIn(handle, ORDER_MAIL_JOB, { orderId, kind, details }, { maxAttempts: MAIL_MAX_ATTEMPTS });
}

export interface OrderMailDeps {
  db: Db;
  mailer: Mailer;
  config: Pick<Config, "publicUrl" | "timeZone">;
  /** The order's tickets as one PDF (the tickets module renders it); without it, mails carry a link only. */
  renderTickets?: (orderId: number) => Promise<Buffer>;
  /** Paths of the room pages of the order's tickets whose date is held in an online room. */
  roomLinks?: (order: LoadedOrder) => Promise<Map<number, string>>;
  /** The bank details of the event's transfer accounts (the payments module keeps them), one text each. */
  transferInstructions?: (eventId: number) => Promise<string[]>;
  /** Path of the signed page of an order booked without an account (guest-links.ts). */
  guestOrderLink?: (code: string) => Promise<string>;
}

interface Payload {
  orderId: number;
  kind: OrderMailKind;
  details?: Record<string, string>;
}

const localeOf = (value: string | null | undefined): Locale => (isLocale(value) ? value : "en");

async function orderContext(db: Db, orderId: number) {
  const order = await loadOrder(db, orderId);
  const event = await db.kysely
    .selectFrom("events as e")
    .innerJoin("organizers as g", "g.id", "e.organizer_id")
    .select([
      "e.id",
      "e.name",
      "e.slug",
      "e.time_zone",
      "e.translations",
      "e.venue",
      "g.time_zone as organizer_time_zone",
      "g.id as organizer_id",
      "g.name as organizer_name",
      "g.slug as organizer_slug",
    ])
    .where("e.id", "=", order.event_id)
    .executeTakeFirstOrThrow();
  const [dates, voucherCode] = await Promise.all([
    db.kysely
      .selectFrom("event_dates")
      .select(["id", "starts_at", "venue"])
      .where("event_id", "=", order.event_id)
      .execute(),
    orderVoucherCode(db, order),
  ]);
  return { order, event, voucherCode, dates: new Map(dates.map((d) => [d.id, d])) };
}

const zoneOf = (deps: OrderMailDeps, { event }: OrderContext) =>
  eventTimeZone(event, { time_zone: event.organizer_time_zone }, deps.config.timeZone);

/** Times in mails are the event's local times, the zone named: the buyer may read them anywhere. */
const whenIn = (deps: OrderMailDeps, c: OrderContext, locale: Locale) => {
  const zone = zoneOf(deps, c);
  return (iso: string) => formatDateTimeInZone(locale, iso, zone, "short");
};

type OrderContext = Awaited<ReturnType<typeof orderContext>>;

function facts(t: Translate, locale: Locale, when: (iso: string) => string, c: OrderContext, zone: string) {
  const { order, event, dates } = c;
  const money = (minor: number) => displayMoney(minor, order.currency, locale);
  const dateOf = (p: LoadedOrder["positions"][number]) =>
    p.date_id === null ? undefined : dates.get(p.date_id);
  // One venue for the whole order is said once; a tour's tickets each name their own.
  const venues = orderVenues(event, [...dates.values()], order);
  const oneVenue = venues.single;
  const lines: [string, string][] = [
    [t("mail.order.code"), order.code],
    [t("mail.order.event"), event.name],
    ...(oneVenue ? [[t("order.venue"), venueLine(oneVenue)] as [string, string]] : []),
  ];
  for (const p of order.positions) {
    const date = dateOf(p);
    const price = positionPrice(p);
    const parts = [
      p.ticket_type_name,
      date ? when(date.starts_at) : "",
      oneVenue === undefined ? venueLine(venues.byPosition.get(p.id) ?? "") : "",
      p.attendee_name ?? "",
      ...p.options.map((o) => o.name),
      price.discounted
        ? t("mail.order.discounted", { paid: money(price.paidMinor), list: money(price.listMinor) })
        : money(price.paidMinor),
    ];
    lines.push([t("mail.order.ticket"), parts.filter(Boolean).join(" · ")]);
  }
  if (c.voucherCode) lines.push([t("order.voucher"), c.voucherCode]);
  lines.push([t("mail.order.total"), money(order.total_minor)]);
  if (dates.size > 0 || order.expires_at) lines.push([t("mail.order.timeZone"), zone]);
  return lines;
}

/** Bank details for a pending order: each transfer account's text, then the amount and the reference. */
async function transferParagraphs(deps: OrderMailDeps, c: OrderContext, t: Translate, total: string) {
  if (c.order.status !== "pending" || !deps.transferInstructions) return [];
  const accounts = (await deps.transferInstructions(c.event.id)).filter((text) => text.trim() !== "");
  if (accounts.length === 0) return [];
  return [
    t("mail.order.transfer.intro"),
    ...accounts.map((text) => text.trim()),
    t("mail.order.transfer.amount", { total, code: c.order.code }),
  ];
}

/** Required questions still open: the buyer must answer them (on the order page) before the tickets admit. */
async function questionsParagraph(deps: OrderMailDeps, c: OrderContext, t: Translate, orderUrl: string) {
  if (c.order.status !== "pending" && c.order.status !== "paid") return [];
  const missing = await missingBlockingInformation(deps.db, c.order.id, "admission");
  if (missing.length === 0) return [];
  const count = missing.reduce((sum, m) => sum + m.fields.length, 0);
  return [t("mail.order.questions", { count, url: `${orderUrl}#h-info` })];
}

async function ticketsFor(deps: OrderMailDeps, order: LoadedOrder) {
  const missing = [
    ...(await missingBlockingInformation(deps.db, order.id, "payment")),
    ...(await missingBlockingInformation(deps.db, order.id, "admission")),
  ];
  if (order.status !== "paid" || missing.length > 0 || !deps.renderTickets) return undefined;
  return [
    {
      filename: `tickets-${order.code}.pdf`,
      content: await deps.renderTickets(order.id),
      contentType: "application/pdf",
    },
  ];
}

async function buyerMail(deps: OrderMailDeps, c: OrderContext, kind: OrderMailKind): Promise<MailMessage> {
  const { order, event } = c;
  const locale = localeOf(order.locale);
  const t = translator(locale);
  const total = displayMoney(order.total_minor, order.currency, locale);
  // A guest has no account to log in to: their order opens from its signed link.
  const orderUrl =
    order.user_id === null && deps.guestOrderLink
      ? `${deps.config.publicUrl}${await deps.guestOrderLink(order.code)}`
      : `${deps.config.publicUrl}/account/orders/${order.code}`;
  const footer = t("mail.order.footer", { organizer: event.organizer_name });
  if (kind === "opposition_notice") {
    return {
      to: order.email,
      ...composeMail({
        subject: t("mail.order.opposition.buyer.subject", { code: order.code }),
        paragraphs: [
          t("mail.order.hello"),
          t("mail.order.opposition.buyer.body", { code: order.code, event: event.name }),
        ],
        footer,
      }),
    };
  }
  const attachments = await ticketsFor(deps, order);
  const ticketsLine =
    order.status === "paid"
      ? [t(attachments ? "mail.order.tickets.attached" : "mail.order.tickets.waiting")]
      : [];
  const paragraphs =
    kind === "payment_received"
      ? [t("mail.order.hello"), t("mail.order.paid.body", { total, event: event.name }), ...ticketsLine]
      : [
          t("mail.order.hello"),
          t("mail.order.confirmation.thanks", { event: event.name }),
          order.status === "pending" && order.expires_at
            ? t("mail.order.confirmation.pending", {
                until: whenIn(deps, c, locale)(order.expires_at),
                total,
                code: order.code,
              })
            : t("mail.order.confirmation.paid"),
          ...(await transferParagraphs(deps, c, t, total)),
          ...(await questionsParagraph(deps, c, t, orderUrl)),
          ...ticketsLine,
        ];
  const subject =
    kind === "payment_received"
      ? t("mail.order.paid.subject", { code: order.code })
      : t("mail.order.confirmation.subject", { code: order.code, event: event.name });
  const pay = order.status === "pending" && order.user_id !== null;
  const rooms = deps.roomLinks ? await deps.roomLinks(order) : new Map<number, string>();
  const roomFacts = [...rooms.values()].map((path): [string, string] => [
    t("mail.order.room"),
    `${deps.config.publicUrl}${path}`,
  ]);
  return {
    to: order.email,
    ...composeMail({
      subject,
      paragraphs,
      facts: [...facts(t, locale, whenIn(deps, c, locale), c, zoneOf(deps, c)), ...roomFacts],
      action: pay
        ? { label: t("mail.order.pay"), url: `${orderUrl}/pay` }
        : { label: t("mail.order.view"), url: orderUrl },
      footer,
    }),
    attachments,
  };
}

/** The organizer's members and the platform admins, each in their own language, once each. */
async function staffRecipients(db: Db, organizerId: number) {
  const rows = await db.kysely
    .selectFrom("users as u")
    .leftJoin("organizer_members as m", (join) =>
      join.onRef("m.user_id", "=", "u.id").on("m.organizer_id", "=", organizerId),
    )
    .select(["u.email", "u.locale"])
    .where((eb) => eb.or([eb("u.is_platform_admin", "=", 1), eb("m.organizer_id", "=", organizerId)]))
    .execute();
  return [...new Map(rows.map((r) => [r.email, r])).values()];
}

async function staffMails(deps: OrderMailDeps, c: OrderContext, problems: string): Promise<MailMessage[]> {
  const { order, event } = c;
  const url = `${deps.config.publicUrl}/admin/organizers/${event.organizer_slug}/events/${event.slug}/orders/${order.code}`;
  return (await staffRecipients(deps.db, event.organizer_id)).map((recipient) => {
    const locale = localeOf(recipient.locale);
    const t = translator(locale);
    return {
      to: recipient.email,
      ...composeMail({
        subject: t("mail.order.opposition.subject", { code: order.code, event: event.name }),
        paragraphs: [t("mail.order.opposition.body", { code: order.code, event: event.name, problems })],
        facts: facts(t, locale, whenIn(deps, c, locale), c, zoneOf(deps, c)),
        action: { label: t("mail.order.opposition.open"), url },
      }),
    };
  });
}

/** The organizer's texts (event, ticket types) in the buyer's language; chosen options stay as booked. */
async function inLocale(db: Db, c: OrderContext, locale: string | null): Promise<OrderContext> {
  const lang = localeOf(locale);
  const positions = await localizedPositions(db, c.order.positions, lang);
  return { ...c, event: localizedEvent(c.event, lang), order: { ...c.order, positions } };
}

export function orderMailHandler(deps: OrderMailDeps) {
  return async (payload: unknown) => {
    const { orderId, kind, details } = payload as Payload;
    const c = await orderContext(deps.db, orderId);
    // An anonymized buyer has no address left: only staff notices still go out.
    const mails =
      c.order.anonymized_at === null
        ? [await buyerMail(deps, await inLocale(deps.db, c, c.order.locale), kind)]
        : [];
    if (kind === "opposition_notice") mails.push(...(await staffMails(deps, c, details?.problems ?? "")));
    // A test order's mails say so first thing, in every inbox they reach ("[TEST]" in every language).
    const mark = translator(localeOf(c.order.locale))("testMode.subjectPrefix");
    const prefix = c.order.test_mode ? `${mark} ` : "";
    // A retry after a partial failure may repeat a mail; losing one (an opposition notice) is worse.
    for (const mail of mails) await deps.mailer.send({ ...mail, subject: prefix + mail.subject });
  };
}
