import { Type } from "typebox";
import { DATE_TEXTS, EVENT_TEXTS } from "../../modules/events/texts.js";
import { Nullable } from "../../platform/http/schemas.js";
import { TranslationsBody, TranslationsOut } from "../translations.js";

export const CreateEventBody = Type.Object({
  slug: Type.Optional(
    Type.String({
      pattern: "^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$",
      description: "left out: made from the name (umlauts spelled out, -2, -3 … while taken)",
    }),
  ),
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
  venue: Type.Optional(
    Nullable(
      Type.String({
        maxLength: 2000,
        description:
          "name and address, a few lines (at most 500 characters once trimmed); empty or null: none",
      }),
    ),
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
  test_mode: Type.Boolean({
    description: "orders placed now are test orders, left out of sales and exports",
  }),
  time_zone: Nullable(
    Type.String({ description: "IANA zone its dates are entered and shown in; null: the organizer's" }),
  ),
  venue: Type.String({ description: "name and address, lines separated by \\n; empty: none" }),
  description: Type.String({ description: "Markdown (PUT …/description), shown sanitised to buyers" }),
  cover_url: Nullable(
    Type.String({ description: "the cover picture on this server (PUT …/cover); null: none" }),
  ),
  created_at: Type.String(),
  translations: TranslationsOut(EVENT_TEXTS),
});

export const CreateDateBody = Type.Object({
  name: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  translations: Type.Optional(TranslationsBody(DATE_TEXTS)),
  starts_at: Type.String({ format: "date-time" }),
  ends_at: Type.Optional(Nullable(Type.String({ format: "date-time" }))),
  location: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  venue: Type.Optional(
    Nullable(
      Type.String({
        maxLength: 2000,
        description: "this date's own venue (a series on tour), a few lines; empty or null: the event's",
      }),
    ),
  ),
  meta: Type.Optional(
    Type.Record(Type.String(), Type.String(), { description: "free key/values, e.g. a room link" }),
  ),
  metadata: Type.Optional(Type.Record(Type.String(), Type.String(), { description: "alias of meta" })),
  requires_voucher: Type.Optional(Type.Boolean()),
});

export const EventDate = Type.Object({
  id: Type.Integer(),
  name: Nullable(Type.String()),
  translations: TranslationsOut(DATE_TEXTS),
  starts_at: Type.String(),
  ends_at: Nullable(Type.String()),
  location: Nullable(Type.String()),
  venue: Nullable(Type.String({ description: "its own venue; null: the event's" })),
  meta: Type.Record(Type.String(), Type.String()),
  requires_voucher: Type.Boolean(),
});

export const UpdateDateBody = Type.Object({
  name: Type.Optional(Nullable(Type.String({ maxLength: 200, description: "null or empty: no name" }))),
  translations: Type.Optional(TranslationsBody(DATE_TEXTS)),
  starts_at: Type.Optional(Type.String({ format: "date-time" })),
  ends_at: Type.Optional(Nullable(Type.String({ format: "date-time", description: "null: open end" }))),
  location: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  venue: Type.Optional(
    Nullable(
      Type.String({
        maxLength: 2000,
        description: "this date's own venue (a series on tour), a few lines; empty or null: the event's",
      }),
    ),
  ),
  meta: Type.Optional(
    Type.Record(Type.String(), Type.String(), { description: "replaces all key/values of the date" }),
  ),
  metadata: Type.Optional(Type.Record(Type.String(), Type.String(), { description: "alias of meta" })),
  requires_voucher: Type.Optional(Type.Boolean()),
});

const LocalTime = (description: string) =>
  Type.String({ pattern: "^([01]\\d|2[0-3]):[0-5]\\d$", description });

export const RecurringDatesBody = Type.Object({
  weekdays: Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), {
    minItems: 1,
    maxItems: 7,
    description: "ISO weekdays: 1 = Monday … 7 = Sunday",
  }),
  time: LocalTime(
    "start, HH:MM wall-clock time in the event's time zone (kept across daylight-saving changes)",
  ),
  end_time: Type.Optional(
    LocalTime("end, HH:MM in the event's time zone; not after the start: the next day. Or duration_minutes"),
  ),
  duration_minutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 10080 })),
  from: Type.String({ format: "date", description: "first day (YYYY-MM-DD), inclusive" }),
  until: Type.String({ format: "date", description: "last day (YYYY-MM-DD), inclusive" }),
  name: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  location: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  requires_voucher: Type.Optional(Type.Boolean()),
  preview: Type.Optional(
    Type.Boolean({ description: "true: answer with the dates the rule makes, without saving them" }),
  ),
});

const PlannedDate = Type.Object({
  id: Nullable(Type.Integer({ description: "null in a preview" })),
  name: Nullable(Type.String()),
  starts_at: Type.String(),
  ends_at: Nullable(Type.String()),
  location: Nullable(Type.String()),
  meta: Type.Record(Type.String(), Type.String()),
  requires_voucher: Type.Boolean(),
});

export const RecurringDatesResult = Type.Object({
  preview: Type.Boolean(),
  time_zone: Type.String({ description: "the zone the rule's times were read in" }),
  dates: Type.Array(PlannedDate, { description: "created (or, in a preview, to be created), by time" }),
  skipped: Type.Array(Type.String(), {
    description: "start times the event already has a date at; the rule leaves them alone",
  }),
});

export const EventSettingsBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  translations: Type.Optional(TranslationsBody(EVENT_TEXTS)),
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
  test_mode: Type.Optional(
    Type.Boolean({
      description: "on: orders placed from now on are test orders; off deletes nothing",
    }),
  ),
  time_zone: Type.Optional(
    Nullable(
      Type.String({
        maxLength: 64,
        description: "IANA zone like Europe/Berlin; null or empty: follow the organizer's",
      }),
    ),
  ),
  venue: Type.Optional(
    Nullable(
      Type.String({
        maxLength: 2000,
        description:
          "name and address, a few lines (at most 500 characters once trimmed); empty or null: none",
      }),
    ),
  ),
  payment_accounts: Type.Optional(
    Type.Array(Type.Integer(), {
      maxItems: 20,
      description: "ids of the organizer's payment accounts this event offers, in display order",
    }),
  ),
});
