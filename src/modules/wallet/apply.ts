import type { DbHandle } from "../../platform/db/index.js";
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

/**
 * A status the provider reported for a ticket: applied if the move is legal from where the ticket is,
 * otherwise only logged as refused. The holder follows the provider (transfers change it).
 */
export async function applyWalletReport(
  trx: DbHandle,
  report: WalletReport,
): Promise<TransitionEvent | null> {
  const state = await trx
    .selectFrom("ticket_states")
    .select(["organizer_id", "wallet_status", "wallet_holder"])
    .where("position_id", "=", report.positionId)
    .executeTakeFirst();
  if (!state) return null;
  const now = isoNow();
  const from = state.wallet_status as WalletStatus | null;
  const legacy = report.legacy
    ? {
        wallet_legacy_status: report.legacy.status,
        wallet_action: report.legacy.action ?? null,
        wallet_state: report.legacy.state ?? null,
      }
    : {};
  const holder = report.holder === undefined ? {} : { wallet_holder: report.holder };
  if (from === report.status) {
    if (report.holder !== undefined || report.legacy)
      await trx
        .updateTable("ticket_states")
        .set({ ...holder, ...legacy, updated_at: now })
        .where("position_id", "=", report.positionId)
        .execute();
    return null;
  }
  const allowed = isWalletStatus(report.status) && walletMoveAllowed(from, report.status);
  await trx
    .insertInto("ticket_transitions")
    .values({
      position_id: report.positionId,
      kind: "wallet",
      from_status: from,
      to_status: report.status,
      cause: report.cause,
      applied: allowed ? 1 : 0,
      created_at: now,
    })
    .execute();
  if (!allowed) return null;
  await trx
    .updateTable("ticket_states")
    .set({ wallet_status: report.status, ...holder, ...legacy, updated_at: now })
    .where("position_id", "=", report.positionId)
    .execute();
  return {
    organizerId: state.organizer_id,
    ticketId: report.positionId,
    kind: "wallet",
    from,
    to: report.status,
    holder: report.holder === undefined ? state.wallet_holder : report.holder,
    cause: report.cause,
    at: now,
  };
}
