import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { receiveStripeWebhook } from "../../modules/payments/stripe/webhooks.js";
import type { AppContext } from "../../platform/context.js";
import { domainError } from "../../platform/errors.js";
import { errorResponses } from "../../platform/http/schemas.js";

/** Stripe's webhook per payment account (the buyer's pages and the refund are in web/). */
export function stripeRoutes(ctx: AppContext) {
  const deps = { db: ctx.db, secrets: ctx.secrets, config: ctx.config };
  return async (app: FastifyInstance) => {
    // The signature covers the exact bytes sent: inside this plugin only, JSON bodies stay the raw string.
    app.removeContentTypeParser("application/json");
    app.addContentTypeParser(
      "application/json",
      { parseAs: "string", bodyLimit: 256 * 1024 },
      (_req, body, done) => done(null, body),
    );
    app.post<{ Params: { organizer: string } }>(
      "/api/v1/payments/stripe/webhook/:organizer",
      {
        config: { csrf: false },
        schema: {
          tags: ["payments"],
          summary:
            "Stripe's webhook endpoint of one organizer (its slug), for all its Stripe accounts: the Stripe-Signature (HMAC-SHA256 with the endpoint secret, five minutes' tolerance) is checked over the raw body; each event is applied once",
          security: [],
          params: Type.Object({ organizer: Type.String({ minLength: 1, maxLength: 100 }) }),
          response: {
            200: Type.Object({ received: Type.Boolean(), result: Type.String() }),
            ...errorResponses,
          },
        },
      },
      async (req) => {
        const raw = typeof req.body === "string" ? req.body : "";
        if (raw === "") throw domainError("empty_notification", "Empty event", 400);
        const header = req.headers["stripe-signature"];
        const result = await receiveStripeWebhook(
          deps,
          req.params.organizer,
          raw,
          Array.isArray(header) ? header.join(",") : header,
        );
        return { received: true, result };
      },
    );
  };
}
