import { type FailureLimit, recordFailure, refuseIfTooManyFailures } from "../../../platform/attempts.js";
import type { Actor } from "../../../platform/auth/actor.js";
import { authorize } from "../../../platform/auth/policy.js";
import type { Db } from "../../../platform/db/index.js";
import { isDomainError } from "../../../platform/errors.js";
import { Checker } from "../../../platform/validation.js";
import { LYDIA_LIVE_API } from "../accounts.js";
import { businessAccounts } from "./client.js";

// Our server must not become a way to guess someone's Lydia password.
const LOGIN_LIMIT: FailureLimit = { scope: "lydia-login", max: 5 };

const actorKey = (actor: Actor) =>
  actor.kind === "user"
    ? `user:${actor.user.id}`
    : actor.kind === "token"
      ? `token:${actor.tokenId}`
      : actor.kind;

function apiUrl(check: Checker, value: unknown): string {
  if (value === undefined || value === null || value === "") return LYDIA_LIVE_API;
  const text = check.text("api_url", value, { max: 500 });
  try {
    const url = new URL(text);
    if (url.protocol === "https:" || url.protocol === "http:") return url.toString().replace(/\/$/, "");
  } catch {
    // reported below
  }
  check.problems.push({ field: "api_url", message: "must be an http(s) URL" });
  return LYDIA_LIVE_API;
}

export interface TokenQuery {
  phone?: unknown;
  password?: unknown;
  api_url?: unknown;
}

/**
 * Seed 003: an organizer gets the tokens of their Lydia business accounts from the phone number and
 * password of the Lydia account (Lydia's api/auth/login.json). Nothing is stored: the organizer then
 * creates a payment account with the pair they choose. The password is never kept or logged.
 */
export async function fetchLydiaTokens(db: Db, actor: Actor, organizerId: number, input: TokenQuery) {
  authorize(actor, "organizer.manage", { type: "organizer", organizerId });
  const check = new Checker();
  const phone = check.text("phone", input.phone, { min: 6, max: 25 }).replace(/[\s.()-]/g, "");
  const password = typeof input.password === "string" ? input.password : "";
  if (password === "" || password.length > 200) check.problem("password", "required", "is required");
  const url = apiUrl(check, input.api_url);
  check.done();
  const subject = [{ limit: LOGIN_LIMIT, subject: `${actorKey(actor)}:${phone}` }];
  await refuseIfTooManyFailures(db, subject, "Too many failed Lydia logins; try again later");
  try {
    return { apiUrl: url, accounts: await businessAccounts(url, phone, password) };
  } catch (error) {
    if (isDomainError(error) && error.code === "lydia_login_failed") await recordFailure(db, subject);
    throw error;
  }
}
