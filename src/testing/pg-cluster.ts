import { exec, execFileSync, execSync } from "node:child_process";
import path from "node:path";
import { PROJECT_ROOT } from "../app/app.js";

export interface PrivateCluster {
  /** postgres://…/postgres of the cluster's own server. */
  url: string;
  /** Its directory (data/ inside), owned by the user the server runs as. */
  dir: string;
  /**
   * Stops the server the hard way (`pg_ctl -m immediate`, like a crash or failover); data stays.
   * Asynchronous, so a rush fired from the test process goes on while it happens.
   */
  pause(): Promise<void>;
  /** Starts the paused server again on the same port and data (resolves once it accepts connections). */
  resume(): Promise<void>;
  /** Stops it and removes its data. */
  remove(): void;
}

/**
 * A PostgreSQL server of the test's own, for tests that take the database away: the shared
 * TEST_DATABASE_URL server serves every other suite running at the same time.
 */
export function startPrivateCluster(): PrivateCluster {
  const port = 40000 + Math.floor(Math.random() * 20000);
  const out = execFileSync(
    process.execPath,
    [path.join(PROJECT_ROOT, "scripts", "pg-cluster.mjs"), String(port)],
    {
      encoding: "utf8",
    },
  );
  const line = (key: string) => {
    const found = out.split("\n").find((l) => l.startsWith(`${key}=`));
    if (!found) throw new Error(`pg-cluster printed no ${key}`);
    return found.slice(key.length + 1);
  };
  const run = (command: string) =>
    new Promise<void>((resolve, reject) =>
      exec(command, { shell: "/bin/bash" }, (error) => (error ? reject(error) : resolve())),
    );
  return {
    url: line("url"),
    dir: line("dir"),
    pause: () => run(line("pause")),
    resume: () => run(line("start")),
    remove: () => execSync(line("stop"), { stdio: "ignore", shell: "/bin/bash" }),
  };
}
