import type { Actor } from "../../platform/auth/actor.js";
import { authorize } from "../../platform/auth/policy.js";
import type { Db } from "../../platform/db/index.js";
import type { OrderStatus } from "../../platform/db/schema.js";
import type { Locale } from "../../platform/i18n/index.js";
import { pickText } from "../../platform/i18n/texts.js";
import { formatMoney } from "../../platform/money.js";
import type { EventRow } from "../events/service.js";
import { personOr } from "./anonymous.js";

export interface OrderFilters {
  status?: OrderStatus;
  /** Booking code or (part of) the e-mail. */
  q?: string;
  date?: number;
  limit?: number;
  /** Language of the "Anonymous" label for erased buyers. */
  locale?: Locale;
}

export async function listOrders(db: Db, actor: Actor, event: EventRow, filters: OrderFilters = {}) {
  authorize(actor, "event.view", { type: "event", organizerId: event.organizer_id, eventId: event.id });
  let query = db.kysely
    .selectFrom("orders as o")
    .select((eb) => [
      "o.id",
      "o.code",
      "o.status",
      "o.email",
      "o.anonymized_at",
      "o.total_minor",
      "o.currency",
      "o.created_at",
      "o.test_mode",
      eb
        .selectFrom("order_positions as p")
        .select((e) => e.fn.countAll().as("n"))
        .whereRef("p.order_id", "=", "o.id")
        .as("tickets"),
    ])
    .where("o.event_id", "=", event.id)
    .orderBy("o.id", "desc")
    .limit(filters.limit ?? 100);
  if (filters.status) query = query.where("o.status", "=", filters.status);
  if (filters.q) {
    const q = filters.q.trim();
    query = query.where((eb) =>
      eb.or([eb("o.code", "=", q.toUpperCase()), eb("o.email", "like", `%${q.toLowerCase()}%`)]),
    );
  }
  if (filters.date) {
    const dateId = filters.date;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("order_positions as p")
          .select("p.id")
          .whereRef("p.order_id", "=", "o.id")
          .where("p.date_id", "=", dateId),
      ),
    );
  }
  const rows = await query.execute();
  return rows.map((r) => ({
    code: r.code,
    status: r.status,
    email: personOr(r.email, r.anonymized_at, filters.locale),
    total: formatMoney(r.total_minor),
    total_minor: r.total_minor,
    currency: r.currency,
    created_at: r.created_at,
    tickets: Number(r.tickets),
    test_mode: r.test_mode,
  }));
}

/** "My account": the person's own orders across events. */
export async function listOwnOrders(db: Db, userId: number, locale: Locale = "en") {
  const rows = await db.kysely
    .selectFrom("orders as o")
    .innerJoin("events as e", "e.id", "o.event_id")
    .innerJoin("organizers as g", "g.id", "e.organizer_id")
    .select([
      "o.code",
      "o.status",
      "o.total_minor",
      "o.currency",
      "o.created_at",
      "o.expires_at",
      "o.test_mode",
      "e.name as event_name",
      "e.translations as event_translations",
      "e.slug as event_slug",
      "g.slug as organizer_slug",
    ])
    .where("o.user_id", "=", userId)
    .orderBy("o.id", "desc")
    .execute();
  // The event's name in the reader's language, where its organizer gave one.
  return rows.map(({ event_translations, ...r }) => ({
    ...r,
    event_name: pickText(event_translations, "name", locale, r.event_name),
  }));
}
