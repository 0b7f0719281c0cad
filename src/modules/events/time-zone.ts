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

/** An IANA zone name this Node.js knows (Intl's own list, no table of ours to go stale). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

/** The zones an organizer picks from: every zone Intl knows. */
export function timeZoneChoices(): string[] {
  return Intl.supportedValuesOf("timeZone");
}
