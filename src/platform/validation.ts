import { domainError } from "./errors.js";
import { checkOutboundUrl, OutboundRefused } from "./outbound.js";
import { isTimeZone } from "./time.js";

/**
 * What is wrong with one field. `message` is English for API clients (it reads after the field name:
 * "password: needs at least 10 characters"); `code` and `params` let pages say it in the reader's
 * language, with the field's own label (src/platform/i18n/messages/validation.ts).
 */
export interface FieldProblem {
  field: string;
  message: string;
  /** required, too_short, too_long, email, slug, one_of, int_range, date_time, date, after, taken, url, amount, time_zone, currency, invalid */
  code?: string;
  params?: Record<string, string | number>;
}

/** Every problem leaves with a code: one pushed without one is the generic "invalid". */
export function invalid(problems: FieldProblem[]) {
  const summary = problems.map((p) => `${p.field}: ${p.message}`).join("; ");
  const fields = problems.map((p) => ({ ...p, code: p.code ?? "invalid" }));
  return domainError("validation_failed", `Invalid input: ${summary}`, 400, { fields });
}

/** One field problem as its own error (a duplicate slug, an address already registered). */
export const fieldError = (code: string, message: string, status: number, problem: FieldProblem) =>
  domainError(code, message, status, { fields: [{ ...problem, code: problem.code ?? "invalid" }] });

/** Collects field problems so one request reports all of them at once. */
export class Checker {
  readonly problems: FieldProblem[] = [];

  problem(field: string, code: string, message: string, params?: FieldProblem["params"]): void {
    this.problems.push(params ? { field, code, message, params } : { field, code, message });
  }

  text(field: string, value: unknown, options: { min?: number; max?: number } = {}): string {
    const text = typeof value === "string" ? value.trim() : "";
    const min = options.min ?? 1;
    const max = options.max ?? 200;
    if (text.length < min)
      if (min === 1) this.problem(field, "required", "is required");
      else this.problem(field, "too_short", `needs at least ${min} characters`, { min });
    else if (text.length > max) this.problem(field, "too_long", `must be at most ${max} characters`, { max });
    return text;
  }

  optionalText(field: string, value: unknown, max = 200): string | null {
    if (value === undefined || value === null || (typeof value === "string" && value.trim() === ""))
      return null;
    return this.text(field, value, { max });
  }

  email(field: string, value: unknown): string {
    const email = typeof value === "string" ? value.trim().toLowerCase() : "";
    if (email === "") this.problem(field, "required", "is required");
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254)
      this.problem(field, "email", "must be an e-mail address");
    return email;
  }

  password(field: string, value: unknown): string {
    const password = typeof value === "string" ? value : "";
    if (password.length < 10) this.problem(field, "too_short", "needs at least 10 characters", { min: 10 });
    else if (password.length > 200)
      this.problem(field, "too_long", "must be at most 200 characters", { max: 200 });
    return password;
  }

  slug(field: string, value: unknown): string {
    const slug = typeof value === "string" ? value.trim().toLowerCase() : "";
    if (!/^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$/.test(slug))
      this.problem(field, "slug", "must be 1-50 lowercase letters, digits or dashes");
    return slug;
  }

  oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
    if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
    this.problem(field, "one_of", `must be one of ${allowed.join(", ")}`, { allowed: allowed.join(", ") });
    return allowed[0] as T;
  }

  optionalInt(field: string, value: unknown, min: number, max: number): number | null {
    if (value === undefined || value === null || value === "") return null;
    const n = typeof value === "number" ? value : Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      this.problem(field, "int_range", `must be a whole number from ${min} to ${max}`, { min, max });
      return null;
    }
    return n;
  }

  /** An instant (ISO 8601, with an offset or Z) as ISO UTC; null when optional and left empty. */
  dateTime(field: string, value: unknown, options: { required?: boolean } = {}): string | null {
    if (value === undefined || value === null || value === "") {
      if (options.required) this.problem(field, "required", "is required");
      return null;
    }
    const parsed = typeof value === "string" ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(parsed)) {
      this.problem(field, "date_time", "must be an ISO 8601 date-time");
      return null;
    }
    return new Date(parsed).toISOString();
  }

  /** An IANA time zone such as Europe/Berlin. */
  timeZone(field: string, value: unknown): string {
    const zone = typeof value === "string" ? value.trim() : "";
    if (zone === "") this.problem(field, "required", "is required");
    else if (!isTimeZone(zone))
      this.problem(field, "time_zone", "must be an IANA time zone like Europe/Berlin");
    return zone;
  }

  /**
   * A URL the platform will call for an organizer (src/platform/outbound.ts): http(s), no credentials,
   * not into the server's own network. Names are checked again, resolved, on every call.
   */
  outboundUrl(field: string, value: unknown): string {
    const text = this.text(field, value, { max: 500 });
    if (!text) return text;
    try {
      return checkOutboundUrl(text).toString();
    } catch (error) {
      this.problem(field, "url", error instanceof OutboundRefused ? error.message : "must be an http(s) URL");
      return text;
    }
  }

  optionalOutboundUrl(field: string, value: unknown): string | null {
    if (value === undefined || value === null || value === "") return null;
    return this.outboundUrl(field, value);
  }

  /** Throws one validation error listing every problem found so far. */
  done(): void {
    if (this.problems.length > 0) throw invalid(this.problems);
  }
}
