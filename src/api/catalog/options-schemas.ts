import { Type } from "typebox";
import { OPTION_TEXTS } from "../../modules/catalog/options.js";
import { Nullable } from "../../platform/http/schemas.js";
import { TranslationsBody, TranslationsOut } from "../translations.js";

const Id = (description?: string) => Type.Integer({ minimum: 1, maximum: 2_147_483_647, description });
const Money = Type.Union(
  [Type.String({ pattern: "^\\d{1,9}([.,]\\d{1,2})?$" }), Type.Number({ minimum: 0 })],
  { description: 'decimal string like "2.00"' },
);
const Name = Type.String({ minLength: 1, maxLength: 200 });

const eventPath = {
  organizer: Type.String({ maxLength: 50 }),
  event: Type.String({ maxLength: 50 }),
  id: Id("the ticket type"),
};

export const TicketTypeParams = Type.Object(eventPath);
export const OptionParams = Type.Object({ ...eventPath, optionId: Id() });
export const OptionGroupParams = Type.Object({ ...eventPath, groupId: Id() });

export const CreateOptionBody = Type.Object({
  name: Name,
  price: Money,
  group: Type.Optional(
    Nullable(Id("an option group of the same ticket type; absent or null: an independent option")),
  ),
  translations: Type.Optional(TranslationsBody(OPTION_TEXTS)),
});

export const UpdateOptionBody = Type.Object({
  name: Type.Optional(Name),
  price: Type.Optional(Money),
  group: Type.Optional(Nullable(Id("move into this group of the same ticket type; null: ungrouped"))),
  translations: Type.Optional(TranslationsBody(OPTION_TEXTS)),
});

export const OptionGroupBody = Type.Object({
  name: Name,
  translations: Type.Optional(TranslationsBody(OPTION_TEXTS)),
});

export const OptionSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  price: Type.String(),
  group: Nullable(Type.Integer({ description: "null: an independent option (a checkbox)" })),
  translations: TranslationsOut(OPTION_TEXTS),
});

export const OptionGroupSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  translations: TranslationsOut(OPTION_TEXTS),
  options: Type.Array(OptionSchema, {
    description: "mutually exclusive; choosing none of them is always allowed and free",
  }),
});
