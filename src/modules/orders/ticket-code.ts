import { readableCode } from "../../platform/codes.js";

/**
 * The short ticket code printed under the QR (migration 0015): what door staff type when a QR code
 * will not scan, and the security code of an experience booking. 8 characters of the readable
 * alphabet (31^8, about 40 bits) make a guess hopeless behind the door's failure limit; the QR
 * secret stays the credential that scanners read.
 */
export const TICKET_CODE_LENGTH = 8;

/** A fresh code: a few random bytes, no database round trip (the unique index catches the rare clash). */
export const newTicketCode = () => readableCode(TICKET_CODE_LENGTH);

/** Grouped for reading aloud and typing: `K7QM4XPT` → `K7QM-4XPT`. */
export function formatTicketCode(code: string): string {
  const half = TICKET_CODE_LENGTH / 2;
  return code.length === TICKET_CODE_LENGTH ? `${code.slice(0, half)}-${code.slice(half)}` : code;
}

/**
 * What was typed, as stored: case, spaces and dashes do not matter. Undefined when the input cannot be
 * a typed code (a QR secret, a live code, a ticket number), so those never cost a lookup.
 */
export function typedTicketCode(input: string): string | undefined {
  const code = input.replace(/[\s-]/g, "").toUpperCase();
  return code.length === TICKET_CODE_LENGTH && /^[A-Z0-9]+$/.test(code) ? code : undefined;
}
