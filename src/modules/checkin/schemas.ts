import { Type } from "typebox";
import { Nullable } from "../../platform/http/schemas.js";
import { EventParams } from "../events/schemas.js";

export const ListParams = Type.Object({ ...EventParams.properties, id: Type.Integer({ minimum: 1 }) });

export const CreateListBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    date: Type.Optional(Nullable(Type.Integer({ description: "only tickets for this date" }))),
    ticket_types: Type.Optional(
      Type.Array(Type.Integer(), { maxItems: 200, description: "only these types; empty = all" }),
    ),
    entry_policy: Type.Optional(
      Type.Union([Type.Literal("once"), Type.Literal("daily"), Type.Literal("unlimited")], {
        description: "once: one entry ever; daily: one per calendar day; unlimited",
      }),
    ),
    exit_required: Type.Optional(
      Type.Boolean({ description: "unlimited lists: an exit scan between two entries" }),
    ),
  },
  { additionalProperties: false },
);

export const CheckinListSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  date: Nullable(Type.Integer()),
  ticket_types: Type.Array(Type.Integer()),
  entry_policy: Type.String(),
  exit_required: Type.Boolean(),
  created_at: Type.String(),
});

export const RedeemBody = Type.Object({
  secret: Type.String({ minLength: 1, maxLength: 300, description: "what the QR code holds" }),
  nonce: Type.Optional(
    Type.String({
      maxLength: 100,
      description: "the scanner's id for this scan: a retry returns the first answer",
    }),
  ),
  type: Type.Optional(Type.Union([Type.Literal("entry"), Type.Literal("exit")])),
});

export const RedeemAnswerSchema = Type.Object({
  status: Type.Union([Type.Literal("ok"), Type.Literal("error")]),
  reason: Type.Optional(
    Type.String({
      description:
        "unknown, already_redeemed, unpaid, opposed, cancelled, wrong_date, wrong_ticket_type, incomplete, revoked",
    }),
  ),
  type: Type.String(),
  ticket: Type.Optional(
    Type.Object({
      id: Type.Integer(),
      code: Type.String(),
      ticket_type: Type.String(),
      attendee_name: Nullable(Type.String()),
      date: Nullable(Type.Integer()),
    }),
  ),
});
