import type { Actor } from "../../platform/auth/actor.js";
import { authorize } from "../../platform/auth/policy.js";
import type { Db } from "../../platform/db/index.js";
import { listFailedJobs, retryFailedJobs } from "../../platform/jobs/failed.js";
import { queuedMailHeader, SEND_MAIL_JOB } from "../../platform/mail/jobs.js";
import { ORDER_MAIL_JOB, type OrderMailKind } from "./mails.js";

// Every job kind that sends mail: the platform's composed mails and the order mails composed when sent.
const MAIL_JOBS = [SEND_MAIL_JOB, ORDER_MAIL_JOB];

/** A mail whose tries are used up (SMTP down for hours, or refusing it), for the platform admins. */
export interface UndeliveredMail {
  id: number;
  /** Empty when no address is left (an anonymized buyer). */
  to: string;
  /** The subject of a composed mail; order mails are composed when sent and name their order instead. */
  subject?: string;
  order?: { code: string; kind: OrderMailKind };
  attempts: number;
  lastError: string | null;
  createdAt: string;
  failedAt: string;
}

const platformAdmin = (actor: Actor) => authorize(actor, "platform.admin", { type: "platform" });

export async function listUndeliveredMails(db: Db, actor: Actor): Promise<UndeliveredMail[]> {
  platformAdmin(actor);
  const jobs = await listFailedJobs(db, MAIL_JOBS);
  const orderOf = (payload: unknown) => payload as { orderId: number; kind: OrderMailKind };
  const orderIds = jobs.filter((j) => j.kind === ORDER_MAIL_JOB).map((j) => orderOf(j.payload).orderId);
  const orders =
    orderIds.length === 0
      ? []
      : await db.kysely
          .selectFrom("orders")
          .select(["id", "code", "email"])
          .where("id", "in", [...new Set(orderIds)])
          .execute();
  const byId = new Map(orders.map((o) => [Number(o.id), o]));
  return jobs.map(({ id, kind, payload, attempts, lastError, createdAt, failedAt }) => {
    const common = { id, attempts, lastError, createdAt, failedAt };
    if (kind === SEND_MAIL_JOB) return { ...common, ...queuedMailHeader(payload) };
    const { orderId, kind: mailKind } = orderOf(payload);
    const order = byId.get(orderId);
    return { ...common, to: order?.email ?? "", order: { code: order?.code ?? "", kind: mailKind } };
  });
}

/** Sends one undelivered mail again (false: it is not, or no longer, undelivered). */
export async function retryUndeliveredMail(db: Db, actor: Actor, id: number): Promise<boolean> {
  platformAdmin(actor);
  return (await retryFailedJobs(db, MAIL_JOBS, id)) === 1;
}

/** Sends every undelivered mail again; returns how many. */
export async function retryAllUndeliveredMails(db: Db, actor: Actor): Promise<number> {
  platformAdmin(actor);
  return retryFailedJobs(db, MAIL_JOBS);
}
