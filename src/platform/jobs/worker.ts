import type { FastifyBaseLogger } from "fastify";
import { isDatabaseUnavailable } from "../db/availability.js";
import type { Db } from "../db/index.js";
import { claimNext, completeJob, failJob, type JobHandler } from "./queue.js";

export interface Worker {
  /** Runs due jobs until none is left; returns how many ran. */
  drain(): Promise<number>;
  start(pollMs: number): void;
  stop(): Promise<void>;
}

type Logger = Pick<FastifyBaseLogger, "warn" | "error">;

/** Sweeps run on every poll before the queue is drained (e.g. expiring overdue pending orders). */
export type Sweep = () => Promise<unknown>;

export function createWorker(
  db: Db,
  handlers: Map<string, JobHandler>,
  log: Logger,
  sweeps: Sweep[] = [],
): Worker {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = false;
  // While the database is away, polls are skipped on a doubling pause (up to a minute) instead of
  // logging an error every tick; the first poll that reaches the database again resets it.
  let pauseMs = 0;
  let resumeAt = 0;

  async function runOne(): Promise<boolean> {
    const job = await claimNext(db);
    if (!job) return false;
    const handler = handlers.get(job.kind);
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      await handler(job.payload, job);
      await completeJob(db, job.id);
    } catch (error) {
      // Job kind and id only: payloads may hold personal data.
      log.warn({ jobId: job.id, kind: job.kind, attempt: job.attempts }, "job failed");
      await failJob(db, job, error);
    }
    return true;
  }

  async function drain(): Promise<number> {
    let count = 0;
    while (!stopped && (await runOne())) count++;
    return count;
  }

  const tick = (pollMs: number) => {
    if (running || Date.now() < resumeAt) return;
    running = Promise.all(sweeps.map((sweep) => sweep()))
      .then(drain)
      .then((count) => {
        if (pauseMs) log.warn({}, "job worker: database is back");
        pauseMs = 0;
        return count;
      })
      .catch((error: unknown) => {
        if (isDatabaseUnavailable(error)) {
          pauseMs = Math.min(Math.max(pauseMs * 2, pollMs), 60_000);
          resumeAt = Date.now() + pauseMs;
          log.warn({ pauseMs }, "job worker: database unavailable, backing off");
        } else log.error({ err: error instanceof Error ? error.message : String(error) }, "job worker error");
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
  };

  return {
    drain,
    start(pollMs) {
      if (pollMs > 0) timer = setInterval(() => tick(pollMs), pollMs);
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
