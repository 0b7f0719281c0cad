import { Type } from "typebox";

/**
 * The path parameters every resource under an organizer shares, in one place: slugs are at most 50
 * characters (longer is a 400, not a lookup), ids are positive integers.
 */
const slug = () => Type.String({ maxLength: 50 });

export const OrganizerParams = Type.Object({ organizer: slug() });
export const OrganizerItemParams = Type.Object({ organizer: slug(), id: Type.Integer({ minimum: 1 }) });
export const EventParams = Type.Object({ organizer: slug(), event: slug() });
export const EventItemParams = Type.Object({
  organizer: slug(),
  event: slug(),
  id: Type.Integer({ minimum: 1 }),
});
export const OrderParams = Type.Object({
  organizer: slug(),
  event: slug(),
  code: Type.String({ maxLength: 20 }),
});
