import type { Actor } from "../../platform/auth/actor.js";
import { ADMIN_LEVELS, authorize } from "../../platform/auth/policy.js";
import { hashToken, randomToken } from "../../platform/crypto.js";
import type { Db } from "../../platform/db/index.js";
import { prepared } from "../../platform/db/prepared.js";
import { notFound } from "../../platform/errors.js";
import { isoNow } from "../../platform/time.js";
import { Checker } from "../../platform/validation.js";
import type { Organizer } from "./service.js";

/** Recognisable in logs and secret scanners without revealing anything. */
const TOKEN_PREFIX = "tsk_";

export async function createApiToken(
  db: Db,
  actor: Actor,
  organizer: Organizer,
  input: { name?: unknown; level?: unknown },
) {
  authorize(actor, "organizer.manage", { type: "organizer", organizerId: organizer.id });
  const check = new Checker();
  const name = check.text("name", input.name, { max: 120 });
  const level = check.oneOf("level", input.level ?? "full", ADMIN_LEVELS);
  check.done();
  const token = TOKEN_PREFIX + randomToken();
  const row = await db.kysely
    .insertInto("api_tokens")
    .values({
      organizer_id: organizer.id,
      name,
      level,
      token_hash: hashToken(token),
      created_by: actor.kind === "user" ? actor.user.id : null,
      created_at: isoNow(),
      last_used_at: null,
      revoked_at: null,
    })
    .returning(["id", "name", "level", "created_at"])
    .executeTakeFirstOrThrow();
  return { ...row, token };
}

export async function listApiTokens(db: Db, actor: Actor, organizer: Organizer) {
  authorize(actor, "organizer.manage", { type: "organizer", organizerId: organizer.id });
  return db.kysely
    .selectFrom("api_tokens")
    .select(["id", "name", "level", "created_at", "last_used_at", "revoked_at"])
    .where("organizer_id", "=", organizer.id)
    .orderBy("id", "desc")
    .execute();
}

export async function revokeApiToken(db: Db, actor: Actor, organizer: Organizer, tokenId: number) {
  authorize(actor, "organizer.manage", { type: "organizer", organizerId: organizer.id });
  const result = await db.kysely
    .updateTable("api_tokens")
    .set({ revoked_at: isoNow() })
    .where("id", "=", tokenId)
    .where("organizer_id", "=", organizer.id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw notFound("Token");
}

// Every scanner and partner request starts here: compiled once (platform/db/prepared.ts).
const liveToken = prepared((db, hash: string) =>
  db
    .selectFrom("api_tokens")
    .select(["id", "organizer_id", "level", "last_used_at"])
    .where("token_hash", "=", hash)
    .where("revoked_at", "is", null),
);

export async function actorForApiToken(db: Db, token: string): Promise<Actor | undefined> {
  const row = await liveToken.first(db.kysely, hashToken(token));
  if (!row) return undefined;
  // Coarse "last used" (hourly) keeps token-authenticated hot paths free of a write per request.
  const now = isoNow();
  if (!row.last_used_at || Date.parse(now) - Date.parse(row.last_used_at) > 3600_000) {
    await db.kysely.updateTable("api_tokens").set({ last_used_at: now }).where("id", "=", row.id).execute();
  }
  return { kind: "token", tokenId: row.id, organizerId: row.organizer_id, level: row.level };
}
