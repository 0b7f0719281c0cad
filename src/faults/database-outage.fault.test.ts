import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Db, openDatabase } from "../platform/db/index.js";
import { migrateToLatest } from "../platform/db/migrate.js";
import { toErrorBody } from "../platform/http/errors.js";
import { ADMIN_TOKEN, createTestApp, type TestApp } from "../testing/app.js";
import { dialects } from "../testing/databases.js";
import { type PrivateCluster, startPrivateCluster } from "../testing/pg-cluster.js";
import { ensureBuilt, type ServerProcess, startServer } from "../testing/processes.js";
import { invariants, ORDERS, rush, seed, TOKEN } from "../testing/rush.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function health(url: string) {
  const started = performance.now();
  const res = await fetch(`${url}/healthz`);
  const body = (await res.json()) as { error?: { code: string } };
  return { status: res.status, code: body.error?.code, ms: performance.now() - started };
}

// The database server restarts (crash, failover, upgrade) while the app is busy: the app must stay
// up, answer 503 meanwhile, and carry on by itself once the server is back.
describe.runIf(dialects.includes("postgres"))("PostgreSQL going away under load", () => {
  let cluster: PrivateCluster;
  let db: Db;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    ensureBuilt();
    cluster = startPrivateCluster();
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query("create database outage");
    await admin.end();
  }, 120_000);
  afterAll(async () => {
    await server?.stop("SIGKILL");
    await db?.close();
    cluster?.remove();
  });

  it("stays up through a restart mid-rush: only 201/409/503, healthz not ready, then recovers with 0 oversold", async () => {
    const databaseUrl = cluster.url.replace(/\/postgres$/, "/outage");
    db = openDatabase({ databaseUrl, poolSize: 4 });
    await migrateToLatest(db);
    const { dateId, typeId, quotaId } = await seed(db, 300);
    server = await startServer({
      DATABASE_URL: databaseUrl,
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "tessera-outage-")),
      TESSERA_ADMIN_TOKEN: TOKEN,
      JOB_POLL_MS: "200",
    });
    const url = server.url;
    expect((await health(url)).status).toBe(200);

    const order = (i: number) => ({
      email: `outage${i}@example.org`,
      voucher: i % 4 === 0 ? "HALF" : undefined,
      positions: [{ ticket_type: typeId, date: dateId }],
    });
    const firing = rush([url], 2000, 20, order);
    await sleep(400);
    cluster.pause();
    await sleep(1500);
    const during = await health(url);
    await sleep(1500);
    cluster.resume();
    const statuses = await firing;

    expect(server.child.exitCode).toBeNull();
    expect(during).toMatchObject({ status: 503, code: "database_unavailable" });
    expect(during.ms).toBeLessThan(5000);
    const counts: Record<number, number> = {};
    for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
    expect(
      Object.keys(counts).filter((s) => !["201", "409", "503"].includes(s)),
      JSON.stringify(counts),
    ).toEqual([]);
    expect(counts[503] ?? 0).toBeGreaterThan(0);

    // Back without a restart: ready again, and a second rush sells exactly what is left.
    let ready = await health(url);
    for (let i = 0; i < 50 && ready.status !== 200; i++) {
      await sleep(200);
      ready = await health(url);
    }
    expect(ready.status).toBe(200);
    const after = await rush([url], 600, 20, (i) => order(10_000 + i));
    expect(after.every((s) => s === 201 || s === 409)).toBe(true);
    const state = await invariants(db, quotaId);
    expect(state).toMatchObject({ taken: 300, liveTickets: 300, emptyOrders: 0, paidWithoutPayment: 0 });
    expect(state.voucherUsed).toBe(state.voucherUsesOfLiveOrders);
    expect(state.voucherUsed).toBeLessThanOrEqual(state.voucherMax);
    expect(server.output()).not.toMatch(/Unhandled|uncaught|outage\d+@/i);
    expect(server.output()).toContain("job worker: database unavailable, backing off");
  }, 120_000);
});

describe("SQLite that cannot write", () => {
  let t: TestApp;
  afterAll(() => t?.close());

  it("a lock held past the busy timeout answers 503 database_unavailable, then orders go through again", async () => {
    t = await createTestApp("sqlite");
    const { dateId, typeId } = await seed(t.database.db, 10);
    const post = () =>
      t.app.inject({
        method: "POST",
        url: ORDERS,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        payload: { email: "busy@example.org", positions: [{ ticket_type: typeId, date: dateId }] },
      });
    const holder = new SQLite(t.database.sqlitePath as string);
    holder.exec("begin exclusive");
    const blocked = await post();
    holder.exec("rollback");
    holder.close();
    expect(blocked.statusCode).toBe(503);
    expect(blocked.headers["retry-after"]).toBe("5");
    expect(blocked.json()).toMatchObject({ error: { code: "database_unavailable" } });
    expect((await post()).statusCode).toBe(201);
  }, 30_000);

  it("a read-only database file is a 503 with the stable error shape, not a 500", () => {
    const file = `${t.database.dataDir}/tessera.sqlite`;
    const readOnly = new SQLite(file, { readonly: true });
    let thrown: unknown;
    try {
      readOnly.exec("insert into jobs (kind) values ('x')");
    } catch (error) {
      thrown = error;
    } finally {
      readOnly.close();
    }
    expect((thrown as { code?: string }).code).toMatch(/^SQLITE_READONLY/);
    expect(toErrorBody(thrown)).toMatchObject({ status: 503, body: { code: "database_unavailable" } });
  });
});
