import type { FastifyInstance } from "fastify";
import { type LydiaCallback, receiveLydiaCallback } from "../../modules/payments/lydia/callbacks.js";
import type { AppContext } from "../../platform/context.js";
import { domainError } from "../../platform/errors.js";
import { parseMultipart } from "../../platform/http/multipart.js";
import { keepRawFormBodies } from "./raw-form.js";

/** Lydia's server callbacks (the buyer's pages and the token lookup are in web/). */
export function lydiaRoutes(ctx: AppContext) {
  const deps = { db: ctx.db, secrets: ctx.secrets, config: ctx.config };
  return async (app: FastifyInstance) => {
    await app.register(async (callbacks) => {
      keepRawFormBodies(callbacks);
      // Lydia may post its callbacks as multipart/form-data: kept as the same fields, form-encoded.
      callbacks.addContentTypeParser(
        "multipart/form-data",
        { parseAs: "buffer", bodyLimit: 64 * 1024 },
        (req, body, done) => {
          try {
            const parts = parseMultipart(body as Buffer, req.headers["content-type"] ?? "");
            const fields = Object.entries(parts).filter(
              (e): e is [string, string] => typeof e[1] === "string",
            );
            done(null, new URLSearchParams(fields).toString());
          } catch (error) {
            done(error as Error);
          }
        },
      );
      for (const kind of ["confirm", "cancel", "expire"] as const satisfies LydiaCallback[]) {
        callbacks.post(
          `/api/v1/payments/lydia/${kind}`,
          {
            config: { csrf: false },
            schema: {
              tags: ["payments"],
              summary: `Lydia's ${kind} callback: kept as received, its signature (md5 with the account's private token) checked, acted on once in the background`,
              security: [],
            },
          },
          async (req, reply) => {
            const raw = typeof req.body === "string" ? req.body : "";
            if (raw === "") throw domainError("empty_notification", "Empty callback", 400);
            await receiveLydiaCallback(deps, kind, raw);
            return reply.status(200).send({ status: "received" });
          },
        );
      }
    });
  };
}
