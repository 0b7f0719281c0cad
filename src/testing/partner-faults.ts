import { expect } from "vitest";
import { backoffMs } from "../platform/jobs/queue.js";
import { createWorker } from "../platform/jobs/worker.js";
import type { TestApp } from "./app.js";
import { type FaultMode, LEAKY_BODY } from "./fakes/faulty.js";

export const PARTNER_SCENARIO = "A partner that hangs or answers 500";
export const FAULTS: [FaultMode, string][] = [
  ["hang", "hangs (accepts the connection, never answers)"],
  ["error", "answers 500 with a stack trace"],
];
/** Slack over a client's deadline on a loaded two-core machine: seconds, never minutes. */
export const MARGIN_MS = 2500;

/** Neither the partner's body nor anything like a stack trace reaches the buyer. */
export function expectNoLeak(body: string) {
  expect(LEAKY_BODY).toContain("LEAK-4f1c");
  expect(body).not.toContain("LEAK-4f1c");
  expect(body).not.toMatch(/TypeError|at handler|internal-db|Internal Server Error/);
}

/** Sends `count` requests at once and times each one until it was answered. */
export async function timedAll<T extends { statusCode: number }>(
  count: number,
  send: (i: number) => Promise<T>,
) {
  const ms: number[] = [];
  const answers = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const started = performance.now();
      const answer = await send(i);
      ms.push(performance.now() - started);
      return answer;
    }),
  );
  ms.sort((a, b) => a - b);
  return {
    answers,
    max: Math.round(ms.at(-1) ?? 0),
    p50: Math.round(ms[Math.floor((ms.length - 1) / 2)] ?? 0),
    statuses: statusSummary(answers.map((a) => a.statusCode)),
  };
}

/** "503 ×6" or "201 ×3, 200 ×3": what the buyers saw, for the report. */
export function statusSummary(codes: number[]) {
  const counts = new Map<number, number>();
  for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1);
  return [...counts].map(([code, n]) => `${code} ×${n}`).join(", ");
}

/** Runs the due jobs with `workers` workers side by side, as that many processes would. */
export async function drainWith(t: TestApp, workers: number) {
  const extra = Array.from({ length: workers - 1 }, () =>
    createWorker(t.ctx.db, t.ctx.jobHandlers, t.ctx.log),
  );
  const counts = await Promise.all([t.worker.drain(), ...extra.map((w) => w.drain())]);
  return counts.reduce((a, b) => a + b, 0);
}

export function jobsOf(t: TestApp, kind: string) {
  return t.ctx.db.kysely.selectFrom("jobs").selectAll().where("kind", "=", kind).orderBy("id").execute();
}

/**
 * A job that failed in a run begun at `since` (epoch ms): waiting again, its attempt counted, why noted,
 * and due no earlier than the backoff its attempt earned.
 */
export function expectBackedOff(
  job: { status: string; attempts: number; run_at: string; last_error: string | null } | undefined,
  attempts: number,
  since: number,
) {
  expect(job).toMatchObject({ status: "pending", attempts });
  expect(job?.last_error).toBeTruthy();
  expect(Date.parse(job?.run_at ?? "")).toBeGreaterThanOrEqual(since + backoffMs(attempts));
}

/** The backoff has passed: the test does not sit through it (the run_at it set was checked first). */
export async function makeDue(t: TestApp, kind: string) {
  await t.ctx.db.kysely
    .updateTable("jobs")
    .set({ run_at: new Date(Date.now() - 1000).toISOString() })
    .where("kind", "=", kind)
    .where("status", "=", "pending")
    .execute();
}

export const yesNo = (held: boolean) => (held ? "yes" : "no");
