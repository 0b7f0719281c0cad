import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { DomainError } from "../../platform/errors.js";
import { toErrorBody, wantsJson } from "../../platform/http/errors.js";
import { html } from "../../platform/http/html.js";
import { hasMessage } from "../../platform/i18n/index.js";
import { sendPage } from "./layout.js";

/** An error as JSON to API clients, as a page to people in a browser. */
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
