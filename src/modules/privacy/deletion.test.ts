import { describe, expect, it } from "vitest";
import { ownPositions } from "./deletion.js";

describe("a deleted person's own tickets", () => {
  const p = (id: number, attendee_name: string | null, order_id = 1) => ({ id, order_id, attendee_name });

  it("are those in their name (any case, spaces trimmed) or without a name", () => {
    expect(ownPositions([p(1, " ada LOVELACE "), p(2, "Bob"), p(3, null)], 1, "Ada Lovelace")).toEqual([
      1, 3,
    ]);
  });

  it("fall back to the first ticket when every one names someone else", () => {
    expect(ownPositions([p(4, "Bob"), p(5, "Carol")], 1, "Ada")).toEqual([4]);
  });

  it("stay within the order", () => {
    expect(ownPositions([p(1, "Ada", 1), p(2, "Ada", 2)], 2, "Ada")).toEqual([2]);
    expect(ownPositions([], 1, "Ada")).toEqual([]);
  });
});
