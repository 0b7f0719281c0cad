import type { Actor } from "../../platform/auth/actor.js";
import { authorize } from "../../platform/auth/policy.js";
import type { Db } from "../../platform/db/index.js";
import { notFound } from "../../platform/errors.js";
import { isoNow } from "../../platform/time.js";
import { Checker } from "../../platform/validation.js";
import type { EventRow } from "../events/service.js";
import { requireEventDate, requireEventTicketTypes } from "./scope.js";

export interface QuotaInput {
  name?: unknown;
  size?: unknown;
  ticket_types?: unknown;
  /** A date of the series; absent: the quota counts across all dates. */
  date?: unknown;
}

export async function createQuota(db: Db, actor: Actor, event: EventRow, input: QuotaInput) {
  authorize(actor, "event.manage", { type: "event", organizerId: event.organizer_id, eventId: event.id });
  const check = new Checker();
  const name = check.text("name", input.name, { max: 200 });
  const size = check.optionalInt("size", input.size, 0, 10_000_000);
  if (size === null && !check.problems.some((p) => p.field === "size"))
    check.problem("size", "required", "is required");
  const dateId = check.optionalInt("date", input.date, 1, Number.MAX_SAFE_INTEGER);
  const typeIds = Array.isArray(input.ticket_types) ? input.ticket_types.map(Number) : [];
  if (typeIds.length === 0 || typeIds.some((id) => !Number.isInteger(id) || id < 1)) {
    check.problems.push({ field: "ticket_types", message: "must list at least one ticket type id" });
  }
  check.done();
  await requireEventTicketTypes(db, event, typeIds);
  await requireEventDate(db, event, dateId);
  const quota = await db.kysely.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("quotas")
      .values({ event_id: event.id, date_id: dateId, name, size: size ?? 0, taken: 0, created_at: isoNow() })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("quota_ticket_types")
      .values([...new Set(typeIds)].map((id) => ({ quota_id: row.id, ticket_type_id: id })))
      .execute();
    return row;
  });
  return { ...quota, ticket_types: [...new Set(typeIds)] };
}

export async function getQuota(db: Db, actor: Actor, event: EventRow, quotaId: number) {
  authorize(actor, "event.view", { type: "event", organizerId: event.organizer_id, eventId: event.id });
  const quota = await db.kysely
    .selectFrom("quotas")
    .selectAll()
    .where("id", "=", quotaId)
    .where("event_id", "=", event.id)
    .executeTakeFirst();
  if (!quota) throw notFound("Quota");
  const types = await db.kysely
    .selectFrom("quota_ticket_types")
    .select("ticket_type_id")
    .where("quota_id", "=", quotaId)
    .execute();
  return { ...quota, ticket_types: types.map((t) => t.ticket_type_id) };
}

export async function listQuotas(db: Db, actor: Actor, event: EventRow) {
  authorize(actor, "event.view", { type: "event", organizerId: event.organizer_id, eventId: event.id });
  const [quotas, links] = await Promise.all([
    db.kysely.selectFrom("quotas").selectAll().where("event_id", "=", event.id).orderBy("id").execute(),
    db.kysely
      .selectFrom("quota_ticket_types as l")
      .innerJoin("quotas as q", "q.id", "l.quota_id")
      .select(["l.quota_id", "l.ticket_type_id"])
      .where("q.event_id", "=", event.id)
      .execute(),
  ]);
  return quotas.map((q) => ({
    ...q,
    ticket_types: links.filter((l) => l.quota_id === q.id).map((l) => l.ticket_type_id),
  }));
}

export function presentQuota(q: {
  id: number;
  name: string;
  size: number;
  taken: number;
  date_id: number | null;
  ticket_types: number[];
}) {
  return {
    id: q.id,
    name: q.name,
    size: q.size,
    taken: q.taken,
    available: Math.max(0, q.size - q.taken),
    date: q.date_id,
    ticket_types: q.ticket_types,
  };
}

/**
 * What is left per ticket type and date for the shop: the smallest free count over the quotas that
 * cover it; `null` where no quota applies (unlimited). Two queries for the whole event.
 */
export async function availability(db: Db, event: EventRow) {
  const rows = await db.kysely
    .selectFrom("quota_ticket_types as l")
    .innerJoin("quotas as q", "q.id", "l.quota_id")
    .select(["l.ticket_type_id", "q.date_id", "q.size", "q.taken"])
    .where("q.event_id", "=", event.id)
    .execute();
  return (ticketTypeId: number, dateId: number | null): number | null => {
    let left: number | null = null;
    for (const r of rows) {
      if (r.ticket_type_id !== ticketTypeId || (r.date_id !== null && r.date_id !== dateId)) continue;
      const free = Math.max(0, r.size - r.taken);
      left = left === null ? free : Math.min(left, free);
    }
    return left;
  };
}
