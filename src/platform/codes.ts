import { randomInt } from "node:crypto";

/** Readable codes: no 0/O, 1/I/L, so people can read them out and type them from paper. */
export const READABLE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

export function readableCode(length: number): string {
  return randomCode(READABLE_ALPHABET, length);
}

/** `length` characters drawn uniformly and independently from `alphabet` (crypto RNG). */
export function randomCode(alphabet: string, length: number): string {
  let code = "";
  for (let i = 0; i < length; i++) code += alphabet[randomInt(alphabet.length)];
  return code;
}
