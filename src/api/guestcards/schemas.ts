import { Type } from "typebox";
import { ErrorResponse, Nullable } from "../../platform/http/schemas.js";
import { OrganizerParams } from "../params.js";

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const CalendarDate = Type.String({ description: "YYYY-MM-DD", maxLength: 30 });

export const ItemParams = Type.Object({ ...OrganizerParams.properties, id: Id });

export const MunicipalityBody = Type.Object({
  id: Type.Integer({
    minimum: 1,
    maximum: 2_147_483_647,
    description: "the number partners send as gemeinde_id",
  }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
});
export const RenameBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) });
export const MunicipalitySchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  created_at: Type.String(),
});

const GuestBody = Type.Object({
  id: Type.Optional(Type.Integer({ description: "updates: the guest to keep (its auth code stays)" })),
  first_name: Type.String({ minLength: 1, maxLength: 100 }),
  last_name: Type.String({ minLength: 1, maxLength: 100 }),
  email: Type.Optional(Type.String({ maxLength: 254 })),
  tariff_id: Type.Integer({ minimum: 0, description: "internal tariff id" }),
  tariff_alias: Type.String({ minLength: 1, maxLength: 100, description: 'e.g. "Erwachsener"' }),
});

export const FormBody = Type.Object({
  municipality: Id,
  number: Type.String({ minLength: 1, maxLength: 50, description: "the form's number (Meldescheinnummer)" }),
  arrival_date: CalendarDate,
  departure_date: CalendarDate,
  overnight_stays: Type.Optional(
    Type.Integer({ minimum: 0, description: "default: nights × guests (guests leaving early: give it)" }),
  ),
  guests: Type.Array(GuestBody, { minItems: 1, maxItems: 50 }),
});

const GuestFields = {
  id: Type.Integer(),
  first_name: Type.String(),
  last_name: Type.String(),
  email: Type.String(),
  tariff_id: Type.Integer(),
  tariff_alias: Type.String(),
};
const GuestSchema = Type.Object({ ...GuestFields, auth_code: Type.String() });

export const FormSchema = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  municipality: Type.Integer(),
  arrival_date: Type.String(),
  departure_date: Type.String(),
  travel_days: Type.Integer(),
  overnight_stays: Type.Integer(),
  status: Type.String({ description: "active or cancelled" }),
  created_at: Type.String(),
  updated_at: Type.String(),
  cancelled_at: Nullable(Type.String()),
  guests: Type.Array(GuestSchema),
});

export const FormQuery = Type.Object({
  q: Type.Optional(
    Type.String({ maxLength: 200, description: "number, guest name or e-mail, or auth code" }),
  ),
  municipality: Type.Optional(Id),
  status: Type.Optional(Type.Union([Type.Literal("active"), Type.Literal("cancelled")])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
});

export const ImportBody = Type.Object({
  csv: Type.String({
    minLength: 1,
    maxLength: 5_000_000,
    description:
      "header row + one row per guest: municipality, number, arrival_date, departure_date, first_name, last_name, email, tariff_id, tariff_alias",
  }),
});
export const ImportResult = Type.Object({ forms: Type.Integer(), guests: Type.Integer() });

export const ClientBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 150 }),
  password: Type.String({ minLength: 10, maxLength: 200 }),
  municipalities: Type.Array(Id, { minItems: 1, maxItems: 500 }),
});
export const ClientMunicipalitiesBody = Type.Object({
  municipalities: Type.Array(Id, { minItems: 1, maxItems: 500 }),
});
export const ClientSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  municipalities: Type.Array(Type.Integer()),
  created_at: Type.String(),
  last_login_at: Nullable(Type.String()),
  disabled: Type.Boolean(),
});

export const PartnerTokenBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 150 }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
});
export const PartnerToken = Type.Object({ token: Type.String(), expires_at: Type.String() });

export const LookupBody = Type.Object({
  auth_code: Type.String({ minLength: 1, maxLength: 100 }),
  municipality: Id,
  all_guests: Type.Optional(Type.Boolean({ description: "every guest of the form, not only the code's" })),
});
export const LookupSchema = Type.Object({
  auth_code: Type.String(),
  registration_form: Type.Object({
    id: Type.Integer(),
    number: Type.String(),
    municipality: Type.Integer(),
    arrival_date: Type.String(),
    departure_date: Type.String(),
    travel_days: Type.Integer(),
    overnight_stays: Type.Integer(),
    guests: Type.Array(Type.Object(GuestFields)),
  }),
  qr_code: Type.Object({
    data: Type.String({ description: "base64 JPEG; the QR code holds the auth code and nothing else" }),
    encoding: Type.Literal("base64"),
    mime: Type.Literal("image/jpeg"),
  }),
});
export const rateLimited = { 429: ErrorResponse };
