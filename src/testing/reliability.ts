import fs from "node:fs";

/**
 * One figure of the fault suite. Each fault test records what it measured (how many requests failed and
 * how, how long recovery took, what the integrity check found); `npm run reliability` runs the suite with
 * RELIABILITY_OUT set and writes RELIABILITY.md from these lines. Without it, recording does nothing.
 */
export interface FaultFigure {
  /** The heading it goes under in RELIABILITY.md, e.g. "PostgreSQL restarted during a rush". */
  scenario: string;
  /** "sqlite", "postgres" or "—" where the database does not matter. */
  database: string;
  /** What was done, in one line. */
  fault: string;
  /** Measured values, in the order they should be shown: e.g. { "requests": 400, "5xx": 0 }. */
  figures: Record<string, string | number>;
  /** What had to hold and held, in one line (the test fails otherwise). */
  outcome: string;
}

export function recordFault(figure: FaultFigure) {
  const file = process.env.RELIABILITY_OUT;
  if (!file) return;
  fs.appendFileSync(file, `${JSON.stringify({ ...figure, at: new Date().toISOString() })}\n`);
}

/** Milliseconds since `started` (from performance.now()), rounded for a report. */
export function elapsedMs(started: number) {
  return Math.round(performance.now() - started);
}
