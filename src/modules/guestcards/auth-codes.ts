import { randomCode } from "../../platform/codes.js";

/** Seed 001: auth codes are always 8 characters of this alphabet (no i, l, o: easy to read out). */
export const AUTH_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz1234567890";
export const AUTH_CODE_LENGTH = 8;
const SHAPE = new RegExp(`^[${AUTH_CODE_ALPHABET}]{${AUTH_CODE_LENGTH}}$`);

/**
 * A fresh auth code: 8 independent draws from the crypto RNG (33^8 ≈ 1.4 × 10^12 codes), never derived
 * from ids, so knowing one guest's code tells nothing about another's. Uniqueness is the database's job
 * (a unique index); the caller draws again on the rare collision.
 */
export function newAuthCode(): string {
  return randomCode(AUTH_CODE_ALPHABET, AUTH_CODE_LENGTH);
}

/** What people type: case and surrounding spaces do not matter. */
export function normalizeAuthCode(sent: string): string {
  return sent.trim().toLowerCase();
}

export function looksLikeAuthCode(code: string): boolean {
  return SHAPE.test(code);
}
