import { Type } from "typebox";
import { Nullable } from "../../platform/http/schemas.js";

export const CreateServerBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    url: Type.String({ description: "the API base, e.g. https://bbb.example.org/bigbluebutton/api/" }),
    secret: Type.String({
      minLength: 8,
      maxLength: 200,
      description: "the server's shared secret; stored sealed",
    }),
  },
  { additionalProperties: false },
);

export const ServerSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  url: Type.String(),
  created_at: Type.String(),
});

export const CreateRoomBody = Type.Object(
  {
    slug: Type.String({ description: "what a date's metadata names: room=<slug>" }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    server: Type.Integer(),
    call_sign_field: Type.Optional(Nullable(Type.String({ description: "label of the call sign question" }))),
    video_consent_field: Type.Optional(
      Nullable(Type.String({ description: "label of the video consent question (yes/true/1 = consent)" })),
    ),
  },
  { additionalProperties: false },
);

export const RoomSchema = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  name: Type.String(),
  server_id: Type.Integer(),
  call_sign_field: Nullable(Type.String()),
  video_consent_field: Nullable(Type.String()),
  created_at: Type.String(),
});

export const RoomLinkSchema = Type.Object({
  ticket: Type.Integer(),
  url: Type.String({ description: "the ticket's room page; its JWT holds only booking code and ticket id" }),
});
