import { Type } from "typebox";
import { Nullable } from "../../platform/http/schemas.js";
import { EventParams } from "../params.js";

/** Ids are database integers: larger numbers are refused before they reach a query. */
export const Id = (options: { description?: string } = {}) =>
  Type.Integer({ minimum: 1, maximum: 2_147_483_647, ...options });

export const ItemParams = Type.Object({ ...EventParams.properties, id: Id() });

/** The answer of a creation: the new row's id. */
export const Created = Type.Object({ id: Type.Integer() });

const Origin = Type.String({ maxLength: 300, description: "https://www.example.org" });

export const ProgrammeSchema = Type.Object({
  embed_origins: Type.Array(Type.String()),
  guest_name: Type.String(),
  guest_email: Type.String(),
  embed_url: Type.String(),
});

export const ProgrammeBody = Type.Object(
  {
    embed_origins: Type.Optional(
      Type.Array(Origin, { maxItems: 20, description: "who may frame the overview" }),
    ),
    guest_name: Type.Optional(Type.Union([Type.Literal("optional"), Type.Literal("required")])),
    guest_email: Type.Optional(Type.Union([Type.Literal("optional"), Type.Literal("required")])),
  },
  { additionalProperties: false },
);

export const ExhibitorBody = Type.Object(
  { name: Type.String({ maxLength: 200 }), email: Type.String({ maxLength: 254 }) },
  { additionalProperties: false },
);

export const ExhibitorSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  email: Type.String(),
  accepted: Type.Boolean(),
  invitation_link: Type.Optional(Type.String({ description: "returned once, on creation" })),
});

export const TicketSourceBody = Type.Object(
  {
    type: Type.Optional(Type.Union([Type.Literal("http"), Type.Literal("tessera")])),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    url: Type.Optional(Type.String({ maxLength: 2000, description: "http: the shop's ticket check" })),
    method: Type.Optional(Type.Union([Type.Literal("POST"), Type.Literal("PUT"), Type.Literal("GET")])),
    headers: Type.Optional(
      Type.Record(Type.String(), Type.String({ maxLength: 2000 }), {
        description: "e.g. an Authorization header; sealed at rest, never returned",
      }),
    ),
    allowances: Type.Record(Type.String(), Type.Integer({ minimum: 0, maximum: 1000 }), {
      description: 'kind → experiences a ticket may book, e.g. {"Gold":3,"Silver":2,"Bronze":1}',
    }),
    fields: Type.Optional(
      Type.Object(
        {
          number_field: Type.Optional(Type.String({ description: "request field, default ticket_number" })),
          code_field: Type.Optional(Type.String({ description: "request field, default security_code" })),
          valid_field: Type.Optional(Type.String({ description: "answer path, default valid" })),
          kind_field: Type.Optional(Type.String({ description: "answer path, default kind" })),
        },
        { additionalProperties: false },
      ),
    ),
    timeout_ms: Type.Optional(Type.Integer({ minimum: 100, maximum: 30000 })),
    tessera_event: Type.Optional(Type.String({ description: "tessera: event slug whose tickets count" })),
  },
  { additionalProperties: false },
);

export const TicketSourceSchema = Type.Object({
  id: Type.Integer(),
  type: Type.String(),
  name: Type.String(),
  settings: Type.Object({}, { additionalProperties: true }),
  header_names: Type.Array(Type.String()),
  allowances: Type.Record(Type.String(), Type.Integer()),
  created_at: Type.String(),
});

export const ExperienceBody = Type.Object(
  {
    title: Type.String({ maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    exhibitor: Type.Optional(Nullable(Id({ description: "exhibitor id (admins)" }))),
    location: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    language: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
  },
  { additionalProperties: false },
);

export const ExperiencePatch = Type.Partial(ExperienceBody, { additionalProperties: false });

export const SlotSchema = Type.Object({
  id: Type.Integer(),
  starts_at: Type.String(),
  ends_at: Type.String(),
  capacity: Type.Integer(),
  booked: Type.Integer(),
  free: Type.Integer(),
});

export const ExperienceSchema = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  description: Type.String(),
  location: Nullable(Type.String()),
  language: Nullable(Type.String()),
  exhibitor: Nullable(Type.Integer()),
  image_url: Nullable(Type.String()),
  slots: Type.Array(SlotSchema),
});

export const SlotBody = Type.Object(
  {
    starts_at: Type.String({ maxLength: 40 }),
    ends_at: Type.String({ maxLength: 40 }),
    capacity: Type.Integer({ minimum: 0, maximum: 100000 }),
  },
  { additionalProperties: false },
);

export const SlotPatch = Type.Partial(SlotBody, { additionalProperties: false });

export const BulkSlotBody = Type.Object(
  {
    from: Type.String({ maxLength: 40, description: "first start, e.g. 2031-06-01T10:00:00+02:00" }),
    until: Type.String({ maxLength: 40, description: "no slot ends after this" }),
    every_minutes: Type.Integer({ minimum: 5, maximum: 1440 }),
    duration_minutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440 })),
    capacity: Type.Integer({ minimum: 0, maximum: 100000 }),
  },
  { additionalProperties: false },
);

const TicketCredentials = {
  ticket_number: Type.String({ maxLength: 100 }),
  security_code: Type.String({ maxLength: 200 }),
};

export const BookingBody = Type.Object(
  {
    slot: Id(),
    ...TicketCredentials,
    name: Type.Optional(Type.String({ maxLength: 200 })),
    email: Type.Optional(Type.String({ maxLength: 254 })),
  },
  { additionalProperties: false },
);

export const TicketBody = Type.Object(TicketCredentials, { additionalProperties: false });

export const CreatedBooking = Type.Object({
  id: Type.Integer(),
  slot: Type.Integer(),
  ticket_number: Type.String(),
  kind: Type.String(),
  allowance: Type.Integer(),
  booked: Type.Integer({ description: "experiences this ticket number holds now" }),
  created_at: Type.String(),
});

export const TicketBookings = Type.Object({
  ticket_number: Type.String(),
  kind: Type.String(),
  allowance: Type.Integer(),
  booked: Type.Integer(),
  bookings: Type.Array(
    Type.Object({
      id: Type.Integer(),
      slot: Type.Integer(),
      experience: Type.Integer(),
      title: Type.String(),
      starts_at: Type.String(),
      ends_at: Type.String(),
    }),
  ),
});

export const BookingFilterQuery = Type.Object({
  exhibitor: Type.Optional(Id()),
  experience: Type.Optional(Id()),
  slot: Type.Optional(Id()),
});

export const BookingSchema = Type.Object({
  id: Type.Integer(),
  ticket_number: Type.String(),
  kind: Type.String(),
  name: Nullable(Type.String()),
  email: Nullable(Type.String()),
  booked_at: Type.String(),
  slot: Type.Integer(),
  starts_at: Type.String(),
  ends_at: Type.String(),
  experience: Type.Integer(),
  experience_title: Type.String(),
  exhibitor: Nullable(Type.Integer()),
  exhibitor_name: Nullable(Type.String()),
});

export const PerTicketSchema = Type.Array(
  Type.Object({
    ticket_number: Type.String(),
    kind: Type.String(),
    allowance: Type.Integer(),
    booked: Type.Integer(),
  }),
);
