import type { FastifyInstance } from "fastify";

/**
 * Provider callbacks must be checked against the bytes that were sent (PayPal posts them back verbatim;
 * Lydia signs the values): inside the calling plugin only, form bodies stay the raw string.
 */
export function keepRawFormBodies(app: FastifyInstance) {
  app.removeContentTypeParser("application/x-www-form-urlencoded");
  app.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string", bodyLimit: 64 * 1024 },
    (_req, body, done) => done(null, body),
  );
}
