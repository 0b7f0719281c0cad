import { Type } from "typebox";
import { Nullable } from "../../platform/http/schemas.js";

export const AccountBody = Type.Object(
  {
    provider: Type.Union([
      Type.Literal("manual"),
      Type.Literal("paypal"),
      Type.Literal("lydia"),
      Type.Literal("stripe"),
    ]),
    description: Type.String({
      minLength: 1,
      maxLength: 200,
      description: "shown to buyers when they choose",
    }),
    email: Type.Optional(Type.String({ description: "paypal: the receiving PayPal account" })),
    sandbox: Type.Optional(Type.Boolean({ description: "paypal: use PayPal's sandbox endpoints" })),
    verify_url: Type.Optional(
      Type.String({ description: "paypal: where IPN messages are verified (default: PayPal live)" }),
    ),
    checkout_url: Type.Optional(
      Type.String({ description: "paypal: where the payment form posts (default: PayPal live)" }),
    ),
    vendor_token: Type.Optional(Type.String({ description: "lydia: the account's public (vendor) token" })),
    private_token: Type.Optional(Type.String({ description: "lydia: the private token; stored sealed" })),
    api_url: Type.Optional(
      Type.String({ description: "lydia, stripe: API base URL (default: the provider's live API)" }),
    ),
    publishable_key: Type.Optional(Type.String({ description: "stripe: the publishable key (pk_…)" })),
    secret_key: Type.Optional(
      Type.String({
        description: "stripe: the secret key (sk_… or rk_…); sk_test_ means test mode; stored sealed",
      }),
    ),
    webhook_secret: Type.Optional(
      Type.String({ description: "stripe: the webhook endpoint's signing secret (whsec_…); stored sealed" }),
    ),
    instructions: Type.Optional(
      Type.String({ maxLength: 2000, description: "manual: bank-transfer instructions shown to the buyer" }),
    ),
  },
  { additionalProperties: false },
);

export const Account = Type.Object({
  id: Type.Integer(),
  provider: Type.String(),
  description: Type.String(),
  settings: Type.Record(Type.String(), Type.String(), {
    description: "public settings; secrets are never returned",
  }),
  created_at: Type.String(),
  retired_at: Nullable(Type.String()),
});
