import type { Checker } from "../../platform/validation.js";

export const VENUE_MAX = 500;
/**
 * A venue as the organizer types it: a name and an address, a few lines. Blank lines and spaces at the
 * line ends go; "" (or null) means none. Mails, tickets and pages print it line by line.
 */
export function checkVenue(check: Checker, field: string, value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value !== "string") {
    check.problem(field, "invalid", "must be text");
    return "";
  }
  const lines = value
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
  const text = lines.join("\n");
  if (text.length > VENUE_MAX)
    check.problem(field, "too_long", `must be at most ${VENUE_MAX} characters`, { max: VENUE_MAX });
  return text;
}

/** Where a date takes place: its own venue (a series on tour), else its event's; "" when neither says. */
export function venueOf(event: { venue: string }, date?: { venue?: string | null } | null): string {
  return date?.venue || event.venue;
}

/** The venue on one line, for places with room for one (a ticket's details, a list). */
export const venueLine = (venue: string) => venue.split("\n").join(", ");
