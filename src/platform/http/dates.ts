// Building an Intl.DateTimeFormat costs far more than using one (an export formats 100,000 dates):
// formatters are kept per locale, zone and style. The set of those is small and fixed.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = formatters.get(key);
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f;
}

/** Dates on pages: the reader's language, the platform's time zone. */
export function formatDateTime(
  locale: string,
  iso: string,
  timeZone: string,
  style: "full" | "short" = "full",
): string {
  return formatter(
    `dt|${locale}|${timeZone}|${style}`,
    () =>
      new Intl.DateTimeFormat(locale, {
        dateStyle: style === "full" ? "full" : "medium",
        timeStyle: "short",
        timeZone,
      }),
  ).format(new Date(iso));
}

/**
 * A date and time with the zone's short name ("Fri, Mar 7, 2031, 7:30 PM GMT+1", "Fr., 7. März 2031, 19:30
 * MEZ"): buyers may read the shop from elsewhere, and the time that counts is the event's.
 */
export function formatZoned(
  locale: string,
  iso: string,
  timeZone: string,
  style: "full" | "short" = "full",
): string {
  return formatter(
    `z|${locale}|${timeZone}|${style}`,
    () =>
      new Intl.DateTimeFormat(locale, {
        weekday: style === "full" ? "long" : "short",
        day: "numeric",
        month: style === "full" ? "long" : "short",
        year: "numeric",
        hour: "numeric",
        minute: "2-digit",
        timeZone,
        timeZoneName: "short",
      }),
  ).format(new Date(iso));
}

/** The zone's short name at that instant as the reader's language writes it: "EDT", "MEZ", "UTC−4". */
export function zoneName(locale: string, iso: string, timeZone: string): string {
  const parts = formatter(
    `z|${locale}|${timeZone}`,
    () => new Intl.DateTimeFormat(locale, { timeZoneName: "short", timeZone }),
  ).formatToParts(new Date(iso));
  return parts.find((p) => p.type === "timeZoneName")?.value ?? timeZone;
}

/**
 * A date and time with its zone named, where a reader elsewhere could take it for their own (mails,
 * tickets, buyers' pages): "Fri, Mar 20, 2026, 8:00 PM EDT".
 */
export function formatDateTimeInZone(
  locale: string,
  iso: string,
  timeZone: string,
  style: "full" | "short" = "full",
): string {
  return `${formatDateTime(locale, iso, timeZone, style)} ${zoneName(locale, iso, timeZone)}`;
}

export function formatTime(locale: string, iso: string, timeZone: string): string {
  return formatter(
    `t|${locale}|${timeZone}`,
    () => new Intl.DateTimeFormat(locale, { timeStyle: "short", timeZone }),
  ).format(new Date(iso));
}

export function formatMonth(locale: string, month: string): string {
  return new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(`${month}-01T12:00:00Z`),
  );
}

/** The calendar day (YYYY-MM-DD) of an instant in a time zone. */
export function dayIn(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date(iso));
}

function offsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return (
    Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second")) - instant
  );
}

/** A wall-clock time from a form (`2031-03-01T19:00`) in a time zone → ISO UTC; undefined if unreadable. */
export function wallClockToIso(local: string | undefined, timeZone: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local ?? "");
  if (!match) return local || undefined;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  const first = guess - offsetMs(guess, timeZone);
  return new Date(guess - offsetMs(first, timeZone)).toISOString();
}

/** The other way: an instant as a form's wall-clock value (`2031-03-01T19:00`) in a time zone. */
export function isoToWallClock(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return "";
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) return "";
  return new Date(instant + offsetMs(instant, timeZone)).toISOString().slice(0, 16);
}
