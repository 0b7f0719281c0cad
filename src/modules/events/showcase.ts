import type { Db } from "../../platform/db/index.js";
import { toCount } from "../../platform/db/index.js";
import type { Locale } from "../../platform/i18n/index.js";
import { isoNow } from "../../platform/time.js";
import { localizedDates, localizedEvent } from "./texts.js";
import { eventTimeZone } from "./time-zone.js";

/**
 * The start page's events: public ones with dates still ahead, soonest first, each once (a series of
 * fifty dates is one card, not fifty lines) with its next date and how many more follow.
 */
export async function upcomingEvents(
  db: Db,
  platformZone: string,
  locale: Locale = "en",
  limit = 24,
  now = isoNow(),
) {
  const events = await db.kysely
    .selectFrom("events as e")
    .innerJoin("organizers as o", "o.id", "e.organizer_id")
    .innerJoin("event_dates as d", "d.event_id", "e.id")
    .select((eb) => [
      "e.id",
      "e.slug",
      "e.name",
      "e.kind",
      "e.currency",
      "e.description",
      "e.cover_type",
      "e.time_zone",
      "e.translations",
      "o.slug as organizer_slug",
      "o.name as organizer_name",
      "o.time_zone as organizer_zone",
      eb.fn.min("d.starts_at").as("next_at"),
      eb.fn.countAll().as("upcoming"),
    ])
    .where("e.visibility", "=", "public")
    .where("d.starts_at", ">=", now)
    .groupBy(["e.id", "o.id"])
    .orderBy("next_at")
    .orderBy("e.id")
    .limit(limit)
    .execute();
  if (events.length === 0) return [];
  const next = await db.kysely
    .selectFrom("event_dates")
    .select(["id", "event_id", "name", "starts_at", "location", "translations"])
    .where(
      "event_id",
      "in",
      events.map((e) => e.id),
    )
    .where(
      "starts_at",
      "in",
      events.map((e) => String(e.next_at)),
    )
    .orderBy("id")
    .execute();
  const dates = localizedDates(next, locale);
  return events.map((e) => {
    const date = dates.find((d) => d.event_id === e.id && d.starts_at === e.next_at);
    return {
      ...localizedEvent(e, locale),
      next_at: String(e.next_at),
      upcoming: toCount(e.upcoming),
      zone: eventTimeZone(e, { time_zone: e.organizer_zone }, platformZone),
      next: date ?? null,
    };
  });
}

export type UpcomingEvent = Awaited<ReturnType<typeof upcomingEvents>>[number];
