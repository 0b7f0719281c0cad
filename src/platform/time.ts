/** All timestamps are stored as ISO-8601 UTC text: sortable and identical on both databases. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

export const isoNow = (clock: Clock = systemClock) => clock().toISOString();

export const isoIn = (ms: number, clock: Clock = systemClock) =>
  new Date(clock().getTime() + ms).toISOString();

/** An IANA zone name this Node.js knows (Intl's own list, no table of ours to go stale). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}
