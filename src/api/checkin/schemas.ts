import { Type } from "typebox";
import { Nullable } from "../../platform/http/schemas.js";
import { EventParams } from "../params.js";

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
  secret: Type.String({
    minLength: 1,
    maxLength: 300,
    description:
      "what the QR code holds, or the ticket code printed under it (case, spaces and dashes ignored)",
  }),
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
        "unknown, already_redeemed, unpaid, opposed, cancelled, wrong_date, wrong_ticket_type, incomplete, revoked, expired_code (a rotating code older than its window), anonymized (the holder deleted their account)",
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

export const ListCountsSchema = Type.Object({
  tickets: Type.Integer({ description: "paid tickets the list admits" }),
  admitted: Type.Integer({ description: "tickets holding the current entry (ever, today, or inside)" }),
  scans_ok: Type.Integer(),
  scans_refused: Type.Integer(),
});

export const OfflineSnapshotSchema = Type.Object({
  generated_at: Type.String(),
  event_id: Type.Integer(),
  list: Type.Object({
    ...CheckinListSchema.properties,
    slot: Nullable(Type.String({ description: "the entry slot now: once, the day, inside, or none" })),
  }),
  algorithm: Type.Literal("Ed25519"),
  public_key: Type.String({ description: "raw 32 bytes, base64url" }),
  revoked: Type.Array(Type.String({ description: "SHA-256 (hex) of a revoked secret" })),
  tickets: Type.Array(
    Type.Object({
      hash: Type.String({ description: "SHA-256 (hex) of the ticket's secret" }),
      id: Type.Integer(),
      code: Type.String(),
      status: Type.String(),
      ticket_type: Type.String(),
      ticket_type_id: Type.Integer(),
      date: Nullable(Type.Integer()),
      attendee_name: Nullable(Type.String()),
      admitted: Type.Boolean(),
      incomplete: Type.Boolean({ description: "required information missing: the door refuses it" }),
    }),
  ),
  others: Type.Array(
    Type.Object(
      {
        hash: Type.String({ description: "SHA-256 (hex) of the ticket's secret" }),
        id: Type.Integer(),
        status: Type.String(),
        ticket_type_id: Type.Integer(),
        date: Nullable(Type.Integer()),
        anonymized: Type.Boolean(),
      },
      {
        description:
          "the event's tickets this list refuses (another date or type, or void): no name, no booking code",
      },
    ),
  ),
});
