/**
 * The form and the time window of rotating codes, without the MAC: pure, so that the door's decision
 * runs the same rules in the browser (the offline scanner loads this module compiled, through
 * `/assets/door/…`). The MAC lives in rotating.ts (node:crypto).
 *
 * A code is `R.<ticket id>.<time step>.<MAC>`, a new one every ROTATION_SECONDS. Scanners accept the
 * current step and the previous ones within ACCEPTED_STEPS (clock drift, a slow scan); an older code
 * is a screenshot, a code more than one step ahead is not one we made.
 */
export const ROTATION_SECONDS = 10;
export const ACCEPTED_STEPS = 2;

export const isRotatingCode = (value: string) => value.startsWith("R.");

export interface RotatingCodeParts {
  ticketId: number;
  step: number;
  mac: string;
}

/** The parts of a rotating code, or null when the text is not one. */
export function parseRotatingCode(code: string): RotatingCodeParts | null {
  const match = /^R\.(\d{1,12})\.(\d{1,12})\.([\w-]{22})$/.exec(code);
  if (!match) return null;
  const [, id = "", step = "", mac = ""] = match;
  return { ticketId: Number(id), step: Number(step), mac };
}

/** The time step at `nowMs`. */
export const rotationStepAt = (nowMs: number) => Math.floor(nowMs / 1000 / ROTATION_SECONDS);

/** Whether a code of `step` is still accepted at `nowMs`. */
export function rotatingStepState(step: number, nowMs: number): "current" | "expired" | "future" {
  const now = rotationStepAt(nowMs);
  if (step > now + 1) return "future";
  return step < now - ACCEPTED_STEPS ? "expired" : "current";
}
