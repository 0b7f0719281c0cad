import type { Config } from "../../platform/config.js";
import type { Db, DbHandle } from "../../platform/db/index.js";
import { formatDateTimeInZone } from "../../platform/http/dates.js";
import { isLocale, type Locale, type Translate, translator } from "../../platform/i18n/index.js";
import { enqueueIn } from "../../platform/jobs/queue.js";
import { composeMail } from "../../platform/mail/compose.js";
import { MAIL_MAX_ATTEMPTS } from "../../platform/mail/jobs.js";
import type { Mailer, MailMessage } from "../../platform/mail/mailer.js";
import { displayMoney } from "../../platform/money.js";
import { eventTimeZone } from "../events/time-zone.js";
import { missingBlockingInformation } from "../information/answers.js";
import { type LoadedOrder, loadOrder } from "./queries.js";

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
      "g.time_zone as organizer_time_zone",
      "g.id as organizer_id",
      "g.name as organizer_name",
      "g.slug as organizer_slug",
    ])
    .where("e.id", "=", order.event_id)
    .executeTakeFirstOrThrow();
  const dates = await db.kysely
    .selectFrom("event_dates")
    .select(["id", "starts_at"])
    .where("event_id", "=", order.event_id)
    .execute();
  return { order, event, startsAt: new Map(dates.map((d) => [d.id, d.starts_at])) };
}

/** Times in mails are the event's local times, the zone named: the buyer may read them anywhere. */
const whenIn = (deps: OrderMailDeps, { event }: OrderContext, locale: Locale) => {
  const zone = eventTimeZone(event, { time_zone: event.organizer_time_zone }, deps.config.timeZone);
  return (iso: string) => formatDateTimeInZone(locale, iso, zone, "short");
};

type OrderContext = Awaited<ReturnType<typeof orderContext>>;

function facts(t: Translate, locale: Locale, when: (iso: string) => string, c: OrderContext) {
  const { order, event, startsAt } = c;
  const lines: [string, string][] = [
    [t("mail.order.code"), order.code],
    [t("mail.order.event"), event.name],
  ];
  for (const p of order.positions) {
    const date = p.date_id === null ? undefined : startsAt.get(p.date_id);
    const parts = [
      p.ticket_type_name,
      date ? when(date) : "",
      p.attendee_name ?? "",
      ...p.options.map((o) => o.name),
    ];
    lines.push([t("mail.order.ticket"), parts.filter(Boolean).join(" · ")]);
  }
  lines.push([t("mail.order.total"), displayMoney(order.total_minor, order.currency, locale)]);
  return lines;
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
  const orderUrl = `${deps.config.publicUrl}/account/orders/${order.code}`;
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
      facts: [...facts(t, locale, whenIn(deps, c, locale), c), ...roomFacts],
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
        facts: facts(t, locale, whenIn(deps, c, locale), c),
        action: { label: t("mail.order.opposition.open"), url },
      }),
    };
  });
}

export function orderMailHandler(deps: OrderMailDeps) {
  return async (payload: unknown) => {
    const { orderId, kind, details } = payload as Payload;
    const c = await orderContext(deps.db, orderId);
    // An anonymized buyer has no address left: only staff notices still go out.
    const mails = c.order.anonymized_at === null ? [await buyerMail(deps, c, kind)] : [];
    if (kind === "opposition_notice") mails.push(...(await staffMails(deps, c, details?.problems ?? "")));
    // A retry after a partial failure may repeat a mail; losing one (an opposition notice) is worse.
    for (const mail of mails) await deps.mailer.send(mail);
  };
}
