import type { Db, DbHandle } from "../../platform/db/index.js";
import type { PlatformSecrets } from "../../platform/secrets.js";
import { isoNow } from "../../platform/time.js";
import { ROTATION_SECONDS, type RotatingCodes, rotatingCodes } from "../credentials/rotating.js";
import { applyWalletReports, type WalletReport } from "./apply.js";
import { advanceCursor, CursorMoved, readCursor, recordCursorError } from "./cursors.js";
import { type ProviderChange, type ProviderConfig, type ProviderResult, walletProvider } from "./provider.js";
import { modeOf, providerConfig, walletSettings } from "./settings.js";
import { FROM_LEGACY, type LegacyStatus } from "./statuses.js";
import { queueWebhooks, type TransitionEvent } from "./webhooks.js";

export const WALLET_SYNC_JOB = "wallet.sync";
export const pullCursorName = (organizerId: number) => `wallet:${organizerId}`;

const ticketIdOf = (positionId: number) => String(positionId);
const positionOf = (ticketId: string) => (/^\d+$/.test(ticketId) ? Number(ticketId) : null);

/** For tests: called after each applied report, so a crash can be staged in the middle of a batch. */
export type SyncProbe = (report: WalletReport) => void;

/**
 * One sync run for an organizer: push what waits in the outbox, then pull the provider's changes from
 * the stored cursor, batch by batch. Every batch commits with its cursor (or its outbox rows marked
 * sent): a crash resumes at the first batch not committed, and the provider's idempotence makes the
 * resent one harmless. Errors are recorded for the admin and thrown, so the job is retried with backoff.
 */
export async function syncWallet(
  deps: { db: Db; secrets: PlatformSecrets },
  organizerId: number,
  probe?: SyncProbe,
) {
  const settings = await walletSettings(deps.db, organizerId);
  const config = providerConfig(deps.secrets, settings);
  if (!settings || !config) return { pushed: 0, pulled: 0 };
  const name = pullCursorName(organizerId);
  await readCursor(deps.db.kysely, name);
  try {
    const pushed = await push(
      deps.db,
      rotatingCodes(deps.secrets.signingPrivateKey),
      config,
      organizerId,
      settings.batch_size,
      probe,
    );
    const pulled = await pull(
      deps.db,
      config,
      organizerId,
      settings.batch_size,
      modeOf(settings.custom_parameters),
      probe,
    );
    return { pushed, pulled };
  } catch (error) {
    if (error instanceof CursorMoved) return { pushed: 0, pulled: 0 };
    await recordCursorError(deps.db.kysely, name, error instanceof Error ? error.message : String(error));
    throw error;
  }
}

async function applyAll(trx: DbHandle, reports: WalletReport[], probe?: SyncProbe) {
  const events: TransitionEvent[] = [];
  if (probe)
    for (const report of reports) {
      events.push(...(await applyWalletReports(trx, [report])));
      probe(report);
    }
  else events.push(...(await applyWalletReports(trx, reports)));
  await queueWebhooks(trx, events);
}

async function push(
  db: Db,
  rotation: RotatingCodes,
  config: ProviderConfig,
  organizerId: number,
  batchSize: number,
  probe?: SyncProbe,
) {
  let total = 0;
  for (;;) {
    const rows = await db.kysely
      .selectFrom("wallet_outbox as w")
      .innerJoin("order_positions as p", "p.id", "w.position_id")
      .innerJoin("orders as o", "o.id", "p.order_id")
      .innerJoin("events as e", "e.id", "o.event_id")
      .leftJoin("event_dates as d", "d.id", "p.date_id")
      .innerJoin("ticket_states as s", "s.position_id", "w.position_id")
      .select([
        "w.id",
        "w.position_id",
        "w.action",
        "p.secret",
        "e.name as event_name",
        "d.starts_at",
        "s.family",
      ])
      .where("w.organizer_id", "=", organizerId)
      .where("w.sent_at", "is", null)
      .orderBy("w.id")
      .limit(batchSize)
      .execute();
    if (rows.length === 0) return total;
    // A ticket invalidated or cancelled before its pass went out never gets one.
    const injects = rows.filter(
      (r) => r.action === "inject" && (r.family === "printed" || r.family === "controlled"),
    );
    const updates = rows.filter((r) => r.action !== "inject");
    const results: { result: ProviderResult; cause: string }[] = [];
    if (injects.length > 0)
      for (const result of await walletProvider.inject(
        config,
        injects.map((r) => ({
          ticket_id: ticketIdOf(r.position_id),
          event: r.event_name,
          date: r.starts_at,
          barcode: r.secret,
          // For passes that show Tessera's rotating code: the provider derives it like the live ticket page.
          rotating: {
            algorithm: "HMAC-SHA256",
            period_seconds: ROTATION_SECONDS,
            key: rotation.ticketKey(r.secret),
          },
        })),
      ))
        results.push({ result, cause: "provider:inject" });
    if (updates.length > 0) {
      const status = { control: "CONTROLLED", invalidate: "INVALIDATED", cancel: "CANCELLED" } as const;
      for (const result of await walletProvider.pushStatus(
        config,
        updates.map((r) => ({
          ticket_id: ticketIdOf(r.position_id),
          status: status[r.action as keyof typeof status] ?? "INVALIDATED",
        })),
      ))
        results.push({ result, cause: "provider:feedback" });
    }
    await db.kysely.transaction().execute(async (trx) => {
      const reports = results.flatMap(({ result, cause }) => {
        const positionId = positionOf(result.ticket_id);
        return positionId === null ? [] : [{ positionId, status: result.status, cause }];
      });
      await applyAll(trx, reports, probe);
      await trx
        .updateTable("wallet_outbox")
        .set({ sent_at: isoNow() })
        .where(
          "id",
          "in",
          rows.map((r) => r.id),
        )
        .execute();
    });
    total += rows.length;
  }
}

/** History mode speaks legacy statuses: map them to the provider status they stand for. */
function reportOf(change: ProviderChange, mode: "lifecycle" | "history"): WalletReport | null {
  const positionId = positionOf(change.ticket_id);
  if (positionId === null) return null;
  const holder = change.holder === undefined ? {} : { holder: change.holder };
  if (mode === "lifecycle")
    return { positionId, status: change.status ?? "INVALID", cause: "provider:sync", ...holder };
  const legacyStatus = (change.legacy_status ?? "") as LegacyStatus;
  const mapped = FROM_LEGACY[legacyStatus] ?? "INVALID";
  // RECEIVED with a holder set is an assignment (seed 004: "Holder/Assignee fields are set").
  const status = mapped === "DOWNLOADED" && change.holder ? "ASSIGNED" : mapped;
  return {
    positionId,
    status,
    cause: "provider:sync",
    legacy: { status: legacyStatus, action: change.action, state: change.state },
    ...holder,
  };
}

async function pull(
  db: Db,
  config: ProviderConfig,
  organizerId: number,
  batchSize: number,
  mode: "lifecycle" | "history",
  probe?: SyncProbe,
) {
  const name = pullCursorName(organizerId);
  let total = 0;
  for (;;) {
    const from = await readCursor(db.kysely, name);
    const page = await walletProvider.changes(config, from, batchSize, mode);
    const changes = page.changes ?? [];
    if (changes.length === 0) {
      await advanceCursor(db.kysely, name, from, from, 0);
      return total;
    }
    await db.kysely.transaction().execute(async (trx) => {
      await applyAll(
        trx,
        changes.map((c) => reportOf(c, mode)).filter((r): r is WalletReport => r !== null),
        probe,
      );
      if (!(await advanceCursor(trx, name, from, page.next_cursor, changes.length)))
        throw new CursorMoved(name);
    });
    total += changes.length;
  }
}

/** The job: one organizer's sync; a failure is retried by the queue with growing delays. */
export function walletSyncHandler(deps: { db: Db; secrets: PlatformSecrets }) {
  return async (payload: unknown) => {
    await syncWallet(deps, (payload as { organizerId: number }).organizerId);
  };
}
