import { sql } from "kysely";
import type { Db } from "../../platform/db/index.js";
import type { OrderStatus } from "../../platform/db/schema.js";
import { fieldsForTicketTypes, type InformationField } from "../information/fields.js";
import { ticketsWithOrders } from "../orders/tickets.js";

export interface ExportTicket {
  positionId: number;
  code: string;
  status: OrderStatus;
  email: string;
  createdAt: string;
  paidAt: string | null;
  ticketType: string;
  date: string | null;
  dateName: string | null;
  attendee: string | null;
  priceMinor: number;
  currency: string;
  options: string[];
  /** By field id: the value (or the file's name) and whether an admin validated it. */
  information: Map<
    number,
    { value: string; validated: boolean; fileKey: string | null; fileName: string | null }
  >;
}

export const BATCH = 500;

/** The columns of an event's exports: its required-information fields, in creation order. */
export async function exportFields(db: Db, eventId: number): Promise<InformationField[]> {
  const types = await db.kysely
    .selectFrom("ticket_types")
    .select("id")
    .where("event_id", "=", eventId)
    .execute();
  return fieldsForTicketTypes(
    db,
    types.map((t) => t.id),
  );
}

export async function countTickets(db: Db, eventId: number, status: OrderStatus) {
  const row = await ticketsWithOrders(db.kysely)
    .select((eb) => eb.fn.countAll().as("n"))
    .where("o.event_id", "=", eventId)
    .where("o.status", "=", status)
    .where("o.test_mode", "=", 0)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The tickets of one list, a batch at a time, so an export holds one batch in memory however big the
 * event. `byName` orders a door list alphabetically; otherwise by booking.
 */
export async function* ticketBatches(
  db: Db,
  eventId: number,
  status: OrderStatus,
  order: "booking" | "name",
  /** What erased buyers and attendees are called ("Anonymous" in the export's language). */
  anonymous = "Anonymous",
): AsyncGenerator<ExportTicket[]> {
  // Keyset paging (after the last row of the previous batch), so every batch costs the same however
  // deep into the list it is; OFFSET would rescan everything before it.
  const sortKey = sql<string>`lower(coalesce(p.attendee_name, o.email))`;
  let after: { key: string; id: number } | undefined;
  for (;;) {
    let query = ticketsWithOrders(db.kysely)
      .innerJoin("ticket_types as t", "t.id", "p.ticket_type_id")
      .leftJoin("event_dates as d", "d.id", "p.date_id")
      .select([
        "p.id",
        "o.code",
        "o.status",
        "o.email",
        "o.anonymized_at as order_anonymized_at",
        "p.anonymized_at",
        "o.created_at",
        "o.paid_at",
        "o.currency",
        "t.name as ticket_type",
        "d.starts_at",
        "d.name as date_name",
        "p.attendee_name",
        "p.price_minor",
      ])
      .select(sortKey.as("sort_key"))
      .where("o.event_id", "=", eventId)
      .where("o.status", "=", status)
      // Test orders are no sale and no guest: they stay out of every export.
      .where("o.test_mode", "=", 0);
    const last = after;
    if (order === "name") {
      if (last)
        query = query.where((eb) =>
          eb.or([eb(sortKey, ">", last.key), eb.and([eb(sortKey, "=", last.key), eb("p.id", ">", last.id)])]),
        );
      query = query.orderBy(sortKey).orderBy("p.id");
    } else {
      // Positions are written with their order, so their ids follow the bookings.
      if (last) query = query.where("p.id", ">", last.id);
      query = query.orderBy("p.id");
    }
    const rows = await query.limit(BATCH).execute();
    const tail = rows.at(-1);
    if (!tail) return;
    after = { key: tail.sort_key, id: tail.id };
    const ids = rows.map((r) => r.id);
    const [options, values] = await Promise.all([
      db.kysely
        .selectFrom("order_position_options")
        .select(["position_id", "name"])
        .where("position_id", "in", ids)
        .orderBy("option_id")
        .execute(),
      db.kysely
        .selectFrom("information_values")
        .select(["position_id", "field_id", "value", "file_key", "file_name", "validated_at"])
        .where("position_id", "in", ids)
        .execute(),
    ]);
    const optionsOf = groupBy(options, (o) => o.position_id);
    const valuesOf = groupBy(values, (v) => v.position_id);
    yield rows.map((r) => ({
      positionId: r.id,
      code: r.code,
      status: r.status,
      email: r.order_anonymized_at === null ? r.email : anonymous,
      createdAt: r.created_at,
      paidAt: r.paid_at,
      ticketType: r.ticket_type,
      date: r.starts_at,
      dateName: r.date_name,
      attendee: r.anonymized_at === null ? r.attendee_name : anonymous,
      priceMinor: r.price_minor,
      currency: r.currency,
      options: (optionsOf.get(r.id) ?? []).map((o) => o.name),
      information: new Map(
        (valuesOf.get(r.id) ?? []).map((v) => [
          v.field_id,
          {
            value: v.file_name ?? v.value ?? "",
            validated: v.validated_at !== null,
            fileKey: v.file_key,
            fileName: v.file_name,
          },
        ]),
      ),
    }));
    if (rows.length < BATCH) return;
  }
}

function groupBy<T, K>(items: T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
