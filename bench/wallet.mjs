#!/usr/bin/env node
import fs from "node:fs";
// Wallet sync benchmark (issue 9): 100,000 paid tickets; the lifecycle tracker turns the order log into
// business transitions and queues injections; the sync pushes them to a wallet provider in batches of
// 1,000 and then pulls 100,000 status changes back. The provider is a minimal local server speaking
// the protocol of src/modules/wallet/provider.ts. Runs on SQLite, and on PostgreSQL when
// TEST_DATABASE_URL is set. Usage: npm run build && node bench/wallet.mjs
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { DOOR_TICKETS, seedDoor } from "./door.mjs";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = (p) => import(path.join(root, "dist", p));
const KEY = "bench-wallet-key";
const { openDatabase } = await dist("platform/db/index.js");
const { migrateToLatest } = await dist("platform/db/migrate.js");
const { loadOrCreateSecrets } = await dist("platform/secrets.js");
const { seal } = await dist("platform/crypto.js");
const { trackLifecycle } = await dist("modules/wallet/tracker.js");
const { syncWallet } = await dist("modules/wallet/sync.js");

/** The provider: injections answer INJECTED; the change feed is whatever the bench appends. */
function startProvider() {
  const feed = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url, "http://x");
      const send = (value) =>
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(value));
      if (req.headers.authorization !== `Bearer ${KEY}`) return res.writeHead(401).end();
      if (url.pathname === "/api/tickets/inject") {
        const { tickets } = JSON.parse(Buffer.concat(chunks).toString());
        return send({ results: tickets.map((t) => ({ ticket_id: t.ticket_id, status: "INJECTED" })) });
      }
      if (url.pathname === "/api/tickets/changes") {
        const cursor = Number(url.searchParams.get("cursor")) || 0;
        const limit = Number(url.searchParams.get("limit"));
        const page = feed.slice(cursor, cursor + limit);
        return send({ changes: page, next_cursor: String(cursor + page.length) });
      }
      res.writeHead(404).end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ url: `http://127.0.0.1:${server.address().port}/api/`, feed, server }),
    ),
  );
}

async function bench(label, db, dataDir) {
  await migrateToLatest(db);
  const secrets = await loadOrCreateSecrets(db, dataDir);
  const seeded = await seedDoor(db, secrets.signingPrivateKey);
  const orders = await db.kysely.selectFrom("orders").select("id").execute();
  const now = new Date().toISOString();
  for (let i = 0; i < orders.length; i += 1000)
    await db.kysely
      .insertInto("order_log")
      .values(
        orders.slice(i, i + 1000).map((o) => ({
          order_id: o.id,
          actor: "bench",
          action: "placed_paid",
          details: "{}",
          created_at: now,
        })),
      )
      .execute();
  const provider = await startProvider();
  await db.kysely
    .insertInto("wallet_settings")
    .values({
      organizer_id: seeded.event.organizer_id,
      provider_url: provider.url,
      sealed_api_key: seal(secrets.cookieSecret, KEY),
      custom_parameters: "TIXNGO_LIFECYCLE_MODE=lifecycle",
      batch_size: 1000,
      webhook_url: null,
      sealed_webhook_secret: null,
      updated_at: now,
    })
    .execute();
  const deps = { db, secrets };
  let t = performance.now();
  await trackLifecycle(db);
  const tracked = (performance.now() - t) / 1000;
  t = performance.now();
  const pushed = await syncWallet(deps, seeded.event.organizer_id);
  const pushSeconds = (performance.now() - t) / 1000;
  const positions = await db.kysely.selectFrom("ticket_states").select("position_id").execute();
  for (const p of positions)
    provider.feed.push({ ticket_id: String(p.position_id), status: "DOWNLOADED", holder: null });
  t = performance.now();
  const pulled = await syncWallet(deps, seeded.event.organizer_id);
  const pullSeconds = (performance.now() - t) / 1000;
  provider.server.close();
  const result = {
    label,
    tickets: DOOR_TICKETS,
    trackerSeconds: tracked,
    pushSeconds,
    pushed: pushed.pushed,
    pullSeconds,
    pulled: pulled.pulled,
    batchesPerSecond: (pushed.pushed / 1000 + pulled.pulled / 1000) / (pushSeconds + pullSeconds),
  };
  console.log(
    `[wallet] ${label}: tracker ${tracked.toFixed(1)} s; inject ${pushed.pushed} in ${pushSeconds.toFixed(1)} s (${(pushed.pushed / pushSeconds).toFixed(0)}/s); pull ${pulled.pulled} in ${pullSeconds.toFixed(1)} s (${(pulled.pulled / pullSeconds).toFixed(0)}/s); ${result.batchesPerSecond.toFixed(1)} batches of 1,000/s; total ${(tracked + pushSeconds + pullSeconds).toFixed(1)} s`,
  );
  return result;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tessera-wallet-bench-"));
const sqlite = await openDatabase({ sqlitePath: path.join(dir, "wallet.sqlite") });
await bench("SQLite", sqlite, dir);
await sqlite.close();
if (process.env.TEST_DATABASE_URL) {
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  await admin.query("drop database if exists tessera_wallet_bench");
  await admin.query("create database tessera_wallet_bench");
  await admin.end();
  const url = new URL(process.env.TEST_DATABASE_URL);
  url.pathname = "/tessera_wallet_bench";
  const pgDb = await openDatabase({ databaseUrl: url.toString() });
  await bench("PostgreSQL", pgDb, dir);
  await pgDb.close();
}
fs.rmSync(dir, { recursive: true, force: true });
