import type { Db } from "../../platform/db/index.js";
import { enqueue } from "../../platform/jobs/queue.js";

export const ORDER_MAIL_JOB = "mail.order";

/**
 * confirmation: to the buyer when an order is placed (what to pay, how);
 * payment_received: to the buyer once paid, tickets attached as PDF;
 * opposition_notice: to the organizer's members and the platform admins when a payment did not match.
 */
export type OrderMailKind = "confirmation" | "payment_received" | "opposition_notice";

/**
 * The job carries only the order id and the kind: the mail is composed when sent, in the buyer's
 * language, from what the order is then; no personal data sits in the queue.
 */
export function queueOrderMail(
  db: Db,
  orderId: number,
  kind: OrderMailKind,
  details: Record<string, string> = {},
) {
  return enqueue(db, ORDER_MAIL_JOB, { orderId, kind, details });
}
