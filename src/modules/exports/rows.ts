import type { Db } from "../../platform/db/index.js";
import type { OrderStatus } from "../../platform/db/schema.js";
import { fieldsForTicketTypes, type InformationField } from "../catalog/information.js";

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
  const row = await db.kysely
    .selectFrom("order_positions as p")
    .innerJoin("orders as o", "o.id", "p.order_id")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("o.event_id", "=", eventId)
    .where("o.status", "=", status)
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
): AsyncGenerator<ExportTicket[]> {
  for (let offset = 0; ; offset += BATCH) {
    let query = db.kysely
      .selectFrom("order_positions as p")
      .innerJoin("orders as o", "o.id", "p.order_id")
      .innerJoin("ticket_types as t", "t.id", "p.ticket_type_id")
      .leftJoin("event_dates as d", "d.id", "p.date_id")
      .select([
        "p.id",
        "o.code",
        "o.status",
        "o.email",
        "o.created_at",
        "o.paid_at",
        "o.currency",
        "t.name as ticket_type",
        "d.starts_at",
        "d.name as date_name",
        "p.attendee_name",
        "p.price_minor",
      ])
      .where("o.event_id", "=", eventId)
      .where("o.status", "=", status);
    query =
      order === "name"
        ? query
            .orderBy((eb) => eb.fn("lower", [eb.fn.coalesce("p.attendee_name", "o.email")]))
            .orderBy("p.id")
        : query.orderBy("o.id").orderBy("p.id");
    const rows = await query.limit(BATCH).offset(offset).execute();
    if (rows.length === 0) return;
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
    yield rows.map((r) => ({
      positionId: r.id,
      code: r.code,
      status: r.status,
      email: r.email,
      createdAt: r.created_at,
      paidAt: r.paid_at,
      ticketType: r.ticket_type,
      date: r.starts_at,
      dateName: r.date_name,
      attendee: r.attendee_name,
      priceMinor: r.price_minor,
      currency: r.currency,
      options: options.filter((o) => o.position_id === r.id).map((o) => o.name),
      information: new Map(
        values
          .filter((v) => v.position_id === r.id)
          .map((v) => [
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
