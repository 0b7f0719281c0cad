import type { FastifyInstance } from "fastify";
import { receiveIpn } from "../../modules/payments/paypal/ipn.js";
import type { AppContext } from "../../platform/context.js";
import { domainError } from "../../platform/errors.js";
import { keepRawFormBodies } from "./raw-form.js";

export function paypalRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    keepRawFormBodies(app);
    app.post(
      "/api/v1/payments/paypal/ipn",
      {
        config: { csrf: false },
        schema: {
          tags: ["payments"],
          summary:
            "PayPal IPN listener: kept as received, answered 200 at once, verified with PayPal (cmd=_notify-validate) in the background",
          security: [],
        },
      },
      async (req, reply) => {
        const raw = typeof req.body === "string" ? req.body : "";
        if (raw === "") throw domainError("empty_notification", "Empty IPN message", 400);
        await receiveIpn(ctx.db, raw);
        return reply.status(200).send();
      },
    );
  };
}
