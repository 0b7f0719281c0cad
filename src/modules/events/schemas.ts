import { Type } from "typebox";

export const EventParams = Type.Object({
  organizer: Type.String({ maxLength: 50 }),
  event: Type.String({ maxLength: 50 }),
});

export const CreateEventBody = Type.Object({
  slug: Type.String({ pattern: "^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$" }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  kind: Type.Optional(
    Type.Union([Type.Literal("single"), Type.Literal("series")], {
      description: "series: an event series with many dates",
    }),
  ),
});

export const Event = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  created_at: Type.String(),
});

export const CreateDateBody = Type.Object({
  starts_at: Type.String({ format: "date-time" }),
  ends_at: Type.Optional(Type.Union([Type.String({ format: "date-time" }), Type.Null()])),
  location: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  metadata: Type.Optional(
    Type.Record(Type.String(), Type.String(), { description: "free key/values, e.g. a room link" }),
  ),
});

export const EventDate = Type.Object({
  id: Type.Integer(),
  starts_at: Type.String(),
  ends_at: Type.Union([Type.String(), Type.Null()]),
  location: Type.Union([Type.String(), Type.Null()]),
  metadata: Type.Record(Type.String(), Type.String()),
});
