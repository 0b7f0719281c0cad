import type { Db } from "../db/index.js";
import { enqueue } from "../jobs/queue.js";
import type { Mailer, MailMessage } from "./mailer.js";

export const SEND_MAIL_JOB = "mail.send";

/**
 * Tries per mail job. With the queue's backoff (2 s doubling, at most 1 h between tries) 15 tries span
 * about 4 h 10 min: an SMTP server down for an afternoon's maintenance loses nothing. After the last
 * one the job stays "failed", listed for the platform admins to send again (/admin/mail).
 */
export const MAIL_MAX_ATTEMPTS = 15;

/** Mail goes through the job queue: a slow or failing SMTP server never blocks a request, and retries. */
export function queueMail(db: Db, message: MailMessage) {
  return enqueue(db, SEND_MAIL_JOB, message, { maxAttempts: MAIL_MAX_ATTEMPTS });
}

export function sendMailHandler(mailer: Mailer) {
  return async (payload: unknown) => {
    await mailer.send(payload as MailMessage);
  };
}

/** To whom and about what a queued mail.send job is, for the admins' list of undelivered mail. */
export function queuedMailHeader(payload: unknown): { to: string; subject: string } {
  const { to, subject } = (payload ?? {}) as Partial<Record<"to" | "subject", unknown>>;
  return { to: typeof to === "string" ? to : "", subject: typeof subject === "string" ? subject : "" };
}
