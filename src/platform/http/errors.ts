import type { FastifyError, FastifyRequest } from "fastify";
import { isDatabaseUnavailable } from "../db/availability.js";
import { isDomainError } from "../errors.js";

export interface ErrorBody {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** API clients get JSON; people in a browser get a page. */
export function wantsJson(req: FastifyRequest): boolean {
  if (req.url.startsWith("/api/") || req.url === "/healthz") return true;
  // Browsers always ask for text/html; scripts and API clients rarely do.
  return !(req.headers.accept ?? "").includes("text/html");
}

function fieldOf(v: { instancePath?: string; params?: Record<string, unknown> }): string {
  const missing = v.params?.missingProperty ?? v.params?.additionalProperty;
  const path = (v.instancePath ?? "").replace(/^\//, "").replaceAll("/", ".");
  return [path, typeof missing === "string" ? missing : ""].filter(Boolean).join(".") || "body";
}

type SchemaProblem = { keyword?: string; params?: Record<string, unknown> };
const limit = (v: SchemaProblem) => Number(v.params?.limit);
// The schema's keyword as the stable code pages and clients switch on, like the domain's checks.
const SCHEMA_CODES: Record<string, (v: SchemaProblem) => { code: string; params?: Record<string, number> }> =
  {
    required: () => ({ code: "required" }),
    minLength: (v) =>
      limit(v) <= 1 ? { code: "required" } : { code: "too_short", params: { min: limit(v) } },
    maxLength: (v) => ({ code: "too_long", params: { max: limit(v) } }),
    minimum: (v) => ({ code: "too_small", params: { min: limit(v) } }),
    maximum: (v) => ({ code: "too_large", params: { max: limit(v) } }),
    format: (v) => ({ code: v.params?.format === "email" ? "email" : "invalid" }),
    enum: () => ({ code: "one_of" }),
    anyOf: () => ({ code: "one_of" }),
  };
const schemaCode = (v: SchemaProblem) => SCHEMA_CODES[v.keyword ?? ""]?.(v) ?? { code: "invalid" };

/** Maps anything thrown into the stable error shape. Unknown errors become a bare 500 with no detail. */
export function toErrorBody(error: unknown): { status: number; body: ErrorBody } {
  if (isDomainError(error)) {
    return {
      status: error.httpStatus,
      body: { code: error.code, message: error.message, details: error.details },
    };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      status: 503,
      body: { code: "database_unavailable", message: "The database is not available; try again shortly" },
    };
  }
  const e = error as FastifyError;
  if (e?.validation) {
    const fields = e.validation.map((v) => ({
      field: fieldOf(v),
      message: v.message ?? "is invalid",
      ...schemaCode(v),
    }));
    return {
      status: 400,
      body: {
        code: "validation_failed",
        message: `Invalid ${e.validationContext ?? "input"}`,
        details: { fields },
      },
    };
  }
  const status = typeof e?.statusCode === "number" ? e.statusCode : 500;
  if (status === 415)
    return { status, body: { code: "unsupported_media_type", message: "Unsupported content type" } };
  if (status === 413)
    return { status, body: { code: "payload_too_large", message: "The request body is too large" } };
  if (status === 429) return { status, body: { code: "rate_limited", message: "Too many requests" } };
  if (status >= 400 && status < 500)
    return { status, body: { code: "bad_request", message: "The request could not be read" } };
  return { status: 500, body: { code: "internal_error", message: "Something went wrong on our side" } };
}
