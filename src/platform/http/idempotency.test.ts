import { Readable } from "node:stream";
import Fastify, { type FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, dialects, type TestDatabase } from "../../testing/databases.js";
import { installErrorHandling } from "../../web/common/error-pages.js";
import { anonymous } from "../auth/actor.js";
import { domainError } from "../errors.js";
import {
  claimKey,
  IDEMPOTENCY_RETENTION_MS,
  type IdempotentCall,
  idempotencySweep,
  purgeIdempotencyKeys,
  STALE_CLAIM_MS,
} from "../idempotency.js";
import { canonicalJson, installIdempotency } from "./idempotency.js";

/** A small app with the real hooks on a real database: routes that fail, stall and stream on demand. */
async function plumbing(database: TestDatabase) {
  const app: FastifyInstance = Fastify();
  app.decorateRequest("actor", null as never);
  app.addHook("onRequest", async (req) => {
    const token = req.headers["x-token"];
    req.actor =
      typeof token === "string"
        ? { kind: "token", tokenId: Number(token), organizerId: 1, level: "full" }
        : anonymous;
  });
  installIdempotency(app, database.db);
  installErrorHandling(app);
  app.addContentTypeParser("image/png", { parseAs: "buffer" }, (_req, body, done) => done(null, body));
  const state = { runs: 0, fail: false, gate: undefined as Promise<void> | undefined, answer: 201 };
  app.post("/api/things", async (req, reply) => {
    const run = ++state.runs;
    await state.gate;
    if (state.fail) throw new Error("the database fell over");
    if (state.answer !== 201) throw domainError(`refused_${state.answer}`, "No", state.answer);
    return reply.status(201).header("location", `/api/things/${run}`).send({ run, body: req.body });
  });
  app.post("/api/other", async () => ({ run: ++state.runs }));
  app.put("/api/raw", async (req) => ({ run: ++state.runs, bytes: (req.body as Buffer).length }));
  app.post("/api/stream", async (_req, reply) => {
    state.runs++;
    return reply.type("text/plain").send(Readable.from(["streamed"]));
  });
  app.post("/form", async () => ({ run: ++state.runs }));
  await app.ready();
  return { app, state };
}

describe.each(dialects)("idempotency keys on %s", (dialect) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let state: Awaited<ReturnType<typeof plumbing>>["state"];
  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    ({ app, state } = await plumbing(database));
  });
  afterEach(async () => {
    await app?.close();
    await database?.drop();
  });
  const post = (key: string | undefined, payload: object, more: { url?: string; token?: string } = {}) =>
    app.inject({
      method: "POST",
      url: more.url ?? "/api/things",
      payload,
      headers: {
        ...(key === undefined ? {} : { "idempotency-key": key }),
        ...(more.token ? { "x-token": more.token } : {}),
      },
    });
  const rows = () => database.db.kysely.selectFrom("idempotency_keys").selectAll().execute();

  it("replays the first answer (status, body, Location) and runs the handler once", async () => {
    const first = await post("key-1", { a: 1, b: [1, 2] });
    expect(first.statusCode).toBe(201);
    expect(first.headers["idempotent-replayed"]).toBeUndefined();
    // The same body rebuilt in another key order is the same request.
    const again = await post("key-1", { b: [1, 2], a: 1 });
    expect(again.statusCode).toBe(201);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.headers.location).toBe("/api/things/1");
    expect(again.headers["content-type"]).toContain("application/json");
    expect(again.body).toBe(first.body);
    expect(state.runs).toBe(1);
    // At rest: neither the key nor the answer in clear.
    const [row] = await rows();
    expect(row).toMatchObject({ scope: "anonymous", state: "done", status: 201 });
    expect(JSON.stringify(row)).not.toContain("key-1");
    expect(row?.response).not.toContain("things");
  });

  it("refuses the same key for another body or query with 422 and runs nothing; another endpoint is another key", async () => {
    await post("key-2", { a: 1 });
    for (const res of [
      await post("key-2", { a: 2 }),
      await post("key-2", { a: 1 }, { url: "/api/things?x=1" }),
    ]) {
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe("idempotency_key_reused");
    }
    expect(state.runs).toBe(1);
    expect((await post("key-2", { a: 1 }, { url: "/api/other" })).json()).toEqual({ run: 2 });
  });

  it("answers 400 to malformed keys before any work, and reads the draft's quoted form", async () => {
    for (const key of ["", "   ", "x".repeat(256), "caf\u00e9", "tab\there"]) {
      const res = await post(key, { a: 1 });
      expect(res.statusCode, JSON.stringify(key)).toBe(400);
      expect(res.json().error.code).toBe("idempotency_key_invalid");
    }
    expect(state.runs).toBe(0);
    expect((await post("x".repeat(255), { a: 1 })).statusCode).toBe(201);
    await post("quoted", { a: 1 });
    expect((await post('"quoted"', { a: 1 })).headers["idempotent-replayed"]).toBe("true");
  });

  it("leaves requests without the header, reads and pages alone: no row, every call runs", async () => {
    await post(undefined, { a: 1 });
    await post(undefined, { a: 1 });
    await post("page", {}, { url: "/form" });
    await post("page", {}, { url: "/form" });
    expect(state.runs).toBe(4);
    expect(await rows()).toEqual([]);
  });

  it("gives the key back after a 5xx, so the retry does the work", async () => {
    state.fail = true;
    expect((await post("key-5", { a: 1 })).statusCode).toBe(500);
    expect(await rows()).toEqual([]);
    state.fail = false;
    const retry = await post("key-5", { a: 1 });
    expect(retry.statusCode).toBe(201);
    expect(retry.headers["idempotent-replayed"]).toBeUndefined();
    expect(state.runs).toBe(2);
  });

  it("replays refusals that are the request's result (a domain 409), not 403 or 429", async () => {
    state.answer = 409;
    expect((await post("conflict", { a: 1 })).statusCode).toBe(409);
    state.answer = 201;
    const replayed = await post("conflict", { a: 1 });
    expect([replayed.statusCode, replayed.json().error.code]).toEqual([409, "refused_409"]);
    expect(replayed.headers["idempotent-replayed"]).toBe("true");
    for (const status of [403, 429]) {
      state.answer = status;
      expect((await post(`given-back-${status}`, { a: 1 })).statusCode).toBe(status);
      state.answer = 201;
      expect((await post(`given-back-${status}`, { a: 1 })).statusCode).toBe(201);
    }
  });

  it("answers 409 with Retry-After while the first request runs, then the stored answer", async () => {
    let open = () => {};
    state.gate = new Promise((resolve) => {
      open = resolve;
    });
    const first = post("slow", { a: 1 });
    while (state.runs === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const during = await post("slow", { a: 1 });
    expect(during.statusCode).toBe(409);
    expect(during.json().error.code).toBe("idempotency_in_progress");
    expect(during.headers["retry-after"]).toBe("1");
    open();
    expect((await first).statusCode).toBe(201);
    const after = await post("slow", { a: 1 });
    expect([after.statusCode, after.headers["idempotent-replayed"]]).toEqual([201, "true"]);
    expect(state.runs).toBe(1);
  });

  it("gives a claim whose request died to the next retry; the late first answer is not stored over it", async () => {
    let open = () => {};
    state.gate = new Promise((resolve) => {
      open = resolve;
    });
    const first = post("stuck", { a: 1 });
    while (state.runs === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    // As if its process had been killed a while ago: the claim is old and unanswered.
    const longAgo = new Date(Date.now() - STALE_CLAIM_MS - 1000).toISOString();
    await database.db.kysely.updateTable("idempotency_keys").set({ claimed_at: longAgo }).execute();
    state.gate = undefined;
    const retry = await post("stuck", { a: 1 });
    expect([retry.statusCode, retry.json().run]).toEqual([201, 2]);
    open();
    expect((await first).json().run).toBe(1);
    expect((await post("stuck", { a: 1 })).json().run).toBe(2);
    // Of many retries at once on a stale claim, one takes it.
    const call: IdempotentCall = {
      scope: "anonymous",
      endpoint: "POST /x",
      key: "k",
      request: "POST /x\nnone",
    };
    await claimKey(database.db, call, () => new Date(longAgo));
    const claims = await Promise.all(Array.from({ length: 10 }, () => claimKey(database.db, call)));
    expect(claims.filter((c) => c.kind === "claimed")).toHaveLength(1);
  });

  it("stores the answer of a request whose client hung up, so its retry finds the work done", async () => {
    let open = () => {};
    state.gate = new Promise((resolve) => {
      open = resolve;
    });
    const url = await app.listen({ port: 0, host: "127.0.0.1" });
    const hangUp = new AbortController();
    const first = fetch(`${url}/api/things`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": "hung-up" },
      body: JSON.stringify({ a: 1 }),
      signal: hangUp.signal,
    }).catch((error: unknown) => error);
    while (state.runs === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    hangUp.abort();
    expect(await first).toBeInstanceOf(Error);
    state.gate = undefined;
    open();
    // The handler goes on without its client; its answer is stored as it is sent.
    let row = (await rows())[0];
    for (let i = 0; i < 200 && row?.state !== "done"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      row = (await rows())[0];
    }
    const retry = await post("hung-up", { a: 1 });
    expect([retry.statusCode, retry.headers["idempotent-replayed"], retry.json().run]).toEqual([
      201,
      "true",
      1,
    ]);
    expect(state.runs).toBe(1);
  });

  it("claims a key once among 20 concurrent requests", async () => {
    const call: IdempotentCall = {
      scope: "token:1",
      endpoint: "POST /x",
      key: "k",
      request: "POST /x\nnone",
    };
    const claims = await Promise.all(Array.from({ length: 20 }, () => claimKey(database.db, call)));
    expect(claims.filter((c) => c.kind === "claimed")).toHaveLength(1);
    expect(claims.filter((c) => c.kind === "in_progress")).toHaveLength(19);
  });

  it("keeps keys apart per caller", async () => {
    await post("shared", { a: 1 }, { token: "1" });
    const other = await post("shared", { a: 1 }, { token: "2" });
    const anon = await post("shared", { a: 1 });
    expect([other.headers["idempotent-replayed"], anon.headers["idempotent-replayed"]]).toEqual([
      undefined,
      undefined,
    ]);
    expect(state.runs).toBe(3);
    expect((await post("shared", { a: 1 }, { token: "2" })).json().run).toBe(2);
  });

  it("fingerprints raw uploads by their bytes and gives streamed answers back", async () => {
    const put = (bytes: string) =>
      app.inject({
        method: "PUT",
        url: "/api/raw",
        payload: Buffer.from(bytes),
        headers: { "content-type": "image/png", "idempotency-key": "upload" },
      });
    expect((await put("12345")).json()).toEqual({ run: 1, bytes: 5 });
    expect((await put("12345")).headers["idempotent-replayed"]).toBe("true");
    expect((await put("54321")).statusCode).toBe(422);
    for (let i = 0; i < 2; i++)
      expect((await post("stream", {}, { url: "/api/stream" })).body).toBe("streamed");
    expect(state.runs).toBe(3);
  });

  it("purges keys a day after their first use, not before", async () => {
    await post("old", { a: 1 });
    const dayLater = (ms: number) => () => new Date(Date.now() + IDEMPOTENCY_RETENTION_MS + ms);
    expect(await purgeIdempotencyKeys(database.db, dayLater(-60_000))).toBe(0);
    expect((await post("old", { a: 1 })).headers["idempotent-replayed"]).toBe("true");
    expect(await purgeIdempotencyKeys(database.db, dayLater(1000))).toBe(1);
    expect((await post("old", { a: 1 })).headers["idempotent-replayed"]).toBeUndefined();
    expect(state.runs).toBe(2);
    // The sweep the worker runs: a claim made more than a day ago goes, a fresh one stays.
    const old = () => new Date(Date.now() - IDEMPOTENCY_RETENTION_MS - 1000);
    await claimKey(database.db, { scope: "anonymous", endpoint: "POST /y", key: "k", request: "r" }, old);
    expect(await idempotencySweep(database.db, 0)()).toBe(1);
    expect((await rows()).length).toBe(1);
  });
});

describe("canonical JSON", () => {
  it("sorts keys at every depth and keeps array order", () => {
    expect(canonicalJson({ b: { d: 1, c: [2, 1] }, a: null })).toBe('{"a":null,"b":{"c":[2,1],"d":1}}');
  });
});
