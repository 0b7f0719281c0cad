import { describe, expect, it } from "vitest";
import { dayStart, lastDays, sumByDay } from "./days.js";

describe("sales per local day", () => {
  it("lists the last days in the zone, today last", () => {
    // 23:30 UTC on 1 March is already 2 March in Berlin, still 1 March in New York.
    const now = new Date("2031-03-01T23:30:00Z");
    expect(lastDays(now, "Europe/Berlin", 3)).toEqual(["2031-02-28", "2031-03-01", "2031-03-02"]);
    expect(lastDays(now, "America/New_York", 2)).toEqual(["2031-02-28", "2031-03-01"]);
  });

  it("starts a day at the zone's midnight, summer time included", () => {
    expect(dayStart("2031-01-15", "Europe/Berlin")).toBe("2031-01-14T23:00:00.000Z");
    expect(dayStart("2031-07-15", "Europe/Berlin")).toBe("2031-07-14T22:00:00.000Z");
    expect(dayStart("2031-07-15", "Asia/Kathmandu")).toBe("2031-07-14T18:15:00.000Z");
  });

  it("adds quarter-hours up per local day, across midnight and a 45-minute offset", () => {
    const days = ["2031-07-14", "2031-07-15"];
    const sums = sumByDay(days, "Asia/Kathmandu", [
      { start: "2031-07-13T18:00:00.000Z", orders: 9, tickets: 9 }, // 13 July there: outside
      { start: "2031-07-14T18:00:00.000Z", orders: 1, tickets: 2 }, // 23:45 on the 14th
      { start: "2031-07-14T18:15:00.000Z", orders: 3, tickets: 4 }, // 00:00 on the 15th
      { start: "2031-07-15T18:00:00.000Z", orders: 1, tickets: 1 }, // 23:45 on the 15th
      { start: "2031-07-15T18:15:00.000Z", orders: 9, tickets: 9 }, // the 16th: outside
    ]);
    expect(sums).toEqual([
      { day: "2031-07-14", orders: 1, tickets: 2 },
      { day: "2031-07-15", orders: 4, tickets: 5 },
    ]);
  });
});
