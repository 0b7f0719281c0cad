// Guest-card benchmark (seed 001): partner lookups per second over HTTP, each answer with its QR code
// rendered as a JPEG, on a municipality of GUESTCARD_FORMS registration forms (two guests each).
// Wired into bench/run.mjs; `node bench/guestcards.mjs` runs only this one (SQLite, and PostgreSQL when
// BENCH_DATABASE_URL names a server whose user may create databases).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { postJson } from "./harness.mjs";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = (p) => import(path.join(root, "dist", p));
export const GUESTCARD_FORMS = Number(process.env.BENCH_GUESTCARD_FORMS ?? 10_000);
export const GUESTCARD_LOOKUPS = Number(process.env.BENCH_GUESTCARD_LOOKUPS ?? 5_000);
const PASSWORD = "bench-partner-password";
const CHUNK = 500;

/** One organizer, municipality 1, the forms and guests inserted in bulk, one partner client. */
export async function seedGuestcards(db) {
  const { superadmin } = await dist("platform/auth/actor.js");
  const { createOrganizer } = await dist("modules/organizers/service.js");
  const { createMunicipality } = await dist("modules/guestcards/municipalities.js");
  const { createPartnerClient } = await dist("modules/guestcards/partner-clients.js");
  const { newAuthCode } = await dist("modules/guestcards/auth-codes.js");
  const organizer = await createOrganizer(db, superadmin, { slug: "cards", name: "Cards" });
  await createMunicipality(db, superadmin, organizer, { id: 1, name: "Binz" });
  const now = new Date().toISOString();
  const codes = new Set();
  for (let start = 0; start < GUESTCARD_FORMS; start += CHUNK) {
    const n = Math.min(CHUNK, GUESTCARD_FORMS - start);
    const forms = await db.kysely
      .insertInto("registration_forms")
      .values(
        Array.from({ length: n }, (_, k) => ({
          organizer_id: organizer.id,
          municipality_id: 1,
          number: String(start + k + 1),
          arrival_date: "2031-07-24",
          departure_date: "2031-08-06",
          travel_days: 13,
          overnight_stays: 26,
          status: "active",
          created_at: now,
          updated_at: now,
          cancelled_at: null,
        })),
      )
      .returning("id")
      .execute();
    const guests = forms.flatMap((f, k) =>
      ["Max", "Erika"].map((first, position) => {
        let code = newAuthCode();
        while (codes.has(code)) code = newAuthCode();
        codes.add(code);
        return {
          form_id: f.id,
          position: position + 1,
          first_name: first,
          last_name: `Gast ${start + k}`,
          email: `guest${start + k}-${position}@example.org`,
          tariff_id: 1,
          tariff_alias: "Erwachsener",
          auth_code: code,
          created_at: now,
        };
      }),
    );
    await db.kysely.insertInto("guests").values(guests).execute();
  }
  await createPartnerClient(db, superadmin, organizer, {
    username: "bench-app",
    password: PASSWORD,
    municipalities: [1],
  });
  return { codes: [...codes] };
}

/** GUESTCARD_LOOKUPS lookups of existing codes (every other one with get_all), `parallel` in flight. */
export async function guestcardRush(drive, urls, seeded, parallel) {
  const login = await fetch(`${urls[0]}/api/token-auth/`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "bench-app", password: PASSWORD }),
  });
  const { token } = await login.json();
  const result = await drive(urls, GUESTCARD_LOOKUPS, parallel, (i) =>
    postJson(
      "/api/buchtguide/by_auth_code/",
      {
        auth_code: seeded.codes[(i * 7919) % seeded.codes.length],
        gemeinde_id: 1,
        get_all: i % 2 === 0,
      },
      { authorization: `JWT ${token}` },
    ),
  );

  const sorted = [...result.latencies].sort((a, b) => a - b);
  return {
    lookupsPerSecond: GUESTCARD_LOOKUPS / result.seconds,
    p50: sorted[Math.floor(sorted.length * 0.5)],
    p99: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))],
    ok: result.statuses.get(200) ?? 0,
  };
}

/** The QR part alone: JPEG QR codes rendered per second in one thread (the lookup's CPU ceiling). */
export async function qrCeiling(seeded, seconds = 2) {
  const { authCodeQrJpeg } = await dist("modules/guestcards/qr.js");
  let rendered = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000)
    authCodeQrJpeg(seeded.codes[rendered++ % seeded.codes.length]);
  return rendered / ((performance.now() - started) / 1000);
}

async function main() {
  const { execFileSync } = await import("node:child_process");
  const { drive, median, startServer } = await import("./harness.mjs");
  execFileSync(
    process.execPath,
    [path.join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
    {
      cwd: root,
      stdio: "inherit",
    },
  );
  const { openDatabase } = await dist("platform/db/index.js");
  const { migrateToLatest } = await dist("platform/db/migrate.js");
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const parallel = Number(process.env.BENCH_PARALLEL ?? 50);
  const measure = async (label, spec, env) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tessera-bench-"));
    const db = openDatabase(spec.sqlitePath ? { sqlitePath: path.join(dir, spec.sqlitePath) } : spec);
    await migrateToLatest(db);
    const server = await startServer({ DATA_DIR: dir, ...env });
    const seeded = await seedGuestcards(db);
    const results = [];
    for (let run = 0; run < runs; run++)
      results.push(await guestcardRush(drive, [server.url], seeded, parallel));
    const qr = await qrCeiling(seeded);
    await server.stop();
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
    const pick = (key) => median(results.map((r) => r[key]));
    console.log(
      `[bench] guest cards ${label}: ${pick("lookupsPerSecond").toFixed(0)} lookups/s (QR JPEG included), p50 ${pick("p50").toFixed(1)} ms, p99 ${pick("p99").toFixed(1)} ms, ${results.map((r) => r.ok).join("/")} of ${GUESTCARD_LOOKUPS} ok; QR alone ${qr.toFixed(0)}/s in one thread (medians of ${runs}, ${parallel} in flight, ${GUESTCARD_FORMS} forms)`,
    );
  };
  await measure("SQLite", { sqlitePath: "tessera.sqlite" }, {});
  const server = process.env.BENCH_DATABASE_URL;
  if (server) {
    const pg = (await import("pg")).default;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query("drop database if exists tessera_guestcard_bench");
    await admin.query("create database tessera_guestcard_bench");
    await admin.end();
    const url = new URL(server);
    url.pathname = "/tessera_guestcard_bench";
    await measure("PostgreSQL", { databaseUrl: url.toString() }, { DATABASE_URL: url.toString() });
    const drop = new pg.Client({ connectionString: server });
    await drop.connect();
    await drop.query("drop database if exists tessera_guestcard_bench with (force)");
    await drop.end();
  }
  process.exit(0);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
