import { Type } from "typebox";
import { Nullable } from "../../platform/http/schemas.js";

const OrderStatus = Type.Union([
  Type.Literal("pending"),
  Type.Literal("paid"),
  Type.Literal("cancelled"),
  Type.Literal("expired"),
  Type.Literal("opposed"),
]);

export const PlaceOrderBody = Type.Object({
  email: Type.Optional(
    Type.String({ format: "email", maxLength: 254, description: "defaults to the logged-in account's" }),
  ),
  voucher: Type.Optional(Type.String({ maxLength: 40 })),
  positions: Type.Array(
    Type.Object({
      ticket_type: Type.Integer({ minimum: 1 }),
      date: Type.Optional(
        Nullable(Type.Integer({ minimum: 1, description: "required for an event series" })),
      ),
      options: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }))),
      attendee_name: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    }),
    { minItems: 1, maxItems: 100 },
  ),
});

export const Order = Type.Object({
  code: Type.String({ description: "booking code: short, readable, unique" }),
  status: OrderStatus,
  email: Type.String(),
  total: Type.String(),
  currency: Type.String(),
  created_at: Type.String(),
  expires_at: Nullable(Type.String()),
  paid_at: Nullable(Type.String()),
  cancelled_at: Nullable(Type.String()),
  opposed_at: Nullable(Type.String()),
  anonymized: Type.Boolean({
    description: "the buyer's personal data was erased; e-mail and their tickets' names read Anonymous",
  }),
  test_mode: Type.Boolean({
    description: "placed while the event was in test mode: not real, left out of sales and exports",
  }),
  positions: Type.Array(
    Type.Object({
      id: Type.Integer(),
      ticket_type: Type.Integer(),
      ticket_type_name: Type.String(),
      date: Nullable(Type.Integer()),
      price: Type.String(),
      attendee_name: Nullable(Type.String()),
      secret: Type.String({ description: "unguessable; what the QR code carries" }),
      valid: Type.Boolean({ description: "only tickets of paid orders admit (and not erased ones)" }),
      options: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), price: Type.String() }), {
        description: "the options chosen, with their name and price at booking time",
      }),
    }),
  ),
  payments: Type.Array(
    Type.Object({
      id: Type.Integer(),
      provider: Type.String({ description: "free, manual, paypal or lydia" }),
      status: Type.String({
        description: "created, pending, completed, failed, cancelled, refunded or reversed",
      }),
      amount: Type.String(),
      currency: Type.String(),
      reference: Nullable(Type.String({ description: "the provider's transaction or request id" })),
      created_at: Type.String(),
      updated_at: Type.String(),
    }),
    { description: "every payment attempt and its outcome, oldest first" },
  ),
});

export const GiveBody = Type.Object({
  email: Type.String({
    format: "email",
    maxLength: 254,
    description: "the account that receives the tickets",
  }),
  voucher: Type.Optional(Type.String({ maxLength: 40 })),
  positions: PlaceOrderBody.properties.positions,
});

export const OpposeBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) });

export const OrderListQuery = Type.Object({
  status: Type.Optional(
    Type.Union(["pending", "paid", "cancelled", "expired", "opposed"].map((s) => Type.Literal(s))),
  ),
  q: Type.Optional(Type.String({ maxLength: 100, description: "booking code or e-mail" })),
  date: Type.Optional(Type.Integer({ minimum: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});
