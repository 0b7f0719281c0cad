import type { Db } from "../db/index.js";
import { enqueue } from "../jobs/queue.js";
import type { Mailer, MailMessage } from "./mailer.js";

export const SEND_MAIL_JOB = "mail.send";

/** Mail goes through the job queue: a slow or failing SMTP server never blocks a request, and retries. */
export function queueMail(db: Db, message: MailMessage) {
  return enqueue(db, SEND_MAIL_JOB, message);
}

export function sendMailHandler(mailer: Mailer) {
  return async (payload: unknown) => {
    await mailer.send(payload as MailMessage);
  };
}
