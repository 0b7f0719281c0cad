import { Type } from "typebox";
import { Nullable } from "../../platform/http/schemas.js";

const PriceMode = Type.Union(
  [
    Type.Literal("none"),
    Type.Literal("free"),
    Type.Literal("fixed"),
    Type.Literal("discount"),
    Type.Literal("percent"),
  ],
  {
    description:
      "none: only unlocks; free; fixed: price becomes value; discount: value off; percent: value % off",
  },
);

const VoucherFields = {
  max_usages: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: "default 1" })),
  date: Type.Optional(
    Nullable(Type.Integer({ minimum: 1, description: "one date of the series; absent: the whole series" })),
  ),
  ticket_type: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  valid_until: Type.Optional(Nullable(Type.String({ format: "date-time" }))),
  price_mode: Type.Optional(PriceMode),
  value: Type.Optional(Nullable(Type.Union([Type.String({ maxLength: 20 }), Type.Number()]))),
};

export const CreateVoucherBody = Type.Object({
  code: Type.Optional(
    Type.String({
      pattern: "^[A-Za-z0-9-]{3,40}$",
      description: "generated (readable, no ambiguous characters) when absent",
    }),
  ),
  ...VoucherFields,
});

export const BulkVoucherBody = Type.Object({
  count: Type.Integer({ minimum: 1, maximum: 10_000 }),
  prefix: Type.Optional(Type.String({ pattern: "^[A-Za-z0-9-]{0,20}$" })),
  ...VoucherFields,
});

export const Voucher = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  max_usages: Type.Integer(),
  used: Type.Integer(),
  date: Nullable(Type.Integer()),
  ticket_type: Nullable(Type.Integer()),
  valid_until: Nullable(Type.String()),
  price_mode: Type.String(),
  value: Nullable(Type.String()),
  link: Type.String({ description: "opens the booking page with the code filled in" }),
});
