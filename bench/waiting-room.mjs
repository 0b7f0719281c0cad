#!/usr/bin/env node
// `node bench/waiting-room.mjs`: the waiting room of an on-sale (issue 21). BUYERS join within seconds
// before the opening, poll their place until admitted (the room admits ADMIT_PER_MINUTE), then each
// orders one ticket of TICKETS with its pass. Reports 5xx, oversold, admission order against arrival
// order, the server's peak RSS and the p99 of joins, polls and orders; writes its BENCHMARKS.md section.
// BENCH_DATABASE_URL=postgres://…: on PostgreSQL (PROCESSES=2 there), else SQLite (1 process).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { drive, pct, postJson, startServer } from "./harness.mjs";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const BUYERS = Number(process.env.BENCH_BUYERS ?? 20_000);
const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000);
const PARALLEL = Number(process.env.BENCH_PARALLEL ?? 200);
const ADMIT_PER_MINUTE = Number(process.env.BENCH_ADMIT_PER_MINUTE ?? 12_000);
const DATABASE_URL = process.env.BENCH_DATABASE_URL;
const PROCESSES = DATABASE_URL ? "2" : "1";
const log = (...args) => console.log("[bench]", ...args);

execFileSync(
  process.execPath,
  [path.join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
  { cwd: root, stdio: "inherit" },
);
const dist = (p) => import(path.join(root, "dist", p));
const { openDatabase } = await dist("platform/db/index.js");
const { migrateToLatest } = await dist("platform/db/migrate.js");
const { superadmin } = await dist("platform/auth/actor.js");
const { createOrganizer } = await dist("modules/organizers/service.js");
const { createEvent, addDate } = await dist("modules/events/service.js");
const { createTicketType } = await dist("modules/catalog/service.js");
const { createQuota } = await dist("modules/catalog/quotas.js");
const { saveRoom } = await dist("modules/waiting-room/room.js");

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tessera-wr-bench-"));
const db = openDatabase(
  DATABASE_URL ? { databaseUrl: DATABASE_URL } : { sqlitePath: path.join(dataDir, "tessera.sqlite") },
);
await migrateToLatest(db);
const slug = `wr${Date.now().toString(36)}`;
const org = await createOrganizer(db, superadmin, { slug, name: "Rush" });
const event = await createEvent(db, superadmin, org, { slug: "sale", name: "Sale", is_series: true });
const type = await createTicketType(db, superadmin, event, { name: "Ticket", price: "0.00" });
const date = await addDate(db, superadmin, event, { starts_at: "2031-06-01T18:00:00Z" });
const quota = await createQuota(db, superadmin, event, {
  name: "Hall",
  size: TICKETS,
  ticket_types: [type.id],
  date: date.id,
});
// Opens in an hour: every join lands in the queue, none is admitted while the crowd arrives.
await saveRoom(db, superadmin, event, {
  enabled: true,
  opens_at: new Date(Date.now() + 3_600_000).toISOString(),
  admit_per_minute: ADMIT_PER_MINUTE,
  pass_minutes: 30,
});
const server = await startServer({ DATA_DIR: dataDir, PROCESSES, ...(DATABASE_URL ? { DATABASE_URL } : {}) });
const base = `/api/v1/waiting-room/${slug}/sale`;
// One address per buyer (the room limits places per client address).
const address = (i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
const count5xx = (statuses) => [...statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);

// 1. The crowd joins. Arrival: the order in which the answers came back.
const tokens = new Array(BUYERS);
const rank = new Array(BUYERS);
const arrival = [];
const joins = await drive(
  [server.url],
  BUYERS,
  PARALLEL,
  (i) => postJson(`${base}/join`, {}, { "x-forwarded-for": address(i) }),
  (i, status, body) => {
    if (status !== 201) return;
    const answer = JSON.parse(body);
    tokens[i] = answer.token;
    rank[i] = answer.position;
    arrival.push(i);
  },
);
log(
  `joins: ${BUYERS} in ${joins.seconds.toFixed(1)} s, p99 ${pct(joins.latencies, 0.99).toFixed(0)} ms`,
  Object.fromEntries(joins.statuses),
);

// 2. The sale opens; every buyer still waiting polls until admitted. Admission: the poll round it was first seen in.
await db.kysely
  .updateTable("waiting_rooms")
  .set({ opens_at: new Date().toISOString(), clock: new Date().toISOString() })
  .where("event_id", "=", event.id)
  .execute();
const admittedRound = new Array(BUYERS).fill(-1);
// Every poll answer: when it came, the buyer's place, whether admitted.
const seen = [];
const passes = new Array(BUYERS);
const pollLatencies = [];
const pollStatuses = new Map();
for (let round = 0; round < 1000; round++) {
  const waiting = tokens.map((t, i) => (t && admittedRound[i] < 0 ? i : -1)).filter((i) => i >= 0);
  if (waiting.length === 0) break;
  const polls = await drive(
    [server.url],
    waiting.length,
    Math.min(PARALLEL, waiting.length),
    (k) => ({
      method: "GET",
      path: `${base}/position`,
      headers: { "waiting-room-place": tokens[waiting[k]] },
    }),
    (k, status, body) => {
      if (status !== 200) return;
      const answer = JSON.parse(body);
      seen.push([performance.now(), rank[waiting[k]], answer.state === "admitted"]);
      if (answer.state === "admitted") {
        admittedRound[waiting[k]] = round;
        passes[waiting[k]] = answer.pass;
      }
    },
  );
  pollLatencies.push(...polls.latencies);
  for (const [s, c] of polls.statuses) pollStatuses.set(s, (pollStatuses.get(s) ?? 0) + c);
  await new Promise((r) => setTimeout(r, 200));
}
log(
  `polls: ${pollLatencies.length}, p99 ${pct(pollLatencies, 0.99).toFixed(0)} ms`,
  Object.fromEntries(pollStatuses),
);

// 3. Admitted buyers order one ticket each with their pass.
const buyers = passes.map((p, i) => (p ? i : -1)).filter((i) => i >= 0);
if (buyers.length === 0) throw new Error("nobody was admitted");
const orders = await drive([server.url], buyers.length, Math.min(PARALLEL, buyers.length), (k) =>
  postJson(
    `/api/v1/organizers/${slug}/events/sale/orders`,
    { email: `b${buyers[k]}@example.org`, positions: [{ ticket_type: type.id, date: date.id }] },
    { "waiting-room-pass": passes[buyers[k]] },
  ),
);
log(
  `orders: ${buyers.length}, p99 ${pct(orders.latencies, 0.99).toFixed(0)} ms`,
  Object.fromEntries(orders.statuses),
);
const peakRssMb = server.peakRssMb();
await server.stop();

/** Pairs in the wrong order between two rankings of the same buyers (merge sort count). */
function inversions(values) {
  let n = 0;
  const sort = (xs) => {
    if (xs.length < 2) return xs;
    const mid = xs.length >> 1;
    const [a, b] = [sort(xs.slice(0, mid)), sort(xs.slice(mid))];
    const out = [];
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] <= b[j]) out.push(a[i++]);
      else {
        n += a.length - i;
        out.push(b[j++]);
      }
    }
    return out.concat(a.slice(i), b.slice(j));
  };
  sort(values);
  return n;
}
// Admission against the queue: walking the queue in place order, the admission rounds never go down.
const byPlace = tokens
  .map((_, i) => i)
  .filter((i) => rank[i] !== undefined)
  .sort((a, b) => rank[a] - rank[b]);
const admissionInversions = inversions(byPlace.map((i) => admittedRound[i]));
// Out of turn: an answer "waiting" after another answer had already admitted a later place.
let outOfTurn = 0;
let furthestAdmitted = 0;
for (const [, place, admitted] of seen.sort((a, b) => a[0] - b[0])) {
  if (admitted) furthestAdmitted = Math.max(furthestAdmitted, place);
  else if (place < furthestAdmitted) outOfTurn++;
}
// The queue against the arrival seen by the clients (answers in flight together may swap).
const arrivalInversions = inversions(arrival.map((i) => rank[i]));
const pairs = (arrival.length * (arrival.length - 1)) / 2;
const taken = await db.kysely
  .selectFrom("quotas")
  .select("taken")
  .where("id", "=", quota.id)
  .executeTakeFirstOrThrow();
const sold = await db.kysely
  .selectFrom("order_positions as p")
  .innerJoin("orders as o", "o.id", "p.order_id")
  .select((eb) => eb.fn.countAll().as("n"))
  .where("o.event_id", "=", event.id)
  .executeTakeFirstOrThrow();
await db.close();
const r = {
  database: DATABASE_URL ? `PostgreSQL, PROCESSES=${PROCESSES}` : "SQLite, 1 process",
  joinSeconds: joins.seconds,
  joined: arrival.length,
  admitted: buyers.length,
  sold: Number(sold.n),
  oversold: Math.max(0, Number(sold.n) - TICKETS) + Math.max(0, Number(taken.taken) - TICKETS),
  errors5xx: count5xx(joins.statuses) + count5xx(pollStatuses) + count5xx(orders.statuses),
  admissionInversions,
  outOfTurn,
  pollAnswers: seen.length,
  arrivalTau: 1 - (2 * arrivalInversions) / Math.max(1, pairs),
  p99: {
    join: pct(joins.latencies, 0.99),
    poll: pct(pollLatencies, 0.99),
    order: pct(orders.latencies, 0.99),
  },
  peakRssMb,
};
const line = `| ${r.database} | ${r.joined} in ${r.joinSeconds.toFixed(1)} s | ${r.admitted} | ${r.sold} of ${TICKETS} | ${r.oversold} | ${r.errors5xx} | ${r.admissionInversions} / ${r.outOfTurn} of ${r.pollAnswers} | ${r.arrivalTau.toFixed(4)} | ${r.p99.join.toFixed(0)} / ${r.p99.poll.toFixed(0)} / ${r.p99.order.toFixed(0)} | ${r.peakRssMb.toFixed(0)} MiB |`;
console.log(JSON.stringify(r));
const section = `## Waiting room: ${BUYERS.toLocaleString("en")} buyers arriving within seconds for ${TICKETS.toLocaleString("en")} tickets

\`node bench/waiting-room.mjs\` (knobs \`BENCH_BUYERS\`, \`BENCH_TICKETS\`, \`BENCH_ADMIT_PER_MINUTE\` (${ADMIT_PER_MINUTE}),
\`BENCH_PARALLEL\` (${PARALLEL}), \`BENCH_DATABASE_URL\` for PostgreSQL with two processes). Every buyer
joins (\`POST …/waiting-room/…/join\`, one client address each) before the opening; then the sale opens and
each polls its place (\`GET …/position\`) every 200 ms or so until admitted, then orders one ticket with its pass.
"Out of turn", the fairness check: poll answers "waiting" that came after some answer had already admitted
a later place (0 = first come, first served, across processes). "Admission inversions": pairs whose first
"admitted" answer fell in poll rounds in the opposite order of their places; it counts polling luck too
(an earlier place polled just before the counter reached it, a later one just after, in the same round). "Arrival τ": Kendall's τ between the order the join answers came back to the clients and
the places given (1 = the same order; answers in flight together may swap). p99 of joins / polls / orders.
Last run: ${new Date().toISOString()}.

| server | joined | admitted | sold | oversold | 5xx | admission inversions / out of turn | arrival τ | p99 ms join / poll / order | peak RSS |
|---|---|---|---|---|---|---|---|---|---|
${line}
`;
const file = path.join(root, "BENCHMARKS.md");
if (process.env.BENCH_WRITE === "1") {
  const text = fs.readFileSync(file, "utf8");
  const parts = text.split(/\n(?=## )/);
  const at = parts.findIndex((p) => p.startsWith("## Waiting room"));
  // The other server's row (SQLite or PostgreSQL) of an earlier run stays.
  const others =
    at >= 0
      ? parts[at]
          .split("\n")
          .filter(
            (l) => l.startsWith("| ") && !l.startsWith("| server") && !l.startsWith(`| ${r.database} |`),
          )
      : [];
  const merged = section.trimEnd().replace(line, [line, ...others].join("\n"));
  if (at >= 0) parts[at] = merged;
  else parts.push(merged);
  fs.writeFileSync(file, `${parts.join("\n")}\n`);
}
console.log(section);
process.exit(0);
