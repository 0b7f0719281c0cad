import { hashToken, hmac, randomToken, safeEqual, seal, unseal } from "./crypto.js";
import type { Db } from "./db/index.js";
import { type Clock, isoIn, isoNow, systemClock } from "./time.js";

/**
 * The store behind Idempotency-Key headers (issue 21; the HTTP side is http/idempotency.ts).
 *
 * A key belongs to one caller (`scope`) and one endpoint (method and path): the first request claims
 * it with an insert that the primary key lets only one concurrent request win, on either database;
 * its answer is stored as it is sent, and every retry with the same request gets that answer back.
 * Nothing is readable without the key, which is never stored: the row holds a hash of it, an HMAC of
 * the request keyed by it, and the answer sealed (AES-256-GCM) with a key derived from it, so the
 * answers (an order with its ticket secrets, a new API token) are no use to whoever copies the
 * database. Rows go a day after their first use (`purgeIdempotencyKeys`, from the worker's sweep).
 */

/** How long a key is remembered after its first use. */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60_000;
/**
 * A claim older than this whose answer never came is given to the next retry: its request died with
 * its process (kill -9, power) or hangs past every deadline the server has (partners 10 s, database
 * 5 s, a request body 60 s), so the key cannot stay stuck.
 */
export const STALE_CLAIM_MS = 60_000;

export interface IdempotentCall {
  /** Who may replay it: "token:7", "user:3", "superadmin", "anonymous" (see http/idempotency.ts). */
  scope: string;
  /** "POST /api/v1/…" without the query: the same key on another endpoint is another key. */
  endpoint: string;
  key: string;
  /** Method, URL and a digest of the body: what must be the same for a replay. */
  request: string;
}

export interface StoredAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** What the first request answered: JSON as the string it was sent as, anything else as bytes. */
export type AnswerToStore = Omit<StoredAnswer, "body"> & { body: string | Buffer };

export type Claim =
  | { kind: "claimed"; owner: string }
  | { kind: "replay"; answer: StoredAnswer }
  | { kind: "in_progress" }
  | { kind: "mismatch" };

const keyHashOf = (call: IdempotentCall) => hashToken(`${call.endpoint}\n${call.key}`);
const fingerprintOf = (call: IdempotentCall) => hmac(call.key, `idempotency:v1\n${call.request}`);
// seal() derives its AES key from this string by HKDF: the key, bound to its caller and endpoint.
const sealingSecret = (call: IdempotentCall) =>
  `idempotency:v1\n${call.scope}\n${call.endpoint}\n${call.key}`;

type SealedAnswer = { headers: Record<string, string>; text?: string; base64?: string };

function sealAnswer(call: IdempotentCall, answer: AnswerToStore): string {
  const { headers, body } = answer;
  const sealed: SealedAnswer =
    typeof body === "string" ? { headers, text: body } : { headers, base64: body.toString("base64") };
  return seal(sealingSecret(call), JSON.stringify(sealed));
}

function openAnswer(call: IdempotentCall, status: number, sealed: string): StoredAnswer {
  const { headers, text, base64 } = JSON.parse(unseal(sealingSecret(call), sealed)) as SealedAnswer;
  const body = text !== undefined ? Buffer.from(text, "utf8") : Buffer.from(base64 ?? "", "base64");
  return { status, headers, body };
}

const rowOf = (db: Db, scope: string, keyHash: string) =>
  db.kysely
    .selectFrom("idempotency_keys")
    .select(["fingerprint", "state", "owner", "status", "response", "claimed_at"])
    .where("scope", "=", scope)
    .where("key_hash", "=", keyHash);

/**
 * Claims the key for this request, or says what to answer instead: the stored answer, "in progress"
 * (another request holds it right now) or "mismatch" (the key was used for a different request).
 */
export async function claimKey(db: Db, call: IdempotentCall, clock: Clock = systemClock): Promise<Claim> {
  const keyHash = keyHashOf(call);
  const fingerprint = fingerprintOf(call);
  // A row can vanish between our insert and our read (its request failed and released it): claim again.
  for (let attempt = 0; attempt < 3; attempt++) {
    const owner = randomToken(12);
    const now = isoNow(clock);
    const inserted = await db.kysely
      .insertInto("idempotency_keys")
      .values({
        scope: call.scope,
        key_hash: keyHash,
        fingerprint,
        state: "in_progress",
        owner,
        status: null,
        response: null,
        claimed_at: now,
        created_at: now,
      })
      .onConflict((oc) => oc.columns(["scope", "key_hash"]).doNothing())
      .returning("owner")
      .executeTakeFirst();
    if (inserted) return { kind: "claimed", owner };

    const row = await rowOf(db, call.scope, keyHash).executeTakeFirst();
    if (!row) continue;
    if (!safeEqual(row.fingerprint, fingerprint)) return { kind: "mismatch" };
    if (row.state === "done" && row.response !== null && row.status !== null)
      return { kind: "replay", answer: openAnswer(call, row.status, row.response) };
    if (row.claimed_at > isoIn(-STALE_CLAIM_MS, clock)) return { kind: "in_progress" };
    // Conditional on the old owner: of several retries arriving at once, one takes it over.
    const taken = await db.kysely
      .updateTable("idempotency_keys")
      .set({ owner, claimed_at: now })
      .where("scope", "=", call.scope)
      .where("key_hash", "=", keyHash)
      .where("state", "=", "in_progress")
      .where("owner", "=", row.owner)
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) === 1) return { kind: "claimed", owner };
  }
  return { kind: "in_progress" };
}

/** Stores the answer of the request that holds the claim, for its retries. */
export async function completeKey(db: Db, call: IdempotentCall, owner: string, answer: AnswerToStore) {
  await db.kysely
    .updateTable("idempotency_keys")
    .set({ state: "done", status: answer.status, response: sealAnswer(call, answer) })
    .where("scope", "=", call.scope)
    .where("key_hash", "=", keyHashOf(call))
    .where("owner", "=", owner)
    .where("state", "=", "in_progress")
    .execute();
}

/** Gives the key back (the request failed on our side): the next retry runs the request again. */
export async function releaseKey(db: Db, call: IdempotentCall, owner: string): Promise<void> {
  await db.kysely
    .deleteFrom("idempotency_keys")
    .where("scope", "=", call.scope)
    .where("key_hash", "=", keyHashOf(call))
    .where("owner", "=", owner)
    .where("state", "=", "in_progress")
    .execute();
}

/** Forgets keys first used more than IDEMPOTENCY_RETENTION_MS ago; returns how many. */
export async function purgeIdempotencyKeys(db: Db, clock: Clock = systemClock): Promise<number> {
  const result = await db.kysely
    .deleteFrom("idempotency_keys")
    .where("created_at", "<", isoIn(-IDEMPOTENCY_RETENTION_MS, clock))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** For the worker's sweeps: purges at most every `everyMs` (default 10 minutes), so keys live 24 h to 24 h 10 min. */
export function idempotencySweep(db: Db, everyMs = 10 * 60_000) {
  let last = 0;
  return async () => {
    if (Date.now() - last < everyMs) return 0;
    last = Date.now();
    return purgeIdempotencyKeys(db);
  };
}
