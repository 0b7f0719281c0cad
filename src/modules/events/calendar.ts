/** Pure calendar helpers: a month grid for the shop and an iCalendar (RFC 5545) feed. */

export interface CalendarDate {
  id: number;
  name: string | null;
  starts_at: string;
  ends_at: string | null;
  location: string | null;
}

/** "2031-03" → the weeks (Monday first) of that month, each day with its dates. UTC throughout. */
export function monthGrid<T extends CalendarDate>(
  month: string,
  dates: T[],
  dayOf: (iso: string) => string = (iso) => iso.slice(0, 10),
) {
  const [year, mon] = month.split("-").map(Number) as [number, number];
  const first = new Date(Date.UTC(year, mon - 1, 1));
  const offset = (first.getUTCDay() + 6) % 7;
  const start = new Date(first.getTime() - offset * 86_400_000);
  const weeks: { day: string; inMonth: boolean; dates: T[] }[][] = [];
  for (let w = 0; w < 6; w++) {
    const week = [];
    for (let d = 0; d < 7; d++) {
      const day = new Date(start.getTime() + (w * 7 + d) * 86_400_000).toISOString().slice(0, 10);
      week.push({
        day,
        inMonth: day.slice(0, 7) === month,
        dates: dates.filter((x) => dayOf(x.starts_at) === day),
      });
    }
    if (w >= 4 && !week.some((d) => d.inMonth)) break;
    weeks.push(week);
  }
  return weeks;
}

export function isMonth(value: unknown): value is string {
  return typeof value === "string" && /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}

export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return d.toISOString().slice(0, 7);
}

const icsStamp = (iso: string) => iso.replace(/[-:]/g, "").replace(/\.\d{3}/, "");

/** Escapes text values and folds lines at 75 octets, as RFC 5545 asks. */
function icsText(value: string) {
  return value.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
}

function fold(line: string): string {
  const out: string[] = [];
  let rest = line;
  while (Buffer.byteLength(rest) > 75) {
    let cut = 75;
    while (Buffer.byteLength(rest.slice(0, cut)) > 75) cut--;
    out.push(rest.slice(0, cut));
    rest = ` ${rest.slice(cut)}`;
  }
  out.push(rest);
  return out.join("\r\n");
}

export function icalendar(options: {
  name: string;
  host: string;
  eventName: string;
  urlFor: (id: number) => string;
  dates: CalendarDate[];
  now?: Date;
}) {
  const stamp = icsStamp((options.now ?? new Date()).toISOString());
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Tessera//Tessera//EN",
    "CALSCALE:GREGORIAN",
    `X-WR-CALNAME:${icsText(options.name)}`,
  ];
  for (const d of options.dates) {
    const end = d.ends_at ?? new Date(Date.parse(d.starts_at) + 3600_000).toISOString();
    lines.push(
      "BEGIN:VEVENT",
      `UID:date-${d.id}@${options.host}`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${icsStamp(d.starts_at)}`,
      `DTEND:${icsStamp(end)}`,
      `SUMMARY:${icsText(d.name ? `${options.eventName}: ${d.name}` : options.eventName)}`,
      ...(d.location ? [`LOCATION:${icsText(d.location)}`] : []),
      `URL:${options.urlFor(d.id)}`,
      "END:VEVENT",
    );
  }
  lines.push("END:VCALENDAR");
  return `${lines.map(fold).join("\r\n")}\r\n`;
}
