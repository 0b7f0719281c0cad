import { Type } from "typebox";
import { Nullable } from "../../platform/http/schemas.js";

const SLUG = "^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$";
const Level = Type.Union(
  [Type.Literal("view"), Type.Literal("checkin"), Type.Literal("orders"), Type.Literal("full")],
  {
    description:
      "view (lists, exports) < checkin (scan) < orders (edit orders, validate, mark paid) < full (edit event, tickets, admins)",
  },
);

const TimeZone = Type.String({ maxLength: 100, description: "IANA time zone, e.g. Europe/Berlin" });
export const CreateOrganizerBody = Type.Object({
  slug: Type.Optional(
    Type.String({
      pattern: SLUG,
      description:
        "lowercase letters, digits, dashes; left out: made from the name (ä → ae, -2, -3 … while taken)",
    }),
  ),
  name: Type.String({ minLength: 1, maxLength: 120 }),
  time_zone: Type.Optional(TimeZone),
});
export const UpdateOrganizerBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
  time_zone: Type.Optional(TimeZone),
});
export const Organizer = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  name: Type.String(),
  time_zone: Type.String({
    description: "the zone its events' times are shown in (default: the platform's)",
  }),
  created_at: Type.String(),
});

export const CreateTokenBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 120 }),
  level: Type.Optional(Level),
});
export const CreatedToken = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  level: Type.String(),
  created_at: Type.String(),
  token: Type.String({ description: "Shown once; only a hash is stored" }),
});
export const ApiToken = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  level: Type.String(),
  created_at: Type.String(),
  last_used_at: Nullable(Type.String()),
  revoked_at: Nullable(Type.String()),
});

export const Member = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  email: Type.String(),
  role: Type.String(),
  created_at: Type.String(),
});
export const InviteBody = Type.Object({
  email: Type.String({ format: "email", maxLength: 254 }),
  role: Type.Optional(Type.Union([Type.Literal("member"), Type.Literal("owner")])),
});
export const Invitation = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  role: Type.String(),
  expires_at: Type.String(),
});

export const GrantBody = Type.Object({
  level: Level,
  grantee: Type.Union([Type.Literal("user"), Type.Literal("members"), Type.Literal("audience")], {
    description:
      "user: one account (email); members: every member of the organizer; audience: internal accounts matching all given attributes",
  }),
  email: Type.Optional(Type.String({ format: "email" })),
  event_id: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  audience_school: Type.Optional(Nullable(Type.String({ maxLength: 120 }))),
  audience_class_year: Type.Optional(Nullable(Type.Integer({ minimum: 1900, maximum: 2200 }))),
  audience_membership: Type.Optional(Nullable(Type.String({ maxLength: 120 }))),
});
export const Grant = Type.Object({
  id: Type.Integer(),
  level: Type.String(),
  grantee: Type.String(),
  event_id: Nullable(Type.Integer()),
  user_email: Type.Optional(Nullable(Type.String())),
  audience_school: Nullable(Type.String()),
  audience_class_year: Nullable(Type.Integer()),
  audience_membership: Nullable(Type.String()),
  created_at: Type.String(),
});
