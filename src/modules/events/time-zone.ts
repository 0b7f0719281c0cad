import type { Db } from "../../platform/db/index.js";

/**
 * The zone an event's times are shown in, on every page, mail and document: the event's own (set from
 * its organizer's when it is created), else the organizer's, else the platform's TIME_ZONE. Buyers
 * abroad and organizers in another zone read the time the doors open where the event is.
 */
export function eventTimeZone(
  event: { time_zone?: string | null },
  organizer: { time_zone?: string | null } | null | undefined,
  platformZone: string,
): string {
  return event.time_zone ?? organizer?.time_zone ?? platformZone;
}

export { isTimeZone } from "../../platform/time.js";

/** The zones an organizer picks from: every zone Intl knows. */
export function timeZoneChoices(): string[] {
  return Intl.supportedValuesOf("timeZone");
}

/** eventTimeZone for an event row alone: its organizer's zone is looked up only when the event has none. */
export async function zoneOfEvent(
  db: Db,
  event: { organizer_id: number; time_zone?: string | null },
  platformZone: string,
): Promise<string> {
  if (event.time_zone) return event.time_zone;
  const organizer = await db.kysely
    .selectFrom("organizers")
    .select("time_zone")
    .where("id", "=", event.organizer_id)
    .executeTakeFirst();
  return eventTimeZone(event, organizer, platformZone);
}
