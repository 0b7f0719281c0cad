import type { Db } from "../../platform/db/index.js";
import { formatDateTimeInZone } from "../../platform/http/dates.js";
import { hasMessage, type Locale, type Translate, translator } from "../../platform/i18n/index.js";
import { displayMoney } from "../../platform/money.js";

/** A row of order_log as stored: who (an id label, see actorLabel), what, and its details as JSON. */
export interface OrderLogEntry {
  actor: string;
  action: string;
  details: string;
  created_at: string;
}

/** One entry as a reader sees it: who by name, what as a sentence, when in the event's zone. */
export interface PresentedLogEntry {
  at: string;
  when: string;
  who: string;
  sentence: string;
  action: string;
}

export interface LogReader {
  locale: Locale;
  /** The order's currency: amounts in the log are minor units of it. */
  currency: string;
  /** The event's zone: the times of the log are shown in it, named. */
  timeZone: string;
  /** The order's account: its actions read as the buyer's. */
  buyerUserId: number | null;
  /** The buyer reads staff as "the organizer": the names of the organizer's people are not theirs to see. */
  audience: "staff" | "buyer";
}

type Details = Record<string, unknown>;

function parse(details: string): Details {
  try {
    const value: unknown = JSON.parse(details);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Details) : {};
  } catch {
    return {};
  }
}

const idOf = (label: string, kind: string) => {
  const match = new RegExp(`^${kind}:(\\d+)$`).exec(label);
  return match ? Number(match[1]) : null;
};
const num = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : null);
const str = (value: unknown) =>
  typeof value === "string" ? value : value === undefined ? "" : String(value);

/** "stripe_refund_requested" → "Stripe refund requested": an action nobody wrote a sentence for yet. */
const humanize = (action: string) => {
  const words = action.replace(/[_.:-]+/g, " ").trim();
  return words ? words[0]?.toUpperCase() + words.slice(1) : "—";
};

/**
 * Names are looked up when the log is read, not when it was written: the log keeps ids only (it must
 * outlive account deletion), and an anonymized person reads as anonymous.
 */
async function names(db: Db, entries: { actor: string; details: Details }[]) {
  const userIds = new Set<number>();
  const tokenIds = new Set<number>();
  const fieldIds = new Set<number>();
  for (const e of entries) {
    const user = idOf(e.actor, "user");
    if (user !== null) userIds.add(user);
    const token = idOf(e.actor, "token");
    if (token !== null) tokenIds.add(token);
    const given = num(e.details.user);
    if (given !== null) userIds.add(given);
    const field = num(e.details.field);
    if (field !== null) fieldIds.add(field);
  }
  const [users, tokens, fields] = await Promise.all([
    userIds.size
      ? db.kysely
          .selectFrom("users")
          .select(["id", "name", "anonymized_at"])
          .where("id", "in", [...userIds])
          .execute()
      : [],
    tokenIds.size
      ? db.kysely
          .selectFrom("api_tokens")
          .select(["id", "name"])
          .where("id", "in", [...tokenIds])
          .execute()
      : [],
    fieldIds.size
      ? db.kysely
          .selectFrom("information_fields")
          .select(["id", "label"])
          .where("id", "in", [...fieldIds])
          .execute()
      : [],
  ]);
  return {
    users: new Map(users.map((u) => [u.id, u])),
    tokens: new Map(tokens.map((t) => [t.id, t.name])),
    fields: new Map(fields.map((f) => [f.id, f.label])),
  };
}

type Names = Awaited<ReturnType<typeof names>>;

function userName(t: Translate, n: Names, id: number | null): string {
  const user = id === null ? undefined : n.users.get(id);
  if (!user) return t("log.who.someone");
  return user.anonymized_at === null ? user.name : t("privacy.anonymous");
}

function whoOf(t: Translate, n: Names, actor: string, reader: LogReader): string {
  const user = idOf(actor, "user");
  if (reader.audience === "buyer") {
    if (user !== null && user === reader.buyerUserId)
      return t("log.who.buyerNamed", { name: userName(t, n, user) });
    if (actor === "system") return t("log.who.system");
    if (actor === "anonymous" || actor === "orderLink") return t("log.who.buyer");
    return t("log.who.organizer");
  }
  if (user !== null) {
    const name = userName(t, n, user);
    return user === reader.buyerUserId ? t("log.who.buyerNamed", { name }) : name;
  }
  const token = idOf(actor, "token");
  if (token !== null) return t("log.who.token", { name: n.tokens.get(token) ?? `#${token}` });
  if (actor === "system") return t("log.who.system");
  if (actor === "superadmin") return t("log.who.platform");
  // A guest with the order's link, or a booking made without an account.
  if (actor === "anonymous" || actor === "orderLink") return t("log.who.buyer");
  if (actor === "device" || actor.startsWith("device:") || actor === "scanner") return t("log.who.scanner");
  return t("log.who.someone");
}

function providerName(t: Translate, provider: unknown): string {
  const key = `payments.provider.${str(provider)}`;
  return hasMessage(key) ? t(key) : humanize(str(provider));
}

function problemsText(t: Translate, problems: unknown): string {
  const list = Array.isArray(problems) ? problems.map(str) : str(problems).split(/,\s*/);
  return list
    .filter(Boolean)
    .map((p) => {
      if (p.startsWith("order_")) {
        const status = `order.status.${p.slice(6)}`;
        return t("log.problem.order", { status: hasMessage(status) ? t(status) : p.slice(6) });
      }
      const key = `log.problem.${p}`;
      return hasMessage(key) ? t(key) : humanize(p);
    })
    .join(", ");
}

function sentenceOf(t: Translate, n: Names, who: string, action: string, d: Details, reader: LogReader) {
  const money = (minor: unknown) => displayMoney(num(minor) ?? 0, reader.currency, reader.locale);
  const ticket = `#${str(d.position)}`;
  const field = n.fields.get(num(d.field) ?? -1) ?? t("log.field");
  const count = num(d.positions) ?? 0;
  switch (action) {
    case "placed":
      return t(count === 1 ? "log.placed.one" : "log.placed.many", { who, count, total: money(d.total) });
    case "placed_paid":
      return t(count === 1 ? "log.placedFree.one" : "log.placedFree.many", { who, count });
    case "given":
      return t("log.given", { who, name: userName(t, n, num(d.user)) });
    case "paid":
      if (d.manual) return t("log.paid.manual", { who });
      if (d.given) return t("log.paid.given", { who });
      if (d.provider)
        return t("log.paid.provider", { provider: providerName(t, d.provider), reference: str(d.reference) });
      return t("log.paid", { who });
    case "cancelled":
      return t("log.cancelled", { who });
    case "expired":
      return t("log.expired");
    case "opposed":
      if (d.refunded) return t("log.opposed.refunded", { reference: str(d.refunded) });
      if (d.reversed) return t("log.opposed.reversed", { reference: str(d.reversed) });
      if (d.problems)
        return t("log.opposed.mismatch", {
          provider: providerName(t, d.provider),
          problems: problemsText(t, d.problems),
        });
      return d.reason ? t("log.opposed.reason", { who, reason: str(d.reason) }) : t("log.opposed", { who });
    case "payment_mismatch":
      return t("log.payment_mismatch", {
        provider: providerName(t, d.provider),
        problems: problemsText(t, d.problems),
      });
    case "payment_refunded":
    case "payment_reversed":
      return t(`log.${action}`, { reference: str(d.reference) });
    case "information_updated":
    case "information_validated":
      return t(`log.${action}`, { who, field, ticket });
    case "ticket_reissued":
      return t("log.ticket_reissued", { who, ticket });
    case "checked_in":
      return t("log.checked_in", { who, ticket, place: str(d.list ?? d.place) || "—" });
    default:
      return t("log.other", { who, action: humanize(action) });
  }
}

/** The order's log in the reader's language, oldest first: no ids, no JSON. */
export async function presentOrderLog(
  db: Db,
  entries: OrderLogEntry[],
  reader: LogReader,
): Promise<PresentedLogEntry[]> {
  const t = translator(reader.locale);
  const parsed = entries.map((e) => ({ ...e, details: parse(e.details) }));
  const n = await names(db, parsed);
  return parsed.map((e) => {
    const who = whoOf(t, n, e.actor, reader);
    return {
      at: e.created_at,
      when: formatDateTimeInZone(reader.locale, e.created_at, reader.timeZone, "short"),
      who,
      sentence: sentenceOf(t, n, who, e.action, e.details, reader),
      action: e.action,
    };
  });
}

/** The log of one order, read from the table and presented. */
export async function orderLogFor(db: Db, orderId: number, reader: LogReader) {
  const rows = await db.kysely
    .selectFrom("order_log")
    .select(["actor", "action", "details", "created_at"])
    .where("order_id", "=", orderId)
    .orderBy("id")
    .execute();
  return presentOrderLog(db, rows, reader);
}
