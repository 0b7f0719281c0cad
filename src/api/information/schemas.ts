import { Type } from "typebox";
import { INFORMATION_TEXTS, MAX_UPLOAD_BYTES } from "../../modules/information/fields.js";
import { Nullable } from "../../platform/http/schemas.js";
import { TranslationsBody, TranslationsOut } from "../translations.js";

// Spelled out (not mapped from the service's lists) so the literal types reach the route handlers.
const Kind = Type.Union(
  [
    Type.Literal("text"),
    Type.Literal("number"),
    Type.Literal("choice"),
    Type.Literal("date"),
    Type.Literal("file"),
    Type.Literal("boolean"),
  ],
  { description: "fixed at creation" },
);
const Blocks = Type.Union([Type.Literal("payment"), Type.Literal("admission")], {
  description: "what stays blocked until the value is filled: paying, or being admitted",
});
const UploadType = Type.Union([
  Type.Literal("application/pdf"),
  Type.Literal("image/jpeg"),
  Type.Literal("image/png"),
  Type.Literal("image/gif"),
  Type.Literal("image/webp"),
]);
const Slug = Type.String({ maxLength: 50 });
const Id = Type.Integer({ minimum: 1 });

export const FieldsParams = Type.Object({ organizer: Slug, event: Slug, id: Id });
export const FieldParams = Type.Object({ organizer: Slug, event: Slug, id: Id, fieldId: Id });
export const ValueParams = Type.Object({
  organizer: Slug,
  event: Slug,
  code: Type.String({ maxLength: 20 }),
  positionId: Id,
  fieldId: Id,
});

export const CreateFieldBody = Type.Object({
  label: Type.String({ minLength: 1, maxLength: 200 }),
  kind: Kind,
  required: Type.Optional(Type.Boolean({ description: "default true; optional fields never block" })),
  blocks: Type.Optional(Blocks),
  choices: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
      minItems: 1,
      maxItems: 100,
      description: "choice fields only (required there)",
    }),
  ),
  max_bytes: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: MAX_UPLOAD_BYTES,
      description: "file fields only; default 5 MiB",
    }),
  ),
  allowed_types: Type.Optional(
    Type.Array(UploadType, {
      minItems: 1,
      description: "file fields only; default application/pdf, image/jpeg, image/png",
    }),
  ),
  translations: Type.Optional(TranslationsBody(INFORMATION_TEXTS)),
});

export const UpdateFieldBody = Type.Object({
  label: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  kind: Type.Optional(Type.String({ description: "cannot change: anything else → 409 kind_fixed" })),
  required: Type.Optional(Type.Boolean()),
  blocks: Type.Optional(Blocks),
  translations: Type.Optional(TranslationsBody(INFORMATION_TEXTS)),
});

export const InformationFieldSchema = Type.Object({
  id: Type.Integer(),
  ticket_type: Type.Integer(),
  label: Type.String(),
  kind: Kind,
  required: Type.Boolean(),
  blocks: Blocks,
  choices: Nullable(Type.Array(Type.String())),
  max_bytes: Nullable(Type.Integer()),
  allowed_types: Nullable(Type.Array(Type.String())),
  translations: TranslationsOut(INFORMATION_TEXTS),
});

const Value = Type.Union([Type.Null(), Type.Boolean(), Type.Number(), Type.String()], {
  description: "number for number fields, true/false for checkboxes, YYYY-MM-DD for dates, else text",
});

export const InformationItemSchema = Type.Object({
  position: Type.Integer(),
  field_id: Type.Integer(),
  label: Type.String(),
  kind: Kind,
  required: Type.Boolean(),
  blocks: Blocks,
  choices: Nullable(Type.Array(Type.String())),
  max_bytes: Nullable(Type.Integer()),
  allowed_types: Nullable(Type.Array(Type.String())),
  value: Value,
  file: Nullable(
    Type.Object({
      content_type: Type.String(),
      size: Type.Integer(),
      name: Nullable(Type.String()),
    }),
  ),
  filled: Type.Boolean(),
  validated: Type.Boolean({ description: "validated values are read-only; validation cannot be undone" }),
  validated_at: Nullable(Type.String()),
  updated_at: Nullable(Type.String()),
});

const Missing = Type.Array(
  Type.Object({
    position_id: Type.Integer(),
    fields: Type.Array(Type.Object({ id: Type.Integer(), label: Type.String(), kind: Kind, blocks: Blocks })),
  }),
);

export const OrderInformationSchema = Type.Object({
  code: Type.String(),
  status: Type.String(),
  payment_blocked: Type.Boolean({ description: "a required payment-blocking field is empty" }),
  admission_blocked: Type.Boolean({ description: "a required field is empty" }),
  missing: Type.Object({ payment: Missing, admission: Missing }),
  positions: Type.Array(
    Type.Object({
      id: Type.Integer(),
      ticket_type: Type.Integer(),
      ticket_type_name: Type.String(),
      attendee_name: Nullable(Type.String()),
      information: Type.Array(InformationItemSchema),
    }),
  ),
});

export const SetValueBody = Type.Object({
  // Checked per kind by the service (a JSON-schema union would be coerced by the validator).
  value: Type.Unknown({
    description:
      "text; number (or numeric string); one of the choices; YYYY-MM-DD; true/false; null or empty clears (on a file field, removes the file)",
  }),
});

export const FileBody = Type.Unknown({
  description: "the file's bytes; Content-Type must be one of the field's allowed_types",
});
