import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Actor } from "../auth/actor.js";
import { hashToken } from "../crypto.js";
import type { Db } from "../db/index.js";
import { domainError } from "../errors.js";
import { claimKey, completeKey, type IdempotentCall, releaseKey, type StoredAnswer } from "../idempotency.js";

/**
 * `Idempotency-Key` on API writes (issue 21), after draft-ietf-httpapi-idempotency-key-header: the same
 * key with the same request replays the first answer (`Idempotent-Replayed: true`), a different request
 * gets 422, a retry while the first is still running 409 with Retry-After, a malformed key 400.
 * A request without the header costs one property lookup: no database round trip. With it: one insert
 * before the handler (after authentication, CSRF and schema validation, so those refusals claim
 * nothing) and one update as the answer is sent. The store is ../idempotency.ts.
 */

declare module "fastify" {
  interface FastifyRequest {
    /** Set when the request carries a usable Idempotency-Key; `owner` once it holds the claim. */
    idempotency: (IdempotentCall & { owner: string | null }) | null;
  }
}

const HEADER = "idempotency-key";
const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** What a replay repeats besides status and body; never cookies (a session is not handed out twice). */
const REPLAYED_HEADERS = ["content-type", "location", "content-disposition"];
/**
 * Answers that mean "not now" or "not like this" rather than "this is the result": the key is given
 * back, and a retry runs again. Any 5xx (the work may not have happened), 401/403 (a grant may come),
 * 408 and 429 (try later). Every other answer, 4xx included (sold_out, validation by a service), is
 * the result of that request and is replayed.
 */
const released = (status: number) => status >= 500 || [401, 403, 408, 429].includes(status);
const MAX_KEY_LENGTH = 255;

/** The key as sent; the draft's quoted form ("…", a structured-field string) is accepted too. */
export function readIdempotencyKey(header: string | string[]): string {
  // A list only in the types: Node joins a repeated header with ", ", one key like any other.
  const raw = Array.isArray(header) ? "" : header.trim();
  const key = /^".+"$/.test(raw) ? raw.slice(1, -1) : raw;
  if (key.length < 1 || key.length > MAX_KEY_LENGTH || !/^[\x20-\x7e]+$/.test(key))
    throw domainError(
      "idempotency_key_invalid",
      `Idempotency-Key must be one header of 1 to ${MAX_KEY_LENGTH} printable ASCII characters (a UUID, say)`,
      400,
    );
  return key;
}

/**
 * Whose key it is: the API token, the signed-in person, the platform token. Anonymous callers (buyers
 * on the public order API) share one scope, where the key itself tells them apart: use a random one.
 * Callers whose credentials the routes check themselves (a partner's JWT) are kept apart by a hash
 * of their Authorization header.
 */
export function idempotencyScope(actor: Actor, authorization: string | undefined): string {
  switch (actor.kind) {
    case "token":
      return `token:${actor.tokenId}`;
    case "user":
      return `user:${actor.user.id}`;
    case "superadmin":
      return "superadmin";
    case "orderLink":
    case "anonymous":
      return authorization ? `credential:${hashToken(authorization)}` : "anonymous";
  }
}

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

/** JSON with sorted keys: a client that rebuilds the same body in another order sends the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** Raw uploads (images, CSV, multipart) by their bytes, parsed JSON and forms by their content. */
function bodyDigest(body: unknown): string {
  if (body === undefined || body === null) return "none";
  if (Buffer.isBuffer(body)) return `bytes:${sha256(body)}`;
  if (typeof body === "string") return `text:${sha256(body)}`;
  return `json:${sha256(canonicalJson(body))}`;
}

function replay(reply: FastifyReply, answer: StoredAnswer) {
  reply.code(answer.status);
  for (const [name, value] of Object.entries(answer.headers)) reply.header(name, value);
  reply.header("idempotent-replayed", "true");
  reply.send(answer.body.length > 0 ? answer.body : undefined);
}

async function settle(db: Db, req: FastifyRequest, reply: FastifyReply, owner: string, payload: unknown) {
  const call = req.idempotency as IdempotentCall;
  const storable =
    payload === undefined || payload === null || typeof payload === "string" || Buffer.isBuffer(payload);
  // A stream cannot be replayed: the key is given back like a failure (no write route streams today).
  if (released(reply.statusCode) || !storable) return releaseKey(db, call, owner);
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = reply.getHeader(name);
    if (value !== undefined) headers[name] = String(value);
  }
  await completeKey(db, call, owner, { status: reply.statusCode, headers, body: payload ?? "" });
}

export function installIdempotency(app: FastifyInstance, db: Db) {
  app.decorateRequest("idempotency", null);

  // Before schema validation: the body as the client sent it, before defaults or coercion.
  app.addHook("preValidation", (req, _reply, done) => {
    const header = req.headers[HEADER];
    if (header === undefined || !WRITES.has(req.method) || !req.url.startsWith("/api/") || req.is404)
      return done();
    try {
      const key = readIdempotencyKey(header);
      const path = req.url.split("?", 1)[0];
      req.idempotency = {
        scope: idempotencyScope(req.actor, req.headers.authorization),
        endpoint: `${req.method} ${path}`,
        key,
        request: `${req.method} ${req.url}\n${bodyDigest(req.body)}`,
        owner: null,
      };
      done();
    } catch (error) {
      done(error as Error);
    }
  });

  app.addHook("preHandler", (req, reply, done) => {
    const call = req.idempotency;
    if (!call) return done();
    claimKey(db, call).then((claim) => {
      switch (claim.kind) {
        case "claimed":
          call.owner = claim.owner;
          return done();
        case "replay":
          // Answering from the hook ends the chain: the handler never runs (done is not called).
          return replay(reply, claim.answer);
        case "in_progress":
          reply.header("retry-after", "1");
          return done(
            domainError(
              "idempotency_in_progress",
              "A request with this Idempotency-Key is still running",
              409,
            ),
          );
        case "mismatch":
          return done(
            domainError(
              "idempotency_key_reused",
              "This Idempotency-Key was used for a different request (another body or URL)",
              422,
            ),
          );
      }
    }, done);
  });

  app.addHook("onSend", (req, reply, payload, done) => {
    const owner = req.idempotency?.owner;
    if (!owner || !req.idempotency) return done(null, payload);
    req.idempotency.owner = null;
    settle(db, req, reply, owner, payload).then(
      () => done(null, payload),
      (error: unknown) => {
        // The work is done and its answer goes out; only the replay is lost. The claim is taken over
        // after STALE_CLAIM_MS, so the key is not stuck.
        req.log.warn({ err: { code: (error as { code?: unknown }).code } }, "idempotency answer not stored");
        done(null, payload);
      },
    );
  });
}
