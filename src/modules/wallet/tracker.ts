import type { Insertable } from "kysely";
import { hashToken } from "../../platform/crypto.js";
import type { Db, DbHandle } from "../../platform/db/index.js";
import type { TicketStatesTable, TicketTransitionsTable } from "../../platform/db/schema.js";
import { isoNow } from "../../platform/time.js";
import { ticketsWithOrders } from "../orders/tickets.js";
import { advanceCursor, CursorMoved, readCursor } from "./cursors.js";
import { type BusinessStatus, businessMoveAllowed, familyOf } from "./statuses.js";
import { queueWebhooks, type TransitionEvent } from "./webhooks.js";

/** What each order-log action does to the order's tickets, and why. */
const ORDER_ACTIONS: Record<string, { to: BusinessStatus; cause: string }> = {
  placed: { to: "reserved", cause: "order_placed" },
  placed_paid: { to: "issued", cause: "issued" },
  given: { to: "issued", cause: "issued" },
  paid: { to: "issued", cause: "payment" },
  opposed: { to: "invalidated", cause: "opposition" },
  cancelled: { to: "cancelled", cause: "cancellation" },
  expired: { to: "cancelled", cause: "expiry" },
};

const BATCH = 500;

type TicketStateRow = Insertable<TicketStatesTable>;
const ORDER_CURSOR = "lifecycle:order_log";
const SCAN_CURSOR = "lifecycle:checkin_scans";

interface Move {
  positionId: number;
  to: BusinessStatus;
  cause: string;
}

/**
 * The lifecycle tracker: follows the order log and the check-in log from where it stopped, turns what
 * happened into business transitions of each ticket, records them (refused ones too), queues what the
 * wallet provider must hear, and the organizer's webhooks. One transaction per batch, cursors moved in
 * it: a crash repeats the batch, a second process loses the race and rolls back.
 */
export async function trackLifecycle(db: Db): Promise<number> {
  let total = 0;
  for (;;) {
    try {
      const applied = await db.kysely.transaction().execute((trx) => trackBatch(trx));
      total += applied;
      if (applied === 0) return total;
    } catch (error) {
      if (error instanceof CursorMoved) return total;
      throw error;
    }
  }
}

async function trackBatch(trx: DbHandle): Promise<number> {
  const [orderFrom, scanFrom] = await Promise.all([
    readCursor(trx, ORDER_CURSOR),
    readCursor(trx, SCAN_CURSOR),
  ]);
  const [logs, scans] = await Promise.all([
    trx
      .selectFrom("order_log")
      .select(["id", "order_id", "action", "details"])
      .where("id", ">", Number(orderFrom))
      .orderBy("id")
      .limit(BATCH)
      .execute(),
    trx
      .selectFrom("checkin_scans")
      .select(["id", "position_id"])
      .where("id", ">", Number(scanFrom))
      .where("status", "=", "ok")
      .where("type", "=", "entry")
      .orderBy("id")
      .limit(BATCH)
      .execute(),
  ]);
  if (logs.length === 0 && scans.length === 0) return 0;

  const orderIds = [...new Set(logs.filter((l) => ORDER_ACTIONS[l.action]).map((l) => l.order_id))];
  const positionsOf = new Map<number, number[]>();
  if (orderIds.length > 0) {
    const rows = await trx
      .selectFrom("order_positions")
      .select(["id", "order_id"])
      .where("order_id", "in", orderIds)
      .execute();
    for (const r of rows) positionsOf.set(r.order_id, [...(positionsOf.get(r.order_id) ?? []), r.id]);
  }
  // Log entries first, then scans: a scan can only follow its order's payment.
  const moves: Move[] = [];
  for (const log of logs) {
    const action = ORDER_ACTIONS[log.action];
    if (action)
      for (const positionId of positionsOf.get(log.order_id) ?? []) moves.push({ positionId, ...action });
    if (log.action === "ticket_reissued") {
      const position = (JSON.parse(log.details) as { position?: number }).position;
      if (position) moves.push({ positionId: position, to: "reprinted", cause: "reprint" });
    }
  }
  for (const scan of scans)
    if (scan.position_id !== null)
      moves.push({ positionId: scan.position_id, to: "controlled", cause: "check_in" });

  const events = await applyMoves(trx, moves);
  const lastLog = logs.at(-1)?.id;
  const lastScan = scans.at(-1)?.id;
  if (
    lastLog !== undefined &&
    !(await advanceCursor(trx, ORDER_CURSOR, orderFrom, String(lastLog), logs.length))
  )
    throw new CursorMoved(ORDER_CURSOR);
  if (
    lastScan !== undefined &&
    !(await advanceCursor(trx, SCAN_CURSOR, scanFrom, String(lastScan), scans.length))
  )
    throw new CursorMoved(SCAN_CURSOR);
  await queueWebhooks(trx, events);
  return logs.length + scans.length;
}

async function applyMoves(trx: DbHandle, moves: Move[]): Promise<TransitionEvent[]> {
  const ids = [...new Set(moves.map((m) => m.positionId))];
  if (ids.length === 0) return [];
  const [tickets, states, wallets] = await Promise.all([
    ticketsWithOrders(trx)
      .innerJoin("events as e", "e.id", "o.event_id")
      .select(["p.id", "p.secret", "e.organizer_id", "o.test_mode"])
      .where("p.id", "in", ids)
      .execute(),
    trx.selectFrom("ticket_states").selectAll().where("position_id", "in", ids).execute(),
    trx.selectFrom("wallet_settings").select("organizer_id").where("provider_url", "is not", null).execute(),
  ]);
  const ticketOf = new Map(tickets.map((t) => [t.id, t]));
  const stateOf = new Map(states.map((s) => [s.position_id, s]));
  const walletOn = new Set(wallets.map((w) => w.organizer_id));
  const now = isoNow();
  const events: TransitionEvent[] = [];
  const transitions: Insertable<TicketTransitionsTable>[] = [];
  type NextState = TicketStateRow;
  const existing = new Set(states.map((st) => st.position_id));
  const created = new Map<number, NextState>();
  const changed = new Map<number, NextState>();
  const outbox: {
    organizer_id: number;
    position_id: number;
    action: string;
    created_at: string;
    sent_at: null;
  }[] = [];

  for (const move of moves) {
    const ticket = ticketOf.get(move.positionId);
    if (!ticket) continue;
    const state = stateOf.get(move.positionId);
    const from = (state?.business_status ?? null) as BusinessStatus | null;
    // A second entry (daily lists, re-entries) is no new fact for the lifecycle.
    if (from === move.to && move.to !== "reprinted") continue;
    const allowed = businessMoveAllowed(from, move.to);
    transitions.push({
      position_id: move.positionId,
      kind: "business",
      from_status: from,
      to_status: move.to,
      cause: move.cause,
      applied: allowed ? 1 : 0,
      created_at: now,
    });
    if (!allowed) continue;
    const next = {
      position_id: move.positionId,
      organizer_id: ticket.organizer_id,
      business_status: move.to,
      family: familyOf(move.to),
      secret_hash: hashToken(ticket.secret),
      wallet_status: state?.wallet_status ?? null,
      wallet_holder: state?.wallet_holder ?? null,
      wallet_legacy_status: state?.wallet_legacy_status ?? null,
      wallet_action: state?.wallet_action ?? null,
      wallet_state: state?.wallet_state ?? null,
      updated_at: now,
    };
    if (state || existing.has(move.positionId)) {
      existing.add(move.positionId);
      changed.set(move.positionId, next);
    } else created.set(move.positionId, next);
    stateOf.set(move.positionId, next);
    events.push({
      organizerId: ticket.organizer_id,
      ticketId: move.positionId,
      kind: "business",
      from,
      to: move.to,
      family: next.family,
      cause: move.cause,
      at: now,
    });
    const push = walletPush(move.to, next.wallet_status);
    // A test order's tickets never reach a wallet provider: the buyer's phone would show a fake pass.
    if (push && walletOn.has(ticket.organizer_id) && !ticket.test_mode)
      outbox.push({
        organizer_id: ticket.organizer_id,
        position_id: move.positionId,
        action: push,
        created_at: now,
        sent_at: null,
      });
  }
  for (let i = 0; i < transitions.length; i += 1000)
    await trx
      .insertInto("ticket_transitions")
      .values(transitions.slice(i, i + 1000))
      .execute();
  await insertStates(trx, [...created.values()]);
  // Tickets that end the batch in the same status with the same secret share one UPDATE.
  const groups = new Map<
    string,
    { set: Pick<NextState, "business_status" | "family" | "secret_hash">; ids: number[] }
  >();
  for (const next of changed.values()) {
    const set = { business_status: next.business_status, family: next.family, secret_hash: next.secret_hash };
    const key = next.business_status === "reprinted" ? `r${next.position_id}` : `${next.business_status}`;
    const group = groups.get(key) ?? { set, ids: [] };
    group.ids.push(next.position_id);
    groups.set(key, group);
  }
  for (const { set, ids: group } of groups.values())
    for (let i = 0; i < group.length; i += 1000) {
      const chunk = group.slice(i, i + 1000);
      await trx
        .updateTable("ticket_states")
        .set(
          set.business_status === "reprinted"
            ? { ...set, updated_at: now }
            : { business_status: set.business_status, family: set.family, updated_at: now },
        )
        .where("position_id", "in", chunk)
        .execute();
    }
  for (let i = 0; i < outbox.length; i += 1000)
    await trx
      .insertInto("wallet_outbox")
      .values(outbox.slice(i, i + 1000))
      .execute();
  return events;
}

/** What the provider must hear about a business move: new passes go in, known passes get the news. */
function walletPush(to: BusinessStatus, walletStatus: string | null): string | null {
  if (to === "issued" || to === "reprinted") return "inject";
  if (walletStatus === null || walletStatus === "DELETED" || walletStatus === "DELETION_PENDING") return null;
  if (to === "controlled") return "control";
  if (to === "invalidated") return "invalidate";
  if (to === "cancelled") return "cancel";
  return null;
}

async function insertStates(trx: DbHandle, rows: TicketStateRow[]) {
  for (let i = 0; i < rows.length; i += 500)
    await trx
      .insertInto("ticket_states")
      .values(rows.slice(i, i + 500))
      .execute();
}
