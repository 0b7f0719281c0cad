import { describe, expect, it } from "vitest";
import { formatMoney, parseMoney } from "./money.js";

describe("money", () => {
  it.each([
    ["12.50", 1250],
    ["12.5", 1250],
    ["12", 1200],
    ["0", 0],
    ["0.05", 5],
    ["7,90", 790],
    [3, 300],
  ])("parses %s as %i minor units", (input, minor) => {
    expect(parseMoney(input)).toBe(minor);
  });

  it.each(["-1", "1.234", "abc", "", "1e3", null])("refuses %s", (input) => {
    expect(parseMoney(input)).toBeNull();
  });

  it("formats minor units as decimal strings", () => {
    expect(formatMoney(1250)).toBe("12.50");
    expect(formatMoney(5)).toBe("0.05");
    expect(formatMoney(0)).toBe("0.00");
  });
});
