import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Db, openDatabase } from "../platform/db/index.js";
import { migrateToLatest } from "../platform/db/migrate.js";
import { createTestDatabase, dialects, type TestDatabase } from "../testing/databases.js";
import { type PrivateCluster, startPrivateCluster } from "../testing/pg-cluster.js";
import { ensureBuilt, type ServerProcess, startServer } from "../testing/processes.js";
import { elapsedMs, recordFault } from "../testing/reliability.js";
import { invariants, missingOrders, rush, seed, TOKEN, tally } from "../testing/rush.js";
import {
  canMountSmallDisk,
  canSetImmutable,
  mountSmallDisk,
  type SmallDisk,
  setImmutable,
} from "../testing/storage.js";

// Storage that stops taking writes under a running server: the database turned read-only, the disk
// full. Orders answer a clean 503 meanwhile (never a 500, nothing half-written), reads go on, and
// once the storage takes writes again the same process sells on and nothing committed is gone.
// The faults are real (see src/testing/storage.ts) and need root; elsewhere these tests are skipped.
const immutableFiles = canSetImmutable();
const smallDisks = canMountSmallDisk();
const CAPACITY = 200;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Storage {
  scenario: string;
  database: string;
  fault: string;
  db: Db;
  env: Record<string, string>;
  apply(): Promise<void>;
  lift(): Promise<void>;
  /** Whether the fault refuses every write (read-only) or only writes that need room (disk full). */
  refusesEveryWrite: boolean;
}

async function sellsThrough(storage: Storage) {
  const { dateId, typeId, quotaId } = await seed(storage.db, CAPACITY);
  const server = await startServer({ ...storage.env, TESSERA_ADMIN_TOKEN: TOKEN, JOB_POLL_MS: "200" });
  try {
    await throughFault(storage, server, { dateId, typeId, quotaId });
    expect(await server.stop("SIGTERM")).toBe(0);
  } finally {
    if (server.child.exitCode === null) await server.stop("SIGKILL");
  }
}

/** The database error codes the server logged with its 503s, e.g. "SQLITE_FULL ×150". */
function loggedCodes(output: string) {
  const codes: Record<string, number> = {};
  for (const line of output.split("\n")) {
    if (!line.includes('"database unavailable"')) continue;
    const code = String((JSON.parse(line) as { err?: { code?: unknown } }).err?.code);
    codes[code] = (codes[code] ?? 0) + 1;
  }
  return Object.entries(codes)
    .map(([code, n]) => `${code} ×${n}`)
    .join(", ");
}

async function throughFault(
  storage: Storage,
  server: ServerProcess,
  { dateId, typeId, quotaId }: Awaited<ReturnType<typeof seed>>,
) {
  const { db } = storage;
  const { url } = server;
  const email = (phase: string) => (i: number) => `${phase}${i}@example.org`;
  const order = (phase: string) => (i: number) => ({
    email: email(phase)(i),
    voucher: i % 4 === 0 ? "HALF" : undefined,
    positions: [{ ticket_type: typeId, date: dateId }],
  });
  const read = async () => {
    const api = await fetch(`${url}/api/v1/organizers/fault/events/rush/dates`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    const page = await fetch(`${url}/e/fault/rush`, { headers: { accept: "text/html" } });
    const health = await fetch(`${url}/healthz`);
    return `${api.status} / ${page.status} / ${health.status}`;
  };

  const before = tally();
  await rush([url], 60, 10, order("before"), { watch: before.watch });
  expect(before.count("201")).toBe(60);
  const readsBefore = await read();

  const during = tally();
  let readsDuring: string;
  await storage.apply();
  try {
    await rush([url], 150, 10, order("during"), { watch: during.watch });
    readsDuring = await read();
  } finally {
    await storage.lift();
  }
  const lifted = performance.now();
  const recovering = tally();
  while (recovering.count("201") === 0 && elapsedMs(lifted) < 30_000) {
    await rush([url], 1, 1, (i) => order("recover")(recovering.total() + i), { watch: recovering.watch });
    if (recovering.count("201") === 0) await sleep(50);
  }
  const recoveredMs = elapsedMs(lifted);
  const after = tally();
  await rush([url], 400, 10, order("after"), { watch: after.watch });

  expect(server.child.exitCode).toBeNull();
  expect(
    Object.keys(during.kinds).filter((k) => !["201", "409", "503"].includes(k)),
    `${JSON.stringify(during.kinds)}\n${server.output().slice(-3000)}`,
  ).toEqual([]);
  expect(during.malformed).toEqual([]);
  expect(during.count("503")).toBeGreaterThan(0);
  expect(during.count("503")).toBe(during.codes.database_unavailable);
  if (storage.refusesEveryWrite) expect(during.count("201")).toBe(0);
  // Reads need no write: the event API, the shop page and /healthz answer as before.
  expect(readsDuring).toBe(readsBefore);
  expect(recovering.count("201")).toBe(1);
  expect(after.count("201") + after.count("409")).toBe(400);

  const state = await invariants(db, quotaId);
  expect(state).toMatchObject({ taken: CAPACITY, liveTickets: CAPACITY, oversold: 0, emptyOrders: 0 });
  expect(state.voucherUsed).toBe(state.voucherUsesOfLiveOrders);
  expect(state.voucherUsed).toBeLessThanOrEqual(state.voucherMax);
  const acknowledged = [
    ...before.created.map(email("before")),
    ...during.created.map(email("during")),
    ...recovering.created.map(email("recover")),
    ...after.created.map(email("after")),
  ];
  const missing = await missingOrders(db, acknowledged);
  expect(missing).toBe(0);
  expect(server.output()).not.toMatch(/Unhandled|uncaught|@example\.org/i);

  recordFault({
    scenario: storage.scenario,
    database: storage.database,
    fault: storage.fault,
    figures: {
      "orders before (all 201)": before.count("201"),
      "orders during 201 / 409 / 503": `${during.count("201")} / ${during.count("409")} / ${during.count("503")}`,
      "500s or malformed errors": during.count("500") + during.malformed.length,
      "driver error codes logged": loggedCodes(server.output()),
      "reads during: event API / shop page / healthz": readsDuring,
      "first order through after the lift (ms)": recoveredMs,
      "after 201 / 409": `${after.count("201")} / ${after.count("409")}`,
      "taken = live tickets / capacity": `${state.taken} = ${state.liveTickets} / ${state.size}`,
      oversold: state.oversold,
      "orders without positions": state.emptyOrders,
      "201 answers missing": missing,
    },
    outcome:
      "writes answer 503 database_unavailable JSON, reads go on, no restart; afterwards sold out, 0 oversold, nothing lost",
  });
}

describe.runIf(dialects.includes("sqlite"))("SQLite storage that stops taking writes", () => {
  it.runIf(immutableFiles)(
    "a database file turned read-only under the server",
    async () => {
      ensureBuilt();
      const database: TestDatabase = await createTestDatabase("sqlite");
      const files = [database.sqlitePath as string, `${database.sqlitePath}-wal`];
      try {
        await sellsThrough({
          scenario: "Database read-only during a rush",
          database: "sqlite",
          fault:
            "the database file and its WAL made immutable (chattr +i) under the running server, 150 orders, then writable again",
          db: database.db,
          env: { DATA_DIR: database.dataDir },
          apply: async () => setImmutable(files, true),
          lift: async () => setImmutable(files, false),
          refusesEveryWrite: true,
        });
      } finally {
        setImmutable(files, false);
        await database.drop();
      }
    },
    120_000,
  );

  it.runIf(smallDisks)(
    "a full disk under the server",
    async () => {
      ensureBuilt();
      const disk = mountSmallDisk(16);
      const db = openDatabase({ sqlitePath: path.join(disk.dir, "tessera.sqlite") });
      try {
        await migrateToLatest(db);
        await sellsThrough({
          scenario: "Disk full during a rush",
          database: "sqlite",
          fault:
            "the data directory on a 16 MiB tmpfs, WAL checkpointed empty, the disk then filled to the last byte; 150 orders; the filler removed",
          db,
          env: { DATA_DIR: disk.dir },
          // Commits that fit in WAL space already on disk need no room: a full disk bites once the WAL must grow.
          apply: async () => {
            const { rows } = await sql<{ busy: number }>`pragma wal_checkpoint(truncate)`.execute(db.kysely);
            expect(rows[0]?.busy).toBe(0);
            disk.fill();
          },
          lift: async () => disk.free(),
          refusesEveryWrite: false,
        });
      } finally {
        await db.close();
        disk.remove();
      }
    },
    120_000,
  );
});

// A private cluster: read-only mode is switched for the whole server (ALTER SYSTEM), as a managed
// service does, and the shared test server must not see it.
describe.runIf(dialects.includes("postgres"))("PostgreSQL storage that stops taking writes", () => {
  let cluster: PrivateCluster;
  let admin: pg.Client;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tessera-storage-"));
  const urlOf = (name: string) => cluster.url.replace(/\/postgres$/, `/${name}`);

  beforeAll(async () => {
    ensureBuilt();
    cluster = startPrivateCluster();
    admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    // The test's own session keeps writing while the server is read-only for everyone else.
    await admin.query("set default_transaction_read_only = off");
  }, 120_000);
  afterAll(async () => {
    await admin?.end();
    cluster?.remove();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("the server switched to read-only (default_transaction_read_only) under the app", async () => {
    await admin.query("create database readonly");
    const db = openDatabase({ databaseUrl: urlOf("readonly"), poolSize: 4 });
    const readOnly = async (on: boolean) => {
      await admin.query(
        on
          ? "alter system set default_transaction_read_only = on"
          : "alter system reset default_transaction_read_only",
      );
      await admin.query("select pg_reload_conf()");
      await sleep(300); // every backend rereads the configuration before its next command
    };
    try {
      await migrateToLatest(db);
      await sellsThrough({
        scenario: "Database read-only during a rush",
        database: "postgres",
        fault:
          "ALTER SYSTEM SET default_transaction_read_only = on + reload under the running server (what managed services do when storage runs low), 150 orders, then reset",
        db,
        env: { DATABASE_URL: urlOf("readonly"), DATA_DIR: dataDir },
        apply: () => readOnly(true),
        lift: () => readOnly(false),
        refusesEveryWrite: true,
      });
    } finally {
      await db.close();
    }
  }, 120_000);

  it.runIf(smallDisks)(
    "a full disk under the database (its tablespace on a small tmpfs)",
    async () => {
      const disk: SmallDisk = mountSmallDisk(32);
      const owner = fs.statSync(cluster.dir);
      const location = path.join(disk.dir, "tablespace");
      fs.mkdirSync(location);
      fs.chownSync(location, owner.uid, owner.gid);
      await admin.query(`create tablespace small location '${location}'`);
      await admin.query("create database full_disk tablespace small");
      const db = openDatabase({ databaseUrl: urlOf("full_disk"), poolSize: 4 });
      try {
        await migrateToLatest(db);
        await sellsThrough({
          scenario: "Disk full during a rush",
          database: "postgres",
          fault:
            "the database's tablespace on a 32 MiB tmpfs filled to the last byte (WAL stays on the main disk), 150 orders, the filler removed",
          db,
          env: { DATABASE_URL: urlOf("full_disk"), DATA_DIR: dataDir },
          apply: async () => disk.fill(),
          lift: async () => disk.free(),
          refusesEveryWrite: false,
        });
      } finally {
        await db.close();
        await admin.query("drop database if exists full_disk with (force)");
        await admin.query("drop tablespace if exists small");
        disk.remove();
      }
    },
    120_000,
  );
});
