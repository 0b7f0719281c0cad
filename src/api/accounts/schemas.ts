import { Type } from "typebox";

export const Me = Type.Object({
  kind: Type.Union([
    Type.Literal("anonymous"),
    Type.Literal("superadmin"),
    Type.Literal("user"),
    Type.Literal("token"),
  ]),
  user: Type.Optional(
    Type.Object({
      id: Type.Integer(),
      email: Type.String(),
      name: Type.String(),
      kind: Type.String(),
      is_platform_admin: Type.Boolean(),
      school: Type.Union([Type.String(), Type.Null()]),
      class_year: Type.Union([Type.Integer(), Type.Null()]),
      memberships: Type.Array(Type.String()),
      /** False until the owner opened the link of the confirmation mail. */
      email_confirmed: Type.Boolean(),
    }),
  ),
  organizer_id: Type.Optional(Type.Integer()),
  level: Type.Optional(Type.String()),
});

export const InternalUserBody = Type.Object({
  email: Type.String({ format: "email", maxLength: 254 }),
  name: Type.String({ minLength: 1, maxLength: 120 }),
  school: Type.Optional(Type.Union([Type.String({ maxLength: 120 }), Type.Null()])),
  class_year: Type.Optional(Type.Union([Type.Integer({ minimum: 1900, maximum: 2200 }), Type.Null()])),
  memberships: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 120 }))),
});

export const UpsertResult = Type.Object({
  result: Type.Union([Type.Literal("created"), Type.Literal("updated")]),
});
export const ImportResult = Type.Object({ created: Type.Integer(), updated: Type.Integer() });

export const UserListItem = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  is_platform_admin: Type.Boolean(),
  school: Type.Union([Type.String(), Type.Null()]),
  class_year: Type.Union([Type.Integer(), Type.Null()]),
  memberships: Type.Array(Type.String()),
  created_at: Type.String(),
});
