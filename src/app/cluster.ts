import cluster from "node:cluster";
import type { Config } from "../platform/config.js";
import { closeContext, createContext } from "./boot.js";
import { announce, serve } from "./serve.js";

/**
 * PROCESSES > 1: one primary and that many server processes sharing the port (node:cluster hands
 * out the connections). Each process has its own database connection (SQLite in WAL mode lets them
 * take turns writing; PostgreSQL pools per process), so JSON, rendering and signing use every core.
 * The primary migrates and creates the secrets once before any server opens the database, announces
 * the URL once, and replaces a server process that dies.
 */
export async function serveCluster(config: Config) {
  if (cluster.isWorker) {
    await serve(config, { quiet: true });
    return;
  }
  const ctx = await createContext(config);
  const log = ctx.log;
  const fork = () => cluster.fork();
  // A process that dies before it ever listened is failing at start: restarting it would only loop.
  const listened = new Set<number>();
  const port = new Promise<number>((resolve) => {
    cluster.on("listening", (worker, address) => {
      listened.add(worker.id);
      if (listened.size === config.processes) resolve(address.port);
    });
  });
  let stopping = false;
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      // The primary ends once its last server process has (nothing else keeps it alive). A process
      // still starting has no handler yet, so the signal we passed on ends it: that is a clean stop too.
      if (code !== 0 && signal !== "SIGTERM") process.exitCode = 1;
      return;
    }
    if (!listened.has(worker.id)) {
      log.error({ code, signal }, "a server process failed at start; stopping");
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill("SIGTERM");
      process.exitCode = 1;
      return;
    }
    log.warn({ pid: worker.process.pid, code, signal }, "a server process died; starting another");
    fork();
  });
  for (let i = 0; i < config.processes; i++) fork();
  await announce(ctx, await port);
  await closeContext(ctx);

  const stop = () => {
    stopping = true;
    // Each server finishes its requests in flight, then exits; the primary exits after the last.
    const workers = () => Object.values(cluster.workers ?? {});
    for (const worker of workers()) worker?.process.kill("SIGTERM");
    // A server process past its own hard deadline is not coming back by itself.
    setTimeout(() => {
      for (const worker of workers()) worker?.process.kill("SIGKILL");
    }, config.http.shutdownTimeoutMs + 10_000).unref();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
