import type { Insertable } from "kysely";
import type { DbHandle } from "../../platform/db/index.js";
import type { TicketTransitionsTable } from "../../platform/db/schema.js";
import { isoNow } from "../../platform/time.js";
import { isWalletStatus, type WalletStatus, walletMoveAllowed } from "./statuses.js";
import type { TransitionEvent } from "./webhooks.js";

export interface WalletReport {
  positionId: number;
  status: string;
  holder?: string | null;
  legacy?: { status: string; action?: string; state?: string };
  cause: string;
}

type Changes = {
  wallet_status?: string;
  wallet_holder?: string | null;
  wallet_legacy_status?: string;
  wallet_action?: string | null;
  wallet_state?: string | null;
};

/**
 * Statuses the provider reported: each applied if the move is legal from where the ticket is, else
 * only logged as refused. The holder follows the provider (transfers change it). A batch costs one read,
 * one insert of its transitions and one update per distinct outcome, however many tickets it holds.
 */
export async function applyWalletReports(trx: DbHandle, reports: WalletReport[]): Promise<TransitionEvent[]> {
  if (reports.length === 0) return [];
  const ids = [...new Set(reports.map((r) => r.positionId))];
  const rows = await trx
    .selectFrom("ticket_states")
    .select(["position_id", "organizer_id", "wallet_status", "wallet_holder"])
    .where("position_id", "in", ids)
    .execute();
  const states = new Map(rows.map((r) => [r.position_id, { ...r }]));
  const now = isoNow();
  const transitions: Insertable<TicketTransitionsTable>[] = [];
  const updates = new Map<number, Changes>();
  const events: TransitionEvent[] = [];
  for (const report of reports) {
    const state = states.get(report.positionId);
    if (!state) continue;
    const changes: Changes = { ...(updates.get(report.positionId) ?? {}) };
    if (report.holder !== undefined) changes.wallet_holder = report.holder;
    if (report.legacy)
      Object.assign(changes, {
        wallet_legacy_status: report.legacy.status,
        wallet_action: report.legacy.action ?? null,
        wallet_state: report.legacy.state ?? null,
      });
    const from = state.wallet_status as WalletStatus | null;
    if (from !== report.status) {
      const allowed = isWalletStatus(report.status) && walletMoveAllowed(from, report.status);
      transitions.push({
        position_id: report.positionId,
        kind: "wallet",
        from_status: from,
        to_status: report.status,
        cause: report.cause,
        applied: allowed ? 1 : 0,
        created_at: now,
      });
      if (!allowed) continue;
      changes.wallet_status = report.status;
      state.wallet_status = report.status;
      if (report.holder !== undefined) state.wallet_holder = report.holder;
      events.push({
        organizerId: state.organizer_id,
        ticketId: report.positionId,
        kind: "wallet",
        from,
        to: report.status,
        holder: state.wallet_holder,
        cause: report.cause,
        at: now,
      });
    }
    if (Object.keys(changes).length > 0) updates.set(report.positionId, changes);
  }
  for (let i = 0; i < transitions.length; i += 1000)
    await trx
      .insertInto("ticket_transitions")
      .values(transitions.slice(i, i + 1000))
      .execute();
  // Tickets with the same outcome (all DOWNLOADED, no holder yet, say) share one UPDATE.
  const groups = new Map<string, { changes: Changes; ids: number[] }>();
  for (const [id, changes] of updates) {
    const key = JSON.stringify(changes);
    const group = groups.get(key) ?? { changes, ids: [] };
    group.ids.push(id);
    groups.set(key, group);
  }
  for (const { changes, ids: group } of groups.values())
    for (let i = 0; i < group.length; i += 1000)
      await trx
        .updateTable("ticket_states")
        .set({ ...changes, updated_at: now })
        .where("position_id", "in", group.slice(i, i + 1000))
        .execute();
  return events;
}

/** One report: what the exhaustive transition test drives. */
export async function applyWalletReport(
  trx: DbHandle,
  report: WalletReport,
): Promise<TransitionEvent | null> {
  return (await applyWalletReports(trx, [report]))[0] ?? null;
}
