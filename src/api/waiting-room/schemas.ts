import { Type } from "typebox";
import { Nullable } from "../../platform/http/schemas.js";

export const PlaceStatus = Type.Object({
  state: Type.String({ description: "waiting, admitted or used" }),
  position: Type.Integer({ description: "1 = next in; 0 once admitted" }),
  eta_seconds: Type.Integer(),
  queue_length: Type.Integer(),
  admit_per_minute: Type.Integer(),
  opens_at: Type.String(),
  pass: Nullable(Type.String({ description: "send as the Waiting-Room-Pass header when ordering" })),
  pass_expires_at: Nullable(Type.String()),
});

export const JoinAnswer = Type.Intersect([
  Type.Object({ token: Type.String({ description: "the place's secret: send as Waiting-Room-Place" }) }),
  PlaceStatus,
]);

export const RoomFigures = Type.Object({
  enabled: Type.Boolean(),
  opens_at: Nullable(Type.String()),
  admit_per_minute: Type.Integer(),
  pass_minutes: Type.Integer(),
  joined: Type.Integer(),
  admitted: Type.Integer(),
  queue_length: Type.Integer(),
  orders: Type.Integer({ description: "orders placed with a pass" }),
});

export const RoomSettingsBody = Type.Object({
  enabled: Type.Boolean(),
  opens_at: Type.String({ format: "date-time" }),
  admit_per_minute: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  pass_minutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440 })),
});
