import type { Actor } from "../../platform/auth/actor.js";
import { authorize } from "../../platform/auth/policy.js";
import type { Db, DbHandle } from "../../platform/db/index.js";
import { domainError } from "../../platform/errors.js";
import { isoNow } from "../../platform/time.js";
import { recordAudit } from "../audit/audit-log.js";
import { ticketsWithOrders } from "../orders/tickets.js";
import { removeLeftovers, removeOutboxMails, scrubBookings, scrubGuests, scrubOrders } from "./anonymize.js";
import { loadPrivacySettings } from "./settings.js";

/** Seed 003: an external account may be deleted 30 days after the last event it holds a ticket for. */
export const DELETION_DELAY_DAYS = 30;
const DAY_MS = 86_400_000;

/** Orders that count as the person's: placed with the account, or for its e-mail by someone else. */
export function personOrders(db: DbHandle, user: { id: number; email: string }) {
  return db
    .selectFrom("orders")
    .select(["id", "event_id", "status", "email"])
    .where((eb) => eb.or([eb("user_id", "=", user.id), eb("email", "=", user.email)]))
    .execute();
}

/** Guests of registration forms (guest cards) with the person's e-mail. */
export function personGuests(db: DbHandle, email: string) {
  return db
    .selectFrom("guests")
    .select("id")
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", email.toLowerCase()))
    .where("email", "!=", "")
    .execute();
}

/** The end of the last date the person holds a ticket for (live orders only), or null. */
export async function lastEventEnd(db: Db, userId: number): Promise<string | null> {
  const user = await db.kysely
    .selectFrom("users")
    .select(["id", "email"])
    .where("id", "=", userId)
    .executeTakeFirstOrThrow();
  const orders = (await personOrders(db.kysely, user)).filter((o) =>
    ["pending", "paid", "opposed"].includes(o.status),
  );
  if (orders.length === 0) return null;
  const positions = await ticketsWithOrders(db.kysely)
    .select(["p.date_id", "o.event_id"])
    .where(
      "p.order_id",
      "in",
      orders.map((o) => o.id),
    )
    .execute();
  const dates = await db.kysely
    .selectFrom("event_dates")
    .select(["id", "event_id", "starts_at", "ends_at"])
    .where("event_id", "in", [...new Set(orders.map((o) => o.event_id))])
    .execute();
  const endOf = (d: { starts_at: string; ends_at: string | null }) => d.ends_at ?? d.starts_at;
  let last: string | null = null;
  for (const p of positions) {
    // A ticket without a date admits to every date of its event.
    const covered = dates.filter((d) =>
      p.date_id === null ? d.event_id === p.event_id : d.id === p.date_id,
    );
    for (const d of covered) if (last === null || endOf(d) > last) last = endOf(d);
  }
  return last;
}

export interface DeletionStatus {
  /** Whether this kind of account may delete itself at all. */
  allowed: boolean;
  /** Why not, as a stable word: internal accounts follow the institution's rule; admins step down first. */
  reason?: "internal" | "platform_admin";
  /** From when (ISO), or null: now. */
  from: string | null;
  possibleNow: boolean;
}

export async function deletionStatus(db: Db, userId: number, now = new Date()): Promise<DeletionStatus> {
  const user = await db.kysely
    .selectFrom("users")
    .select(["kind", "is_platform_admin"])
    .where("id", "=", userId)
    .executeTakeFirstOrThrow();
  const last = await lastEventEnd(db, userId);
  const from = last ? new Date(Date.parse(last) + DELETION_DELAY_DAYS * DAY_MS).toISOString() : null;
  const timely = from === null || Date.parse(from) <= now.getTime();
  if (user.is_platform_admin) return { allowed: false, reason: "platform_admin", from, possibleNow: false };
  if (user.kind === "internal" && !(await loadPrivacySettings(db)).internalDeletion)
    return { allowed: false, reason: "internal", from, possibleNow: false };
  return { allowed: true, from, possibleNow: timely };
}

/**
 * Deletes the signed-in person's account: personal data is overwritten in one transaction, files
 * deleted after commit. Their own tickets stop admitting anyone; tickets they bought for others stay
 * valid with those people's names. The user row stays (anonymized) so orders keep their owner id for
 * statistics and the one-order-per-person rule.
 */
export async function deleteAccount(db: Db, dataDir: string, actor: Actor, confirmation: unknown) {
  if (actor.kind !== "user") throw domainError("unauthenticated", "Authentication required", 401);
  authorize(actor, "account.manage", { type: "user", userId: actor.user.id });
  if (confirmation !== "DELETE" && confirmation !== "yes")
    throw domainError("confirmation_required", "Confirm the deletion", 400);
  const status = await deletionStatus(db, actor.user.id);
  if (!status.allowed)
    throw domainError("deletion_not_allowed", "This account cannot delete itself", 403, {
      reason: status.reason,
    });
  if (!status.possibleNow)
    throw domainError("deletion_too_early", "The account can be deleted 30 days after your last event", 409, {
      from: status.from,
    });
  return anonymizePerson(db, dataDir, actor.user.id, `user:${actor.user.id}`);
}

/** Overwrites everything the platform holds about one person. Irreversible. */
export async function anonymizePerson(db: Db, dataDir: string, userId: number, by: string) {
  const now = isoNow();
  const { leftovers, needles } = await db.kysely.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom("users")
      .select(["id", "email", "name"])
      .where("id", "=", userId)
      .executeTakeFirstOrThrow();
    const orders = await personOrders(trx, user);
    const orderIds = orders.map((o) => o.id);
    const positions =
      orderIds.length === 0
        ? []
        : await trx
            .selectFrom("order_positions")
            .select(["id", "order_id", "attendee_name"])
            .where("order_id", "in", orderIds)
            .orderBy("id")
            .execute();
    const positionIds = orderIds.flatMap((orderId) => ownPositions(positions, orderId, user.name));
    const leftovers = await scrubOrders(trx, { orderIds, positionIds }, dataDir, now);
    // Experience bookings and guest cards are not linked to the account: they are the person's by e-mail.
    await scrubBookings(trx, { email: user.email });
    await scrubGuests(
      trx,
      (await personGuests(trx, user.email)).map((g) => g.id),
    );
    await trx
      .updateTable("users")
      .set({
        email: `deleted-${user.id}@anonymous.invalid`,
        name: "",
        password_hash: null,
        locale: null,
        school: null,
        class_year: null,
        last_login_at: null,
        is_platform_admin: 0,
        anonymized_at: now,
      })
      .where("id", "=", user.id)
      .execute();
    for (const table of [
      "sessions",
      "password_resets",
      "user_memberships",
      "organizer_members",
      "event_admin_grants",
    ] as const)
      await trx.deleteFrom(table).where("user_id", "=", user.id).execute();
    await trx.deleteFrom("invitations").where("email", "=", user.email).execute();
    await recordAudit(trx, by, "account.delete", `user:${user.id}`, null);
    return { leftovers, needles: [user.email, user.name] };
  });
  await removeLeftovers(leftovers);
  await removeOutboxMails(dataDir, needles);
}

/**
 * The deleted person's own tickets in an order: those in their name (or without a name); if every
 * ticket names someone else, the first one (a booking is for oneself first, seed 003 sponsorship).
 * The others were bought for other people: they stay valid and keep those people's names.
 */
export function ownPositions(
  positions: { id: number; order_id: number; attendee_name: string | null }[],
  orderId: number,
  name: string,
): number[] {
  const inOrder = positions.filter((p) => p.order_id === orderId);
  const norm = (s: string) => s.trim().toLowerCase();
  const own = inOrder.filter((p) => p.attendee_name === null || norm(p.attendee_name) === norm(name));
  if (own.length > 0) return own.map((p) => p.id);
  return inOrder.slice(0, 1).map((p) => p.id);
}
