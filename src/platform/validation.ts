import { domainError } from "./errors.js";
import { checkOutboundUrl, OutboundRefused } from "./outbound.js";

export interface FieldProblem {
  field: string;
  message: string;
}

export function invalid(problems: FieldProblem[]) {
  const summary = problems.map((p) => `${p.field}: ${p.message}`).join("; ");
  return domainError("validation_failed", `Invalid input: ${summary}`, 400, { fields: problems });
}

/** Collects field problems so one request reports all of them at once. */
export class Checker {
  readonly problems: FieldProblem[] = [];

  text(field: string, value: unknown, options: { min?: number; max?: number } = {}): string {
    const text = typeof value === "string" ? value.trim() : "";
    const min = options.min ?? 1;
    const max = options.max ?? 200;
    if (text.length < min)
      this.problems.push({ field, message: min === 1 ? "is required" : `needs at least ${min} characters` });
    else if (text.length > max) this.problems.push({ field, message: `must be at most ${max} characters` });
    return text;
  }

  optionalText(field: string, value: unknown, max = 200): string | null {
    if (value === undefined || value === null || (typeof value === "string" && value.trim() === ""))
      return null;
    return this.text(field, value, { max });
  }

  email(field: string, value: unknown): string {
    const email = typeof value === "string" ? value.trim().toLowerCase() : "";
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) {
      this.problems.push({ field, message: "must be an e-mail address" });
    }
    return email;
  }

  password(field: string, value: unknown): string {
    const password = typeof value === "string" ? value : "";
    if (password.length < 10) this.problems.push({ field, message: "needs at least 10 characters" });
    else if (password.length > 200) this.problems.push({ field, message: "must be at most 200 characters" });
    return password;
  }

  slug(field: string, value: unknown): string {
    const slug = typeof value === "string" ? value.trim().toLowerCase() : "";
    if (!/^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$/.test(slug)) {
      this.problems.push({ field, message: "must be 1-50 lowercase letters, digits or dashes" });
    }
    return slug;
  }

  oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
    if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
    this.problems.push({ field, message: `must be one of ${allowed.join(", ")}` });
    return allowed[0] as T;
  }

  optionalInt(field: string, value: unknown, min: number, max: number): number | null {
    if (value === undefined || value === null || value === "") return null;
    const n = typeof value === "number" ? value : Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      this.problems.push({ field, message: `must be a whole number from ${min} to ${max}` });
      return null;
    }
    return n;
  }

  /** Throws one validation error listing every problem found so far. */
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
      this.problems.push({
        field,
        message: error instanceof OutboundRefused ? error.message : "must be an http(s) URL",
      });
      return text;
    }
  }

  optionalOutboundUrl(field: string, value: unknown): string | null {
    if (value === undefined || value === null || value === "") return null;
    return this.outboundUrl(field, value);
  }

  done(): void {
    if (this.problems.length > 0) throw invalid(this.problems);
  }
}
