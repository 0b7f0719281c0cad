import { createHmac } from "node:crypto";
import { unseal } from "../../platform/crypto.js";
import type { Db, DbHandle } from "../../platform/db/index.js";
import { enqueueIn } from "../../platform/jobs/queue.js";
import { outboundFetch } from "../../platform/outbound.js";
import type { PlatformSecrets } from "../../platform/secrets.js";

export const WEBHOOK_JOB = "wallet.webhook";
/** A receiver that has not taken a delivery by then is down: the job retries with backoff. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

export interface TransitionEvent {
  organizerId: number;
  ticketId: number;
  kind: "business" | "wallet";
  from: string | null;
  to: string;
  family?: string;
  holder?: string | null;
  cause: string;
  at: string;
}

/** One delivery per organizer and batch, queued in the batch's transaction. */
export async function queueWebhooks(trx: DbHandle, events: TransitionEvent[]) {
  if (events.length === 0) return;
  const organizers = [...new Set(events.map((e) => e.organizerId))];
  const hooked = await trx
    .selectFrom("wallet_settings")
    .select("organizer_id")
    .where("organizer_id", "in", organizers)
    .where("webhook_url", "is not", null)
    .execute();
  for (const { organizer_id } of hooked) {
    const mine = events.filter((e) => e.organizerId === organizer_id);
    await enqueueIn(
      trx,
      WEBHOOK_JOB,
      {
        organizerId: organizer_id,
        events: mine.map(({ organizerId: _, ...event }) => event),
      },
      { maxAttempts: 12 },
    );
  }
}

/** `t=<unix seconds>,v1=<HMAC-SHA256 of "<t>.<body>" with the organizer's webhook secret>` */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/**
 * Delivers one batch of transitions: a JSON POST, signed; anything but a 2xx throws, so the job queue
 * retries it with growing delays. The payload holds ids and statuses; the holder only as the provider
 * reported it.
 */
export function webhookHandler(deps: { db: Db; secrets: PlatformSecrets }) {
  return async (payload: unknown) => {
    const { organizerId, events } = payload as { organizerId: number; events: unknown[] };
    const settings = await deps.db.kysely
      .selectFrom("wallet_settings")
      .select(["webhook_url", "sealed_webhook_secret"])
      .where("organizer_id", "=", organizerId)
      .executeTakeFirst();
    if (!settings?.webhook_url || !settings.sealed_webhook_secret) return;
    const body = JSON.stringify({ type: "ticket.transitions", events });
    const timestamp = Math.floor(Date.now() / 1000);
    const res = await outboundFetch(settings.webhook_url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-tessera-signature": webhookSignature(
          unseal(deps.secrets.cookieSecret, settings.sealed_webhook_secret),
          timestamp,
          body,
        ),
      },
      body,
      timeoutMs: WEBHOOK_TIMEOUT_MS,
      maxBytes: 64 * 1024,
    });
    if (!res.ok) throw new Error(`Webhook answered ${res.status}`);
  };
}
