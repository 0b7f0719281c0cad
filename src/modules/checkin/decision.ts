/**
 * The door's decision, in one place: the server's redeem and the offline scanner (public/scanner.js,
 * which imports this module compiled from dist through `/assets/door/checkin/decision.js`) both call
 * `doorDecision` with the facts they have. Pure: no Node, no database, no clock; it imports only the
 * rotating codes' form and window (equally pure), re-exported for the scanner.
 */
export {
  isRotatingCode,
  parseRotatingCode,
  rotatingStepState,
} from "../credentials/rotating-code.js";

export type ScanType = "entry" | "exit";

export type DoorReason =
  | "unknown"
  | "already_redeemed"
  | "unpaid"
  | "opposed"
  | "cancelled"
  | "wrong_date"
  | "wrong_ticket_type"
  | "incomplete"
  | "revoked"
  | "expired_code"
  /** The holder deleted their account (or the data expired): the ticket admits no one. */
  | "anonymized";

export type EntryPolicy = "once" | "daily" | "unlimited";

/** What a list admits and how often (the list as the API presents it has these fields). */
export interface DoorRules {
  date: number | null;
  ticket_types: readonly number[];
  entry_policy: EntryPolicy;
  exit_required: boolean;
}

/** The ticket a scanned code stands for, as far as the decision needs it. */
export interface DoorTicket {
  status: string;
  date: number | null;
  ticket_type_id: number;
  anonymized: boolean;
  /** Its ticket type has required fields, so whether they are filled matters. */
  asks_information: boolean;
  /** A required field is unfilled; undefined: not looked up yet (the answer is then `lookup`). */
  incomplete?: boolean;
}

export interface DoorScan {
  type: ScanType;
  /** The code is a secret that was replaced by a newer one. */
  revoked: boolean;
  /** The event's ticket the code stands for; null: none. */
  ticket: DoorTicket | null;
  /** Offline: no downloaded ticket matches, but the secret carries the event's valid signature. */
  signed?: boolean;
  /**
   * How the code was shown: a static secret, a rotating code of the current window, an expired one,
   * or (offline, where the MAC cannot be checked without a per-ticket key) an unverifiable one.
   */
  code: "static" | "current" | "expired" | "unverifiable";
  /**
   * The ticket holds the list's entry slot already. The server passes false and lets the claim's
   * primary key refuse the second entry (atomic across scanners); the offline scanner knows it.
   */
  admitted: boolean;
}

/** What an accepted scan does to the ticket's slot on the list. */
export type DoorClaim = "take" | "release" | null;

export type DoorDecision =
  | { status: "error"; reason: DoorReason }
  | { status: "ok"; claim: DoorClaim; unverified: boolean }
  /** Every earlier rule admits: the caller looks up `ticket.incomplete` and decides again. */
  | { status: "lookup" };

/** The slot an entry holds on a list: once ever, once a day, or while inside (an exit frees it). */
export function slotKind(rules: Pick<DoorRules, "entry_policy" | "exit_required">) {
  if (rules.entry_policy === "once") return "once" as const;
  if (rules.entry_policy === "daily") return "daily" as const;
  return rules.exit_required ? ("inside" as const) : null;
}

/** Whether a list admits a ticket's date and type, or which of the two it does not. */
export function scopeOf(
  ticket: Pick<DoorTicket, "date" | "ticket_type_id">,
  rules: Pick<DoorRules, "date" | "ticket_types">,
): "wrong_date" | "wrong_ticket_type" | null {
  if (rules.date !== null && ticket.date !== rules.date) return "wrong_date";
  if (rules.ticket_types.length > 0 && !rules.ticket_types.includes(ticket.ticket_type_id))
    return "wrong_ticket_type";
  return null;
}

/** The door's rules, in the order the answer names the first one that refuses. */
export function doorDecision(scan: DoorScan, rules: DoorRules): DoorDecision {
  const refuse = (reason: DoorReason): DoorDecision => ({ status: "error", reason });
  const ticket = scan.ticket;
  if (!ticket) {
    if (scan.revoked) return refuse("revoked");
    if (!scan.signed || scan.code !== "static") return refuse("unknown");
  } else {
    if (scan.code === "expired") return refuse("expired_code");
    if (scan.code === "unverifiable") return refuse("unknown");
    if (ticket.anonymized) return refuse("anonymized");
    if (ticket.status === "pending") return refuse("unpaid");
    if (ticket.status === "opposed") return refuse("opposed");
    if (ticket.status !== "paid") return refuse("cancelled");
    const scope = scopeOf(ticket, rules);
    if (scope !== null) return refuse(scope);
    if (ticket.asks_information) {
      if (ticket.incomplete === undefined) return { status: "lookup" };
      if (ticket.incomplete) return refuse("incomplete");
    }
  }
  const kind = slotKind(rules);
  const claim: DoorClaim =
    scan.type === "entry" ? (kind === null ? null : "take") : kind === "inside" ? "release" : null;
  if (claim === "take" && scan.admitted) return refuse("already_redeemed");
  return { status: "ok", claim, unverified: ticket === null };
}
