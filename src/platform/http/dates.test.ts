import { describe, expect, it } from "vitest";
import { dayIn, wallClockToIso } from "./dates.js";

describe("dates in a time zone", () => {
  it("turns a wall-clock time into UTC, summer and winter", () => {
    expect(wallClockToIso("2031-03-01T19:00", "Europe/Berlin")).toBe("2031-03-01T18:00:00.000Z");
    expect(wallClockToIso("2031-07-01T19:00", "Europe/Berlin")).toBe("2031-07-01T17:00:00.000Z");
    expect(wallClockToIso("2031-07-01T19:00", "UTC")).toBe("2031-07-01T19:00:00.000Z");
    expect(wallClockToIso("", "UTC")).toBeUndefined();
  });

  it("finds the calendar day of an instant", () => {
    expect(dayIn("2031-03-01T23:30:00Z", "Europe/Berlin")).toBe("2031-03-02");
    expect(dayIn("2031-03-01T23:30:00Z", "UTC")).toBe("2031-03-01");
  });
});
