#!/usr/bin/env node
// `npm run reliability`: runs the fault suite (src/faults/) on SQLite and a throwaway PostgreSQL, collects
// the figures each fault test records (src/testing/reliability.ts) and writes RELIABILITY.md.
// Like `npm test` it needs nothing but `npm ci`. RELIABILITY_ONLY=kill.fault.test.ts,src/fuzz.test.ts
// narrows the files run (a bare name is in src/faults/).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startCluster } from "./pg-cluster.mjs";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const out = path.join(os.tmpdir(), `tessera-reliability-${process.pid}.jsonl`);
fs.rmSync(out, { force: true });
const env = { ...process.env, RELIABILITY_OUT: out };
let stopPostgres;
if (!env.TEST_DATABASE_URL) {
  const cluster = startCluster(20000 + Math.floor(Math.random() * 20000));
  env.TEST_DATABASE_URL = cluster.url;
  stopPostgres = cluster.stop;
}

let status;
try {
  const build = spawnSync(bin("tsc"), ["-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) process.exit(1);
  const only = (env.RELIABILITY_ONLY ?? "").split(",").filter(Boolean);
  // The fuzz tests live beside what they fuzz; they record how many inputs they tried.
  const fuzz = [
    "src/fuzz.test.ts",
    "src/modules/guestcards/fuzz.test.ts",
    "src/modules/experiences/fuzz.test.ts",
  ];
  const files = only.length
    ? only.map((name) => (name.includes("/") ? name : `src/faults/${name}`))
    : ["src/faults/", ...fuzz];
  status = spawnSync(bin("vitest"), ["run", ...files], { cwd: root, stdio: "inherit", env }).status;
} finally {
  if (stopPostgres) spawnSync("bash", ["-c", stopPostgres], { stdio: "ignore" });
}

const records = fs.existsSync(out)
  ? fs
      .readFileSync(out, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line))
  : [];
fs.rmSync(out, { force: true });

const cell = (value) => String(value ?? "").replace(/\|/g, "\\|");
const scenarios = new Map();
for (const r of records) {
  if (!scenarios.has(r.scenario)) scenarios.set(r.scenario, []);
  scenarios.get(r.scenario).push(r);
}
const cpus = os.cpus();
const lines = [
  "# Reliability",
  "",
  "What the platform survives, measured by the fault suite in `src/faults/` (each scenario is a test that",
  "fails when what it promises does not hold). Reproduce: `npm ci && npm run reliability` (it starts a",
  "throwaway PostgreSQL like `npm test`); `RELIABILITY_ONLY=kill.fault.test.ts` runs one file.",
  "This file is written by `scripts/reliability.mjs`; do not edit it by hand.",
  "",
  `- Date of the last run: ${new Date().toISOString()}`,
  `- Machine: ${cpus.length} × ${cpus[0]?.model ?? "?"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}; Node.js ${process.version}`,
  `- Suite result: ${status === 0 ? "every fault test passed" : "SOME FAULT TESTS FAILED (see the run's output)"}`,
  "",
];
for (const [scenario, rows] of scenarios) {
  lines.push(`## ${scenario}`, "");
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r.figures)))];
  lines.push(`| database | fault | ${keys.map(cell).join(" | ")} | held |`);
  lines.push(`|---|---|${keys.map(() => "---|").join("")}---|`);
  for (const r of rows) {
    lines.push(
      `| ${cell(r.database)} | ${cell(r.fault)} | ${keys.map((k) => cell(r.figures[k])).join(" | ")} | ${cell(r.outcome)} |`,
    );
  }
  lines.push("");
}
fs.writeFileSync(path.join(root, "RELIABILITY.md"), `${lines.join("\n")}\n`);
console.log(`RELIABILITY.md: ${records.length} figures in ${scenarios.size} scenarios`);
process.exit(status ?? 1);
