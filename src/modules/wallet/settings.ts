import type { Actor } from "../../platform/auth/actor.js";
import { authorize } from "../../platform/auth/policy.js";
import { seal, unseal } from "../../platform/crypto.js";
import type { Db } from "../../platform/db/index.js";
import type { PlatformSecrets } from "../../platform/secrets.js";
import { isoNow } from "../../platform/time.js";
import { Checker } from "../../platform/validation.js";
import type { ProviderConfig } from "./provider.js";

export type SyncMode = "lifecycle" | "history";

/** Seed 004: `TIXNGO_LIFECYCLE_MODE=lifecycle` among the custom parameters; history mode otherwise. */
export function modeOf(customParameters: string): SyncMode {
  for (const line of customParameters.split(/[\n;]/)) {
    const [key, value] = line.split("=").map((s) => s.trim());
    if (key === "TIXNGO_LIFECYCLE_MODE" && value?.toLowerCase() === "lifecycle") return "lifecycle";
  }
  return "history";
}

export async function walletSettings(db: Db, organizerId: number) {
  return db.kysely
    .selectFrom("wallet_settings")
    .selectAll()
    .where("organizer_id", "=", organizerId)
    .executeTakeFirst();
}

export interface WalletSettingsInput {
  provider_url?: unknown;
  api_key?: unknown;
  custom_parameters?: unknown;
  batch_size?: unknown;
  webhook_url?: unknown;
  webhook_secret?: unknown;
}

/** Saves the organizer's wallet settings; empty secrets keep the stored ones. */
export async function saveWalletSettings(
  db: Db,
  secrets: PlatformSecrets,
  actor: Actor,
  organizerId: number,
  input: WalletSettingsInput,
) {
  authorize(actor, "organizer.manage", { type: "organizer", organizerId });
  const check = new Checker();
  const providerUrl = check.optionalOutboundUrl("provider_url", input.provider_url);
  const webhookUrl = check.optionalOutboundUrl("webhook_url", input.webhook_url);
  const apiKey = check.optionalText("api_key", input.api_key, 500);
  const webhookSecret = check.optionalText("webhook_secret", input.webhook_secret, 500);
  const custom = check.optionalText("custom_parameters", input.custom_parameters, 2000) ?? "";
  const batchSize = check.optionalInt("batch_size", input.batch_size ?? 1000, 1, 10_000) ?? 1000;
  check.done();
  const current = await walletSettings(db, organizerId);
  const values = {
    provider_url: providerUrl,
    sealed_api_key: apiKey ? seal(secrets.cookieSecret, apiKey) : (current?.sealed_api_key ?? null),
    custom_parameters: custom,
    batch_size: batchSize,
    webhook_url: webhookUrl,
    sealed_webhook_secret: webhookSecret
      ? seal(secrets.cookieSecret, webhookSecret)
      : (current?.sealed_webhook_secret ?? null),
    updated_at: isoNow(),
  };
  await db.kysely
    .insertInto("wallet_settings")
    .values({ organizer_id: organizerId, ...values })
    .onConflict((oc) => oc.column("organizer_id").doUpdateSet(values))
    .execute();
  return presentWalletSettings(await walletSettings(db, organizerId));
}

export function presentWalletSettings(row: Awaited<ReturnType<typeof walletSettings>>) {
  return {
    provider_url: row?.provider_url ?? null,
    api_key_set: Boolean(row?.sealed_api_key),
    custom_parameters: row?.custom_parameters ?? "",
    mode: modeOf(row?.custom_parameters ?? ""),
    batch_size: row?.batch_size ?? 1000,
    webhook_url: row?.webhook_url ?? null,
    webhook_secret_set: Boolean(row?.sealed_webhook_secret),
  };
}

export function providerConfig(
  secrets: PlatformSecrets,
  row: Awaited<ReturnType<typeof walletSettings>>,
): ProviderConfig | null {
  if (!row?.provider_url || !row.sealed_api_key) return null;
  return { url: row.provider_url, apiKey: unseal(secrets.cookieSecret, row.sealed_api_key) };
}
