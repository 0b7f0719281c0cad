import { describe, expect, it } from "vitest";
import { cellRemaining, type QuotaPlaces, remainingOf } from "./capacity.js";

const quota = (id: number, dateId: number | null, types: number[], size: number, taken = 0): QuotaPlaces => ({
  id,
  dateId,
  ticketTypeIds: types,
  size,
  taken,
});
const cells = (dates: (number | null)[], types: number[]) =>
  dates.flatMap((dateId) => types.map((ticketTypeId) => ({ dateId, ticketTypeId })));

describe("places left from quotas", () => {
  it("a cell has its tightest quota's free places, or no limit", () => {
    const quotas = [quota(1, 1, [10, 11], 100, 40), quota(2, null, [11], 20, 15)];
    expect(cellRemaining(quotas, { dateId: 1, ticketTypeId: 10 })).toBe(60);
    expect(cellRemaining(quotas, { dateId: 1, ticketTypeId: 11 })).toBe(5);
    expect(cellRemaining(quotas, { dateId: 2, ticketTypeId: 10 })).toBeNull();
    expect(remainingOf(quotas, cells([1, 2], [10]))).toBeNull();
  });

  it("a hall quota per date caps the date once, not once per ticket type", () => {
    expect(remainingOf([quota(1, 1, [10, 11, 12], 100, 30)], cells([1], [10, 11, 12]))).toBe(70);
  });

  it("a series-wide quota counts once for the event", () => {
    const quotas = [quota(1, null, [10], 50, 10)];
    expect(remainingOf(quotas, cells([1], [10]))).toBe(40);
    expect(remainingOf(quotas, cells([1, 2, 3], [10]))).toBe(40);
  });

  it("per-type quotas add up, and a date's hall quota still caps the date", () => {
    // Hall of 10 on date 1 for both types; across the series 30 standard and 6 reduced places.
    const quotas = [quota(1, 1, [10, 11], 10, 4), quota(2, null, [11], 6, 2), quota(3, null, [10], 30, 4)];
    expect(remainingOf(quotas, cells([1], [10, 11]))).toBe(6);
    expect(remainingOf(quotas, cells([2], [10, 11]))).toBe(30);
    expect(remainingOf(quotas, cells([1, 2], [10, 11]))).toBe(30);
    expect(remainingOf(quotas, cells([1, 2], [11]))).toBe(4);
  });

  it("over-full quotas have nothing left, and no cells nothing to sell", () => {
    expect(remainingOf([quota(1, null, [10], 5, 7)], cells([1], [10]))).toBe(0);
    expect(remainingOf([quota(1, null, [10], 5)], [])).toBe(0);
  });

  it("a long series with a quota per date adds the dates up (the greedy cover beyond 12 quotas)", () => {
    const dates = Array.from({ length: 40 }, (_, i) => i + 1);
    const quotas = dates.map((d) => quota(d, d, [10, 11], 25, d % 5));
    const expected = dates.reduce((sum, d) => sum + 25 - (d % 5), 0);
    expect(remainingOf(quotas, cells(dates, [10, 11]))).toBe(expected);
  });
});
