import type { Actor } from "../../platform/auth/actor.js";
import { authorize } from "../../platform/auth/policy.js";
import type { Db } from "../../platform/db/index.js";
import { prepared } from "../../platform/db/prepared.js";
import type { CheckinListsTable, EntryPolicy } from "../../platform/db/schema.js";
import { notFound } from "../../platform/errors.js";
import { isoNow } from "../../platform/time.js";
import { Checker } from "../../platform/validation.js";
import { requireEventDate, requireEventTicketTypes } from "../catalog/scope.js";
import type { EventRow } from "../events/service.js";

export const ENTRY_POLICIES = ["once", "daily", "unlimited"] as const satisfies readonly EntryPolicy[];

export type CheckinList = Omit<CheckinListsTable, "id" | "exit_required"> & {
  id: number;
  exit_required: number;
  ticket_types: number[];
};

export interface CheckinListInput {
  name?: unknown;
  date?: unknown;
  ticket_types?: unknown;
  entry_policy?: unknown;
  exit_required?: unknown;
}

const resource = (event: EventRow) => ({
  type: "event" as const,
  organizerId: event.organizer_id,
  eventId: event.id,
});

/** A list: which tickets it admits (a date, some ticket types, or all) and how often. */
export async function createCheckinList(db: Db, actor: Actor, event: EventRow, input: CheckinListInput) {
  authorize(actor, "event.manage", resource(event));
  const check = new Checker();
  const name = check.text("name", input.name, { max: 200 });
  const policy =
    input.entry_policy === undefined
      ? "once"
      : check.oneOf("entry_policy", input.entry_policy, ENTRY_POLICIES);
  const dateId = input.date === undefined || input.date === null ? null : Number(input.date);
  const typeIds = Array.isArray(input.ticket_types) ? input.ticket_types.map(Number) : [];
  check.done();
  await requireEventDate(db, event, dateId);
  await requireEventTicketTypes(db, event, typeIds);
  return db.kysely.transaction().execute(async (trx) => {
    const list = await trx
      .insertInto("checkin_lists")
      .values({
        event_id: event.id,
        name,
        date_id: dateId,
        entry_policy: policy,
        exit_required: input.exit_required === true ? 1 : 0,
        created_at: isoNow(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const unique = [...new Set(typeIds)];
    if (unique.length > 0)
      await trx
        .insertInto("checkin_list_ticket_types")
        .values(unique.map((ticket_type_id) => ({ list_id: list.id, ticket_type_id })))
        .execute();
    return { ...list, ticket_types: unique };
  });
}

export async function listCheckinLists(db: Db, actor: Actor, event: EventRow): Promise<CheckinList[]> {
  authorize(actor, "event.checkin", resource(event));
  const [lists, types] = await Promise.all([
    db.kysely
      .selectFrom("checkin_lists")
      .selectAll()
      .where("event_id", "=", event.id)
      .orderBy("id")
      .execute(),
    db.kysely
      .selectFrom("checkin_list_ticket_types as l")
      .innerJoin("checkin_lists as c", "c.id", "l.list_id")
      .select(["l.list_id", "l.ticket_type_id"])
      .where("c.event_id", "=", event.id)
      .execute(),
  ]);
  return lists.map((list) => ({
    ...list,
    ticket_types: types.filter((t) => t.list_id === list.id).map((t) => t.ticket_type_id),
  }));
}

// Read on every door scan: compiled once (platform/db/prepared.ts).
const listOfEvent = prepared((db, list: number, event: number) =>
  db.selectFrom("checkin_lists").selectAll().where("id", "=", list).where("event_id", "=", event),
);
const typesOfList = prepared((db, list: number) =>
  db.selectFrom("checkin_list_ticket_types").select("ticket_type_id").where("list_id", "=", list),
);

export async function findCheckinList(db: Db, event: EventRow, listId: number): Promise<CheckinList> {
  const [list, types] = await Promise.all([
    listOfEvent.first(db.kysely, listId, event.id),
    typesOfList.all(db.kysely, listId),
  ]);
  if (!list) throw notFound("Check-in list");
  return { ...list, ticket_types: types.map((t) => t.ticket_type_id) };
}

export function presentCheckinList(list: CheckinList) {
  return {
    id: list.id,
    name: list.name,
    date: list.date_id,
    ticket_types: list.ticket_types,
    entry_policy: list.entry_policy,
    exit_required: Boolean(list.exit_required),
    created_at: list.created_at,
  };
}
