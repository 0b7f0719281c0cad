#!/usr/bin/env node
// Export benchmark: 50,000 paid orders exported to XLSX and ZIP by the real export job, each in a child
// process of its own so its peak memory (VmHWM) is the export's alone. Used by bench/run.mjs; run alone
// with `node bench/export.mjs` after `npm run build` (BENCH_DATABASE_URL adds PostgreSQL).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = (p) => import(path.join(root, "dist", p));
const ORDERS = Number(process.env.BENCH_EXPORT_ORDERS ?? 50_000);
const CHUNK = 1000;
const HEAP_MB = Number(process.env.BENCH_EXPORT_HEAP_MB ?? 96);

function memoryKb() {
  const status = fs.readFileSync("/proc/self/status", "utf8");
  const read = (key) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { hwm: read("VmHWM"), rss: read("VmRSS") };
}

async function open(spec) {
  const { openDatabase } = await dist("platform/db/index.js");
  return openDatabase(spec.databaseUrl ? { databaseUrl: spec.databaseUrl } : { sqlitePath: spec.sqlitePath });
}

/** One organizer, one event with a date, a ticket type with an option and a required field; then N paid orders. */
async function seed(spec) {
  const { migrateToLatest } = await dist("platform/db/migrate.js");
  const { superadmin } = await dist("platform/auth/actor.js");
  const { createOrganizer } = await dist("modules/organizers/service.js");
  const { createEvent, addDate } = await dist("modules/events/service.js");
  const { createTicketType } = await dist("modules/catalog/service.js");
  const { createOption } = await dist("modules/catalog/options.js");
  const { createInformationField } = await dist("modules/information/fields.js");
  const db = await open(spec);
  await migrateToLatest(db);
  const organizer = await createOrganizer(db, superadmin, { slug: "bench", name: "Bench" });
  const event = await createEvent(db, superadmin, organizer, { slug: "gala", name: "Gala", is_series: true });
  const date = await addDate(db, superadmin, event, { starts_at: "2031-06-01T18:00:00Z" });
  const type = await createTicketType(db, superadmin, event, { name: "Entry", price: "25.00" });
  const option = await createOption(db, superadmin, event, type.id, { name: "Dinner", price: "15.00" });
  const field = await createInformationField(db, superadmin, event, type.id, {
    label: "Diet",
    kind: "text",
    required: true,
    blocks: "admission",
  });
  const now = new Date().toISOString();
  for (let start = 0; start < ORDERS; start += CHUNK) {
    const n = Math.min(CHUNK, ORDERS - start);
    const orders = await db.kysely
      .insertInto("orders")
      .values(
        Array.from({ length: n }, (_, k) => ({
          event_id: event.id,
          code: `B${String(start + k).padStart(7, "0")}`,
          user_id: null,
          email: `buyer${start + k}@example.org`,
          status: "paid",
          total_minor: 4000,
          currency: "EUR",
          voucher_id: null,
          voucher_uses: 0,
          expires_at: null,
          created_at: now,
          paid_at: now,
          cancelled_at: null,
          opposed_at: null,
          locale: "en",
        })),
      )
      .returning("id")
      .execute();
    const positions = await db.kysely
      .insertInto("order_positions")
      .values(
        orders.map((o, k) => ({
          order_id: o.id,
          ticket_type_id: type.id,
          date_id: date.id,
          price_minor: 4000,
          attendee_name: `Attendee ${start + k}`,
          secret: `secret-${start + k}-${Math.random().toString(36).slice(2)}`,
          created_at: now,
        })),
      )
      .returning("id")
      .execute();
    await db.kysely
      .insertInto("order_position_options")
      .values(
        positions.map((p) => ({
          position_id: p.id,
          option_id: option.id,
          name: "Dinner",
          price_minor: 1500,
        })),
      )
      .execute();
    await db.kysely
      .insertInto("information_values")
      .values(
        positions.map((p, k) => ({
          position_id: p.id,
          field_id: field.id,
          value: k % 3 === 0 ? "vegetarian" : "none",
          file_key: null,
          file_type: null,
          file_size: null,
          file_name: null,
          updated_at: now,
          updated_by: "bench",
          validated_at: null,
          validated_by: null,
        })),
      )
      .execute();
  }
  const exports = {};
  for (const format of ["xlsx", "zip"]) {
    const row = await db.kysely
      .insertInto("exports")
      .values({
        event_id: event.id,
        list: "paid",
        format,
        status: "queued",
        file_key: null,
        file_size: null,
        error: null,
        requested_by: "bench",
        created_at: now,
        finished_at: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    exports[format] = row.id;
  }
  await db.close();
  return exports;
}

/** In the child: run one export job and report its time and memory. */
async function child(spec, exportId, dataDir) {
  const { runExport } = await dist("modules/exports/service.js");
  const db = await open(spec);
  const before = memoryKb();
  const started = performance.now();
  await runExport(db, dataDir, "Europe/Berlin", exportId, "en");
  const ms = performance.now() - started;
  const after = memoryKb();
  const row = await db.kysely.selectFrom("exports").selectAll().where("id", "=", exportId).executeTakeFirst();
  await db.close();
  console.log(
    JSON.stringify({
      ms,
      hwmKb: after.hwm,
      rssBeforeKb: before.rss,
      bytes: row.file_size,
      rows: row.done_count,
    }),
  );
}

export async function exportBench(databases) {
  const results = [];
  for (const { label, spec } of databases) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tessera-export-bench-"));
    const full = spec.sqlitePath ? { sqlitePath: path.join(dataDir, "tessera.sqlite") } : spec;
    const seedStarted = performance.now();
    const ids = await seed(full);
    console.log(
      `[bench] export: seeded ${ORDERS} orders on ${label} in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`,
    );
    for (const [format, id] of Object.entries(ids)) {
      const out = execFileSync(
        process.execPath,
        // A small heap on purpose: the export must fit in it however many orders there are.
        [
          `--max-old-space-size=${HEAP_MB}`,
          fileURLToPath(import.meta.url),
          "--child",
          JSON.stringify(full),
          String(id),
          dataDir,
        ],
        { encoding: "utf8" },
      );
      const r = JSON.parse(out.trim().split("\n").at(-1));
      results.push({ label, format, ...r });
      console.log(
        `[bench] export ${label} ${format}: ${(r.ms / 1000).toFixed(1)} s, peak ${(r.hwmKb / 1024).toFixed(0)} MiB`,
      );
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return results;
}

export function exportReport(results) {
  const rows = results
    .map(
      (r) =>
        `| ${r.label} | ${r.format.toUpperCase()} | ${r.rows} | ${(r.ms / 1000).toFixed(1)} s | ${Math.round(r.rows / (r.ms / 1000))} | ${(r.hwmKb / 1024).toFixed(0)} MiB | ${((r.hwmKb - r.rssBeforeKb) / 1024).toFixed(0)} MiB | ${(r.bytes / 2 ** 20).toFixed(1)} MiB |`,
    )
    .join("\n");
  return `## Export of ${ORDERS.toLocaleString("en")} paid orders

The real export job (\`runExport\`), one child process per export: complete information (ticket,
option, required-information value) a batch of 500 tickets at a time into a streaming XLSX writer; the
ZIP holds the same XLSX (and would hold uploaded files; none in this run). "Peak" is the process's
VmHWM, "growth" its peak minus its RSS before the export started (Node itself and the libraries).
Each child runs with \`--max-old-space-size=${HEAP_MB}\` (MiB): the export has to fit in that heap
whatever the number of orders, which is what streaming buys.

| database | format | rows | time | rows/s | peak memory | growth during export | file |
|---|---|---|---|---|---|---|---|
${rows}
`;
}

if (process.argv[2] === "--child") {
  await child(JSON.parse(process.argv[3]), Number(process.argv[4]), process.argv[5]);
  process.exit(0);
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const databases = [{ label: "SQLite", spec: { sqlitePath: "x" } }];
  if (process.env.BENCH_DATABASE_URL)
    databases.push({ label: "PostgreSQL", spec: { databaseUrl: process.env.BENCH_DATABASE_URL } });
  console.log(exportReport(await exportBench(databases)));
  process.exit(0);
}
