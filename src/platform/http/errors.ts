import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isDatabaseUnavailable } from "../db/availability.js";
import { DomainError, isDomainError } from "../errors.js";
import { hasMessage } from "../i18n/index.js";
import { html } from "./html.js";
import { sendPage } from "./layout.js";

interface ErrorBody {
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
    const fields = e.validation.map((v) => ({ field: fieldOf(v), message: v.message ?? "is invalid" }));
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

export function sendError(req: FastifyRequest, reply: FastifyReply, error: unknown) {
  const { status, body } = toErrorBody(error);
  if (status === 503) reply.header("retry-after", "5");
  if (wantsJson(req)) return reply.status(status).type("application/json").send({ error: body });
  const key = `error.${body.code}`;
  const message = hasMessage(key) ? req.t(key) : body.message;
  return sendPage(req, reply, {
    status,
    title: req.t("error.title"),
    narrow: true,
    body: html`<h1>${req.t("error.title")}</h1><div class="alert error" role="alert">${message}</div>
      <p><a href="/">${req.t("error.home")}</a></p>`,
  });
}

export function installErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error, req, reply) => {
    const { status, body } = toErrorBody(error);
    // Only the error's kind and route: messages may echo input, and input may be personal.
    if (body.code === "database_unavailable")
      req.log.warn(
        {
          err: { type: (error as Error).name, code: (error as { code?: unknown }).code },
          route: req.routeOptions.url,
        },
        "database unavailable",
      );
    else if (status >= 500)
      req.log.error(
        { err: { type: (error as Error).name, stack: (error as Error).stack }, route: req.routeOptions.url },
        "request failed",
      );
    return sendError(req, reply, error);
  });
  app.setNotFoundHandler((req, reply) =>
    sendError(req, reply, new DomainError("not_found", "No such page or resource", 404)),
  );
}
