import { Checker } from "../../platform/validation.js";

const TRUE = new Set(["true", "True", "1", "yes", "on", "t", "y"]);
const FALSE = new Set(["false", "False", "0", "no", "off", "f", "n", ""]);

/** A body field as JSON or form-encoded sends it (forms repeat names into arrays: the last one wins). */
function read(body: unknown, name: string): unknown {
  if (typeof body !== "object" || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  const repeated = Array.isArray(value) && value.every((v) => typeof v === "string");
  return repeated ? value.at(-1) : value;
}

export interface SeedLookupInput {
  authCode: string;
  municipalityId: number;
  allGuests: boolean;
}

/**
 * Seed 001's request: `auth_code` (string), `gemeinde_id` (number or digits), optional `get_all`
 * (boolean; forms send "true"). Missing or malformed fields are a 400 naming them.
 */
export function parseSeedLookup(body: unknown): SeedLookupInput {
  const check = new Checker();
  const rawCode = read(body, "auth_code");
  const authCode =
    typeof rawCode === "number" ? String(rawCode) : check.text("auth_code", rawCode, { max: 100 });
  const rawId = read(body, "gemeinde_id");
  const municipalityId = Number(typeof rawId === "string" ? rawId.trim() : rawId);
  if (rawId === undefined || rawId === null || rawId === "")
    check.problem("gemeinde_id", "required", "is required");
  else if (
    (typeof rawId !== "number" && typeof rawId !== "string") ||
    !Number.isInteger(municipalityId) ||
    municipalityId < 1 ||
    municipalityId > 2_147_483_647
  )
    check.problems.push({ field: "gemeinde_id", message: "must be a whole number" });
  const rawAll = read(body, "get_all");
  let allGuests = false;
  if (typeof rawAll === "boolean") allGuests = rawAll;
  else if (typeof rawAll === "string" && TRUE.has(rawAll.trim())) allGuests = true;
  else if (
    rawAll !== undefined &&
    rawAll !== null &&
    !(typeof rawAll === "string" && FALSE.has(rawAll.trim()))
  )
    check.problems.push({ field: "get_all", message: "must be true or false" });
  check.done();
  return { authCode, municipalityId, allGuests };
}

/** `username` and `password` of token-auth, from JSON or a form. */
export function parseCredentials(body: unknown): { username: unknown; password: unknown } {
  return { username: read(body, "username"), password: read(body, "password") };
}

/** `token` of token-refresh and token-verify. */
export const parseToken = (body: unknown): unknown => read(body, "token");
