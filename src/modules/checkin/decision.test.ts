import { describe, expect, it } from "vitest";
import { ACCEPTED_STEPS, ROTATION_SECONDS } from "../credentials/rotating-code.js";
import {
  type DoorRules,
  type DoorScan,
  type DoorTicket,
  doorDecision,
  parseRotatingCode,
  rotatingStepState,
  scopeOf,
  slotKind,
} from "./decision.js";

const rules: DoorRules = { date: 7, ticket_types: [3], entry_policy: "once", exit_required: false };
const ticket: DoorTicket = {
  status: "paid",
  date: 7,
  ticket_type_id: 3,
  anonymized: false,
  asks_information: false,
};
const scan = (over: Partial<DoorScan> = {}, t: Partial<DoorTicket> = {}): DoorScan => ({
  type: "entry",
  revoked: false,
  ticket: { ...ticket, ...t },
  code: "static",
  admitted: false,
  ...over,
});
const reason = (s: DoorScan, r: DoorRules = rules) => {
  const d = doorDecision(s, r);
  return d.status === "error" ? d.reason : d.status;
};

describe("the door's decision", () => {
  it("admits a paid ticket of the list's date and type, taking its slot", () => {
    expect(doorDecision(scan(), rules)).toEqual({ status: "ok", claim: "take", unverified: false });
  });

  it("refuses a revoked secret and a code that stands for no ticket", () => {
    expect(reason(scan({ ticket: null, revoked: true }))).toBe("revoked");
    expect(reason(scan({ ticket: null }))).toBe("unknown");
  });

  it("admits an unknown secret with the event's signature as unverified (offline), never a rotating one", () => {
    expect(doorDecision(scan({ ticket: null, signed: true }), rules)).toEqual({
      status: "ok",
      claim: "take",
      unverified: true,
    });
    expect(reason(scan({ ticket: null, signed: true, revoked: true }))).toBe("revoked");
    expect(reason(scan({ ticket: null, signed: true, code: "current" }))).toBe("unknown");
    expect(reason(scan({ ticket: null, signed: true, admitted: true }))).toBe("already_redeemed");
  });

  it("refuses an expired rotating code and, offline, one whose MAC it cannot check", () => {
    expect(reason(scan({ code: "current" }))).toBe("ok");
    expect(reason(scan({ code: "expired" }))).toBe("expired_code");
    expect(reason(scan({ code: "unverifiable" }))).toBe("unknown");
    // The code's age is judged before the ticket itself.
    expect(reason(scan({ code: "expired" }, { status: "cancelled" }))).toBe("expired_code");
  });

  it("refuses a void ticket (the holder's data deleted) before its status", () => {
    expect(reason(scan({}, { anonymized: true, status: "pending" }))).toBe("anonymized");
  });

  it("refuses by order status", () => {
    expect(reason(scan({}, { status: "pending" }))).toBe("unpaid");
    expect(reason(scan({}, { status: "opposed" }))).toBe("opposed");
    expect(reason(scan({}, { status: "cancelled" }))).toBe("cancelled");
    expect(reason(scan({}, { status: "refunded" }))).toBe("cancelled");
    // The status comes before the list's scope.
    expect(reason(scan({}, { status: "pending", date: 8 }))).toBe("unpaid");
  });

  it("refuses another date, then another ticket type; an open list admits both", () => {
    expect(reason(scan({}, { date: 8 }))).toBe("wrong_date");
    expect(reason(scan({}, { date: null }))).toBe("wrong_date");
    expect(reason(scan({}, { ticket_type_id: 4 }))).toBe("wrong_ticket_type");
    expect(reason(scan({}, { date: 8, ticket_type_id: 4 }))).toBe("wrong_date");
    const open: DoorRules = { ...rules, date: null, ticket_types: [] };
    expect(reason(scan({}, { date: 8, ticket_type_id: 4 }), open)).toBe("ok");
    expect(scopeOf({ date: 7, ticket_type_id: 3 }, rules)).toBeNull();
    expect(scopeOf({ date: 7, ticket_type_id: 9 }, rules)).toBe("wrong_ticket_type");
  });

  it("asks for the required information only when every other rule admits, and refuses it missing", () => {
    expect(doorDecision(scan({}, { asks_information: true }), rules)).toEqual({ status: "lookup" });
    expect(reason(scan({}, { asks_information: true, ticket_type_id: 4 }))).toBe("wrong_ticket_type");
    expect(reason(scan({}, { asks_information: true, incomplete: true }))).toBe("incomplete");
    expect(reason(scan({}, { asks_information: true, incomplete: false }))).toBe("ok");
    // Without required fields of its type, nothing is looked up.
    expect(reason(scan({}, { asks_information: false, incomplete: true }))).toBe("ok");
  });

  it("refuses a second entry on a list that holds a slot; exits free the slot only where an exit is required", () => {
    expect(reason(scan({ admitted: true }))).toBe("already_redeemed");
    expect(reason(scan({ admitted: true }), { ...rules, entry_policy: "daily" })).toBe("already_redeemed");
    const unlimited: DoorRules = { ...rules, entry_policy: "unlimited" };
    expect(doorDecision(scan({ admitted: true }), unlimited)).toMatchObject({ status: "ok", claim: null });
    const inside: DoorRules = { ...unlimited, exit_required: true };
    expect(reason(scan({ admitted: true }), inside)).toBe("already_redeemed");
    expect(doorDecision(scan({ type: "exit", admitted: true }), inside)).toMatchObject({
      status: "ok",
      claim: "release",
    });
    expect(doorDecision(scan({ type: "exit", admitted: true }), rules)).toMatchObject({
      status: "ok",
      claim: null,
    });
    // An exit is refused for the same reasons as an entry.
    expect(reason(scan({ type: "exit" }, { status: "cancelled" }), inside)).toBe("cancelled");
  });

  it("names each list's slot", () => {
    expect(slotKind({ entry_policy: "once", exit_required: true })).toBe("once");
    expect(slotKind({ entry_policy: "daily", exit_required: false })).toBe("daily");
    expect(slotKind({ entry_policy: "unlimited", exit_required: true })).toBe("inside");
    expect(slotKind({ entry_policy: "unlimited", exit_required: false })).toBeNull();
  });

  it("reads rotating codes and their window", () => {
    const mac = "a".repeat(22);
    expect(parseRotatingCode(`R.12.345.${mac}`)).toEqual({ ticketId: 12, step: 345, mac });
    expect(parseRotatingCode("R.12.345.short")).toBeNull();
    expect(parseRotatingCode("abc.def")).toBeNull();
    const now = 1_000_000 * ROTATION_SECONDS * 1000;
    expect(rotatingStepState(1_000_000, now)).toBe("current");
    expect(rotatingStepState(1_000_000 - ACCEPTED_STEPS, now)).toBe("current");
    expect(rotatingStepState(1_000_000 - ACCEPTED_STEPS - 1, now)).toBe("expired");
    expect(rotatingStepState(1_000_001, now)).toBe("current");
    expect(rotatingStepState(1_000_002, now)).toBe("future");
  });
});
