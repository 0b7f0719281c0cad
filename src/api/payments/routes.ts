import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { findOrganizer } from "../../modules/organizers/service.js";
import {
  createPaymentAccount,
  listPaymentAccounts,
  type PaymentAccount,
  retirePaymentAccount,
} from "../../modules/payments/accounts.js";
import type { AppContext } from "../../platform/context.js";
import { errorResponses } from "../../platform/http/schemas.js";
import { OrganizerItemParams, OrganizerParams } from "../params.js";
import { lydiaRoutes } from "./lydia-routes.js";
import { paypalRoutes } from "./paypal-routes.js";
import { Account, AccountBody } from "./schemas.js";

const tags = ["payments"];

function presentAccount(account: PaymentAccount) {
  return {
    id: account.id,
    provider: account.provider,
    description: account.description,
    settings: Object.fromEntries(Object.entries(account.settings).map(([k, v]) => [k, String(v)])),
    created_at: account.created_at,
    retired_at: account.retired_at,
  };
}

export function paymentRoutes(ctx: AppContext) {
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    await app.register(paypalRoutes(ctx));
    await app.register(lydiaRoutes(ctx));
    const base = "/api/v1/organizers/:organizer/payment-accounts";

    app.post(
      base,
      {
        schema: {
          tags,
          summary:
            "Create a payment account (manual transfer, PayPal IPN or Lydia); it cannot be edited later",
          params: OrganizerParams,
          body: AccountBody,
          response: { 201: Account, ...errorResponses },
        },
      },
      async (req, reply) => {
        const organizer = await findOrganizer(ctx.db, req.actor, req.params.organizer);
        const account = await createPaymentAccount(ctx.db, ctx.secrets, req.actor, organizer.id, req.body);
        return reply.status(201).send(presentAccount(account));
      },
    );

    app.get(
      base,
      {
        schema: {
          tags,
          summary: "The organizer's payment accounts, retired ones included",
          params: OrganizerParams,
          response: { 200: Type.Array(Account), ...errorResponses },
        },
      },
      async (req) => {
        const organizer = await findOrganizer(ctx.db, req.actor, req.params.organizer);
        return (await listPaymentAccounts(ctx.db, req.actor, organizer.id)).map(presentAccount);
      },
    );

    app.post(
      `${base}/:id/retire`,
      {
        schema: {
          tags,
          summary: "Retire an account: no new order can choose it; payments under way still complete",
          params: OrganizerItemParams,
          response: { 200: Account, ...errorResponses },
        },
      },
      async (req) => {
        const organizer = await findOrganizer(ctx.db, req.actor, req.params.organizer);
        return presentAccount(await retirePaymentAccount(ctx.db, req.actor, organizer.id, req.params.id));
      },
    );
  };
}
