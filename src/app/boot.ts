import path from "node:path";
import { pino } from "pino";
import { ticketSigner } from "../modules/credentials/secrets.js";
import { exportJobHandlers } from "../modules/exports/jobs.js";
import { guestOrderPath, orderLinkSigner } from "../modules/orders/guest-links.js";
import { expireOverdueOrders } from "../modules/orders/lifecycle.js";
import { ORDER_MAIL_JOB, orderMailHandler } from "../modules/orders/mails.js";
import { eventPaymentAccounts, isAccountOf } from "../modules/payments/accounts.js";
import { paymentJobHandlers } from "../modules/payments/jobs.js";
import { pollPendingLydiaPayments } from "../modules/payments/lydia/service.js";
import { retentionSweep } from "../modules/privacy/retention.js";
import { ticketLinkSigner } from "../modules/rooms/links.js";
import { roomLinksForOrder } from "../modules/rooms/ticket-links.js";
import { renderOrderTicketsPdf } from "../modules/tickets/render.js";
import { scheduleWalletSyncs } from "../modules/wallet/schedule.js";
import { WALLET_SYNC_JOB, walletSyncHandler } from "../modules/wallet/sync.js";
import { trackLifecycle } from "../modules/wallet/tracker.js";
import { WEBHOOK_JOB, webhookHandler } from "../modules/wallet/webhooks.js";
import type { Config } from "../platform/config.js";
import type { AppContext } from "../platform/context.js";
import { openDatabase } from "../platform/db/index.js";
import { migrateToLatest } from "../platform/db/migrate.js";
import { idempotencySweep } from "../platform/idempotency.js";
import type { JobHandler } from "../platform/jobs/queue.js";
import { SEND_MAIL_JOB, sendMailHandler } from "../platform/mail/jobs.js";
import { createMailer } from "../platform/mail/mailer.js";
import { setOutboundPolicy } from "../platform/outbound.js";
import { loadOrCreateSecrets } from "../platform/secrets.js";

export function sqlitePathFor(config: Config) {
  return path.join(config.dataDir, "tessera.sqlite");
}

/** Every background job kind the platform runs, by name; the server and the tests register the same. */
export function jobHandlersFor(deps: Pick<AppContext, "config" | "db" | "secrets" | "mailer">) {
  const roomLinks = ticketLinkSigner(deps.secrets.signingPrivateKey);
  const orderLinks = orderLinkSigner(deps.secrets.signingPrivateKey);
  return new Map<string, JobHandler>([
    [SEND_MAIL_JOB, sendMailHandler(deps.mailer)],
    [
      ORDER_MAIL_JOB,
      orderMailHandler({
        db: deps.db,
        mailer: deps.mailer,
        config: deps.config,
        renderTickets: (orderId) =>
          renderOrderTicketsPdf(deps.db, deps.config.dataDir, deps.config.timeZone, orderId),
        roomLinks: (order) => roomLinksForOrder(deps.db, roomLinks, order),
        transferInstructions: async (eventId) =>
          (await eventPaymentAccounts(deps.db, eventId))
            .filter((account) => isAccountOf(account, "manual"))
            .map((account) => account.settings.instructions),
        guestOrderLink: async (code) => guestOrderPath(await orderLinks.sign(code)),
      }),
    ],
    [WALLET_SYNC_JOB, walletSyncHandler(deps)],
    [WEBHOOK_JOB, webhookHandler(deps)],
    ...exportJobHandlers(deps.db, deps.config.dataDir, deps.config.timeZone),
    ...paymentJobHandlers(deps),
  ]);
}

/**
 * Opens the database, runs migrations, loads secrets: everything a server or a CLI command needs.
 * A serving process copies SQLite's WAL back from a thread of its own (see sqlite-checkpoints.ts).
 */
export async function createContext(
  config: Config,
  options: { serving?: boolean } = {},
): Promise<AppContext> {
  const log = pino({
    level: config.logLevel,
    // Belt and braces: even if a caller logs a request or a body, these never reach the log.
    redact: {
      paths: ["req.headers.authorization", "req.headers.cookie", "*.password", "*.email", "*.token"],
      censor: "[redacted]",
    },
  });
  const db = openDatabase({
    databaseUrl: config.databaseUrl,
    sqlitePath: sqlitePathFor(config),
    backgroundCheckpoints: options.serving,
    groupCommit: config.processes === 1,
    onConnectionLost: (error) =>
      log.warn(
        { err: { code: (error as { code?: unknown }).code, message: error.message } },
        "database connection lost",
      ),
  });
  await migrateToLatest(db);
  setOutboundPolicy(config.outboundAllow);
  const secrets = await loadOrCreateSecrets(db, config.dataDir);
  const mailer = createMailer({
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    outboxDir: path.join(config.dataDir, "outbox"),
    timeoutMs: config.smtpTimeoutMs,
  });
  const jobHandlers = jobHandlersFor({ config, db, secrets, mailer });
  const sweeps = [
    () => expireOverdueOrders(db),
    () => pollPendingLydiaPayments({ db, secrets, config }),
    () => trackLifecycle(db),
    () => scheduleWalletSyncs(db),
    retentionSweep(db, config.dataDir),
    idempotencySweep(db),
  ];
  return {
    config,
    db,
    secrets,
    signer: ticketSigner(secrets.signingPrivateKey),
    mailer,
    jobHandlers,
    sweeps,
    log,
  };
}

export async function closeContext(ctx: AppContext) {
  ctx.mailer.close();
  await ctx.db.close();
}
