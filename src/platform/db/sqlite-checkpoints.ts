import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

export interface BackgroundCheckpoints {
  stop(): Promise<void>;
}

/**
 * Copies the WAL back into the database file from a thread of its own. Left to the serving
 * connection, SQLite does it inside the commit that crosses 1,000 WAL pages: every sixtieth
 * checkout or so stalled the event loop for 2–15 ms (two thirds of all commit time in a rush).
 * A passive checkpoint never blocks writers, so the thread can run beside the rush; the serving
 * connection keeps a higher limit of its own in case the thread falls behind or dies.
 */
export function checkpointInBackground(file: string, everyMs = 250): BackgroundCheckpoints {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(THREAD, { eval: true, workerData: { driver, file, everyMs } });
  // A failing thread only loses the head start: the serving connection's own checkpoints remain.
  worker.on("error", () => {});
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  return {
    stop: async () => {
      worker.postMessage("stop");
      await exited;
    },
  };
}

// CommonJS run by the thread: the path of better-sqlite3 comes from the caller, so it resolves the
// same package whether the platform runs from dist or from the sources under test.
const THREAD = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma("busy_timeout = 0");
const timer = setInterval(() => {
  try { db.pragma("wal_checkpoint(PASSIVE)"); } catch {}
}, workerData.everyMs);
parentPort.once("message", () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;
