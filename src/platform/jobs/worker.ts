import type { FastifyBaseLogger } from "fastify";
import { isDatabaseUnavailable } from "../db/availability.js";
import type { Db } from "../db/index.js";
import { claimNext, completeJob, failJob, type JobFilter, type JobHandler } from "./queue.js";

export interface Worker {
  /** Runs due jobs until none is left; returns how many ran. */
  drain(): Promise<number>;
  start(pollMs: number): void;
  stop(): Promise<void>;
}

type Logger = Pick<FastifyBaseLogger, "warn" | "error">;

/** Sweeps run on every poll before the queue is drained (e.g. expiring overdue pending orders). */
export type Sweep = () => Promise<unknown>;

/**
 * `lanes` are groups of job kinds that get a runner of their own, e.g. mail: a silent SMTP server
 * then holds only the mail lane for its timeout, while exports, payments and wallet syncs go on in the
 * lane of all other kinds. Each lane runs one job at a time.
 */
export function createWorker(
  db: Db,
  handlers: Map<string, JobHandler>,
  log: Logger,
  sweeps: Sweep[] = [],
  lanes: readonly (readonly string[])[] = [],
): Worker {
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<unknown> | undefined;
  const filters: JobFilter[] = [...lanes.map((kinds) => ({ kinds })), { exceptKinds: lanes.flat() }];
  const running: (Promise<number> | undefined)[] = filters.map(() => undefined);
  let stopped = false;
  // While the database is away, polls are skipped on a doubling pause (up to a minute) instead of
  // logging an error every tick; the first poll that reaches the database again resets it.
  let pauseMs = 0;
  let resumeAt = 0;

  async function runOne(filter: JobFilter): Promise<boolean> {
    const job = await claimNext(db, undefined, filter);
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

  async function drainLane(filter: JobFilter): Promise<number> {
    let count = 0;
    while (!stopped && (await runOne(filter))) count++;
    return count;
  }

  async function drain(): Promise<number> {
    const counts = await Promise.all(filters.map(drainLane));
    return counts.reduce((a, b) => a + b, 0);
  }

  const unavailable = (pollMs: number) => (error: unknown) => {
    if (isDatabaseUnavailable(error)) {
      pauseMs = Math.min(Math.max(pauseMs * 2, pollMs), 60_000);
      resumeAt = Date.now() + pauseMs;
      log.warn({ pauseMs }, "job worker: database unavailable, backing off");
    } else log.error({ err: error instanceof Error ? error.message : String(error) }, "job worker error");
    return 0;
  };

  const tick = (pollMs: number) => {
    if (Date.now() < resumeAt) return;
    if (!sweeping) {
      sweeping = Promise.all(sweeps.map((sweep) => sweep()))
        .catch(unavailable(pollMs))
        .finally(() => {
          sweeping = undefined;
        });
    }
    filters.forEach((filter, lane) => {
      if (running[lane]) return;
      running[lane] = drainLane(filter)
        .then((count) => {
          if (pauseMs) log.warn({}, "job worker: database is back");
          pauseMs = 0;
          return count;
        })
        .catch(unavailable(pollMs))
        .finally(() => {
          running[lane] = undefined;
        });
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
      await Promise.all([sweeping, ...running]);
    },
  };
}
