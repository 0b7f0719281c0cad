import { describe, expect, it } from "vitest";
import { icalendar, monthGrid, shiftMonth } from "./calendar.js";

const dates = [
  {
    id: 1,
    name: "Opening; night",
    starts_at: "2031-03-01T19:00:00.000Z",
    ends_at: "2031-03-01T21:00:00.000Z",
    location: "Hall A, 1st floor",
  },
  { id: 2, name: null, starts_at: "2031-03-15T19:00:00.000Z", ends_at: null, location: null },
];

describe("calendar", () => {
  it("lays a month out in Monday-first weeks with its dates", () => {
    const weeks = monthGrid("2031-03", dates);
    // 1 March 2031 is a Saturday: the first row starts on Monday 24 February.
    expect(weeks[0]?.[0]?.day).toBe("2031-02-24");
    expect(weeks[0]?.[5]).toMatchObject({ day: "2031-03-01", inMonth: true });
    expect(weeks[0]?.[5]?.dates.map((d) => d.id)).toEqual([1]);
    expect(weeks.flat().filter((d) => d.inMonth)).toHaveLength(31);
    expect(shiftMonth("2031-12", 1)).toBe("2032-01");
    expect(shiftMonth("2031-01", -1)).toBe("2030-12");
  });

  it("writes an RFC 5545 feed with escaped text and CRLF lines", () => {
    const ics = icalendar({
      name: "Series",
      host: "tickets.example.org",
      eventName: "Lectures",
      urlFor: (id) => `https://tickets.example.org/d/${id}`,
      dates,
      now: new Date("2031-01-01T00:00:00Z"),
    });
    expect(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
    expect(ics).toContain("DTSTART:20310301T190000Z\r\n");
    expect(ics).toContain("SUMMARY:Lectures: Opening\\; night\r\n");
    expect(ics).toContain("LOCATION:Hall A\\, 1st floor\r\n");
    expect(ics).toContain("UID:date-2@tickets.example.org");
    expect(ics).toContain("DTEND:20310315T200000Z");
    expect(ics.split("\r\n").every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
  });
});
