import type { Actor } from "../../platform/auth/actor.js";
import { authorize } from "../../platform/auth/policy.js";
import type { Db } from "../../platform/db/index.js";
import { FAMILIES } from "./statuses.js";
import { pullCursorName } from "./sync.js";

export interface TicketStateFilter {
  family?: string;
  wallet_status?: string;
  code?: string;
}

/**
 * What the organizer sees: tickets with business status, family, wallet status ("not applicable" when
 * never sent) and holder, filtered; counts per family; and how the sync is doing.
 */
export async function walletOverview(
  db: Db,
  actor: Actor,
  organizerId: number,
  filter: TicketStateFilter,
  limit = 200,
) {
  authorize(actor, "organizer.view", { type: "organizer", organizerId });
  let tickets = db.kysely
    .selectFrom("ticket_states as s")
    .innerJoin("order_positions as p", "p.id", "s.position_id")
    .innerJoin("orders as o", "o.id", "p.order_id")
    .innerJoin("events as e", "e.id", "o.event_id")
    .select([
      "s.position_id as ticket",
      "o.code",
      "e.slug as event",
      "s.business_status",
      "s.family",
      "s.wallet_status",
      "s.wallet_holder",
      "s.wallet_legacy_status",
      "s.updated_at",
    ])
    .where("s.organizer_id", "=", organizerId);
  if (filter.family) tickets = tickets.where("s.family", "=", filter.family);
  if (filter.wallet_status === "NA") tickets = tickets.where("s.wallet_status", "is", null);
  else if (filter.wallet_status) tickets = tickets.where("s.wallet_status", "=", filter.wallet_status);
  if (filter.code) tickets = tickets.where("o.code", "=", filter.code.toUpperCase());
  const [rows, counts, cursor, pending] = await Promise.all([
    tickets.orderBy("s.updated_at", "desc").limit(limit).execute(),
    db.kysely
      .selectFrom("ticket_states")
      .select(["family", (eb) => eb.fn.countAll<number>().as("n")])
      .where("organizer_id", "=", organizerId)
      .groupBy("family")
      .execute(),
    db.kysely
      .selectFrom("sync_cursors")
      .selectAll()
      .where("name", "=", pullCursorName(organizerId))
      .executeTakeFirst(),
    db.kysely
      .selectFrom("wallet_outbox")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("organizer_id", "=", organizerId)
      .where("sent_at", "is", null)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    families: Object.fromEntries(
      FAMILIES.map((f) => [f, Number(counts.find((c) => c.family === f)?.n ?? 0)]),
    ),
    sync: {
      last_run_at: cursor?.last_run_at ?? null,
      last_synced: cursor?.last_count ?? 0,
      total_synced: cursor?.total_count ?? 0,
      last_error: cursor?.last_error ?? null,
      waiting_to_send: Number(pending.n),
    },
    tickets: rows,
  };
}

/** One ticket's recorded transitions, oldest first. */
export function ticketHistory(db: Db, positionId: number) {
  return db.kysely
    .selectFrom("ticket_transitions")
    .select(["kind", "from_status", "to_status", "cause", "applied", "created_at"])
    .where("position_id", "=", positionId)
    .orderBy("id")
    .execute();
}

/** The lifecycle of some tickets, for the order screens. */
export async function ticketStatesOf(db: Db, positionIds: number[]) {
  if (positionIds.length === 0) return new Map<number, TicketStateView>();
  const rows = await db.kysely
    .selectFrom("ticket_states")
    .select(["position_id", "business_status", "family", "wallet_status", "wallet_holder"])
    .where("position_id", "in", positionIds)
    .execute();
  return new Map(rows.map((r) => [r.position_id, r]));
}

export interface TicketStateView {
  business_status: string;
  family: string;
  wallet_status: string | null;
  wallet_holder: string | null;
}
