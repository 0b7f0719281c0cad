import { Type } from "typebox";
import { TICKET_TYPE_TEXTS } from "../../modules/catalog/service.js";
import { Nullable } from "../../platform/http/schemas.js";
import { TranslationsBody, TranslationsOut } from "../translations.js";

const Money = Type.Union(
  [Type.String({ pattern: "^\\d{1,9}([.,]\\d{1,2})?$" }), Type.Number({ minimum: 0 })],
  { description: 'decimal string like "12.50"' },
);

const AudienceSchema = Type.Object({
  school: Type.Optional(Nullable(Type.String({ maxLength: 120 }))),
  class_year: Type.Optional(Nullable(Type.Integer({ minimum: 1900, maximum: 2200 }))),
  membership: Type.Optional(Nullable(Type.String({ maxLength: 120 }))),
});

export const CreateTicketTypeBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  price: Money,
  restricted: Type.Optional(
    Type.Boolean({ description: "fixed at creation; restricted types need audiences" }),
  ),
  audiences: Type.Optional(
    Type.Array(AudienceSchema, { description: "anyone matching one audience (all its attributes) may book" }),
  ),
  sales_start: Type.Optional(Nullable(Type.String({ format: "date-time" }))),
  sales_end: Type.Optional(Nullable(Type.String({ format: "date-time" }))),
  max_per_order: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1000 }))),
  requires_voucher: Type.Optional(Type.Boolean()),
  allow_sponsorship: Type.Optional(
    Type.Boolean({ description: "restricted types only; unrestricted always allow it" }),
  ),
  translations: Type.Optional(TranslationsBody(TICKET_TYPE_TEXTS)),
});

export const UpdateTicketTypeBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  price: Type.Optional(Money),
  restricted: Type.Optional(
    Type.Boolean({ description: "false lifts the restriction; only while the type has no orders" }),
  ),
  audiences: Type.Optional(
    Type.Array(AudienceSchema, { description: "replaces the audiences; only while the type has no orders" }),
  ),
  sales_start: Type.Optional(Nullable(Type.String({ format: "date-time", description: "null: no start" }))),
  sales_end: Type.Optional(Nullable(Type.String({ format: "date-time", description: "null: no end" }))),
  max_per_order: Type.Optional(
    Nullable(Type.Integer({ minimum: 1, maximum: 1000, description: "null: no limit" })),
  ),
  requires_voucher: Type.Optional(Type.Boolean()),
  allow_sponsorship: Type.Optional(
    Type.Boolean({ description: "restricted types only; unrestricted always allow it" }),
  ),
  translations: Type.Optional(TranslationsBody(TICKET_TYPE_TEXTS)),
});

export const TicketType = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  price: Type.String(),
  restricted: Type.Boolean(),
  audiences: Type.Array(
    Type.Object({
      school: Nullable(Type.String()),
      class_year: Nullable(Type.Integer()),
      membership: Nullable(Type.String()),
    }),
  ),
  sales_start: Nullable(Type.String()),
  sales_end: Nullable(Type.String()),
  max_per_order: Nullable(Type.Integer()),
  requires_voucher: Type.Boolean(),
  allow_sponsorship: Type.Boolean(),
  translations: TranslationsOut(TICKET_TYPE_TEXTS),
});

export const CreateQuotaBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  size: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
  ticket_types: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1 }),
  date: Type.Optional(
    Nullable(Type.Integer({ minimum: 1, description: "a date of the series; absent: all dates together" })),
  ),
});

export const Quota = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  size: Type.Integer(),
  taken: Type.Integer(),
  available: Type.Integer(),
  date: Nullable(Type.Integer()),
  ticket_types: Type.Array(Type.Integer()),
});
