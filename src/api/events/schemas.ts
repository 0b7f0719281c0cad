import { Type } from "typebox";
import { Nullable } from "../../platform/http/schemas.js";

export const CreateEventBody = Type.Object({
  slug: Type.String({ pattern: "^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$" }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  is_series: Type.Optional(Type.Boolean({ description: "an event series with many dates (sub-events)" })),
  kind: Type.Optional(
    Type.Union([Type.Literal("single"), Type.Literal("series")], { description: "alternative to is_series" }),
  ),
  currency: Type.Optional(Type.String({ pattern: "^[A-Za-z]{3}$", description: "ISO 4217, default EUR" })),
  visibility: Type.Optional(
    Type.Union([Type.Literal("public"), Type.Literal("unlisted"), Type.Literal("audience")], {
      description:
        "public: listed; unlisted: only by link; audience: only people matching a restricted ticket type",
    }),
  ),
  one_order_per_person: Type.Optional(Type.Boolean({ description: "default: on for audience events" })),
  pending_minutes: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 43200, description: "how long a pending order holds its tickets" }),
  ),
  sponsorship_limit: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 1000,
      description: "restricted tickets a person may book for others (default 1)",
    }),
  ),
  payment_accounts: Type.Optional(
    Type.Array(Type.Integer(), {
      maxItems: 20,
      description: "ids of the organizer's payment accounts this event offers, in display order",
    }),
  ),
});

export const Event = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  name: Type.String(),
  is_series: Type.Boolean(),
  kind: Type.String(),
  currency: Type.String(),
  visibility: Type.String(),
  one_order_per_person: Type.Boolean(),
  pending_minutes: Type.Integer(),
  sponsorship_limit: Type.Integer(),
  created_at: Type.String(),
});

export const CreateDateBody = Type.Object({
  name: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  starts_at: Type.String({ format: "date-time" }),
  ends_at: Type.Optional(Nullable(Type.String({ format: "date-time" }))),
  location: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  meta: Type.Optional(
    Type.Record(Type.String(), Type.String(), { description: "free key/values, e.g. a room link" }),
  ),
  metadata: Type.Optional(Type.Record(Type.String(), Type.String(), { description: "alias of meta" })),
  requires_voucher: Type.Optional(Type.Boolean()),
});

export const EventDate = Type.Object({
  id: Type.Integer(),
  name: Nullable(Type.String()),
  starts_at: Type.String(),
  ends_at: Nullable(Type.String()),
  location: Nullable(Type.String()),
  meta: Type.Record(Type.String(), Type.String()),
  requires_voucher: Type.Boolean(),
});

export const EventSettingsBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  visibility: Type.Optional(
    Type.Union([Type.Literal("public"), Type.Literal("unlisted"), Type.Literal("audience")]),
  ),
  one_order_per_person: Type.Optional(Type.Boolean()),
  pending_minutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 43200 })),
  sponsorship_limit: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 1000,
      description: "restricted tickets a person may book for others (default 1)",
    }),
  ),
  payment_accounts: Type.Optional(
    Type.Array(Type.Integer(), {
      maxItems: 20,
      description: "ids of the organizer's payment accounts this event offers, in display order",
    }),
  ),
});
