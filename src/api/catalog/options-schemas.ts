import { Type } from "typebox";
import { Nullable } from "../../platform/http/schemas.js";

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
});

export const UpdateOptionBody = Type.Object({
  name: Type.Optional(Name),
  price: Type.Optional(Money),
  group: Type.Optional(Nullable(Id("move into this group of the same ticket type; null: ungrouped"))),
});

export const OptionGroupBody = Type.Object({ name: Name });

export const OptionSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  price: Type.String(),
  group: Nullable(Type.Integer({ description: "null: an independent option (a checkbox)" })),
});

export const OptionGroupSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  options: Type.Array(OptionSchema, {
    description: "mutually exclusive; choosing none of them is always allowed and free",
  }),
});
