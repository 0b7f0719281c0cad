import type { Db } from "../../platform/db/index.js";
import { isoNow } from "../../platform/time.js";

/** Platform-wide privacy choices, kept as name/value rows. */
export interface PrivacySettings {
  /** Whether internal (institution) accounts may delete themselves, under the same 30-day rule. */
  internalDeletion: boolean;
}

const INTERNAL_DELETION = "privacy.internal_deletion";

export async function loadPrivacySettings(db: Db): Promise<PrivacySettings> {
  const row = await db.kysely
    .selectFrom("platform_settings")
    .select("value")
    .where("name", "=", INTERNAL_DELETION)
    .executeTakeFirst();
  return { internalDeletion: row?.value === "1" };
}

export async function savePrivacySettings(db: Db, settings: PrivacySettings) {
  const value = settings.internalDeletion ? "1" : "0";
  await db.kysely
    .insertInto("platform_settings")
    .values({ name: INTERNAL_DELETION, value, updated_at: isoNow() })
    .onConflict((oc) => oc.column("name").doUpdateSet({ value, updated_at: isoNow() }))
    .execute();
}
