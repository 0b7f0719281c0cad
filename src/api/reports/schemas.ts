import { Type } from "typebox";
import { Nullable } from "../../platform/http/schemas.js";

const count = (description: string) => Type.Integer({ minimum: 0, description });

/** Tickets of a part of an event: a date and ticket type, a date, a ticket type, the whole event. */
const Figures = {
  paid: count("tickets in paid orders"),
  pending: count("tickets in orders awaiting payment (they hold their places)"),
  checked_in: count("tickets admitted at least once"),
  capacity: Nullable(
    Type.Integer({
      minimum: 0,
      description:
        "sold (paid + pending) plus remaining: the most this part could reach if nothing else sold; null: no quota limits it",
    }),
  ),
  remaining: Nullable(
    Type.Integer({
      minimum: 0,
      description:
        "places left for this part from the quotas covering it (quotas shared between dates or ticket types count once); null: no limit",
    }),
  ),
};

export const SummaryQuery = Type.Object({
  days: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 366,
      default: 30,
      description: "calendar days in `days`, today included",
    }),
  ),
});

export const SalesSummary = Type.Object({
  event: Type.Object({
    slug: Type.String(),
    name: Type.String(),
    currency: Type.String(),
    time_zone: Type.String({ description: "the zone `days` are calendar days in" }),
  }),
  tickets: Type.Object(Figures),
  revenue: Type.String({
    description: 'what paid orders paid (vouchers and options included), e.g. "120.00"',
  }),
  pending_amount: Type.String({ description: "what pending orders still owe" }),
  orders: Type.Object({
    paid: count("orders"),
    pending: count("orders"),
    cancelled: count("orders"),
    expired: count("orders"),
    opposed: count("orders"),
  }),
  dates: Type.Array(
    Type.Object({
      id: Nullable(Type.Integer({ description: "null: tickets booked without a date" })),
      name: Nullable(Type.String()),
      starts_at: Nullable(Type.String()),
      ...Figures,
      ticket_types: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), ...Figures })),
    }),
  ),
  ticket_types: Type.Array(
    Type.Object({ id: Type.Integer(), name: Type.String(), price: Type.String(), ...Figures }),
  ),
  quotas: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      date: Nullable(Type.Integer({ description: "null: counts across all dates" })),
      ticket_types: Type.Array(Type.Integer()),
      size: Type.Integer(),
      taken: Type.Integer(),
      remaining: Type.Integer(),
    }),
  ),
  days: Type.Array(
    Type.Object({
      date: Type.String({ description: "YYYY-MM-DD in the event's time zone" }),
      orders: count("paid or pending orders placed that day"),
      tickets: count("their tickets"),
    }),
    { description: "oldest first, every day listed" },
  ),
});
