import type { Actor } from "../../platform/auth/actor.js";
import { authorize } from "../../platform/auth/policy.js";
import type { Db, DbHandle } from "../../platform/db/index.js";
import { notFound } from "../../platform/errors.js";
import { type CreateEventInput, createEvent, type EventRow } from "../events/service.js";
import type { Organizer } from "../organizers/service.js";

/*
 * Default payment accounts: an organizer marks some of their accounts, and every event they create
 * from then on offers those, so a new event can sell priced tickets without a visit to its payment
 * page. The events module knows nothing of payments (payments depends on events), so the attaching
 * happens here, around createEvent.
 */

/** Marks (or unmarks) one live account of the organizer as ticked on every new event. */
export async function setDefaultAccount(
  db: Db,
  actor: Actor,
  organizerId: number,
  accountId: number,
  isDefault: boolean,
): Promise<void> {
  authorize(actor, "organizer.manage", { type: "organizer", organizerId });
  let update = db.kysely
    .updateTable("payment_accounts")
    .set({ is_default: isDefault ? 1 : 0 })
    .where("id", "=", accountId)
    .where("organizer_id", "=", organizerId);
  // A retired account is offered to nothing new, so it cannot become a default either.
  if (isDefault) update = update.where("retired_at", "is", null);
  const updated = await update.executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw notFound("Payment account");
}

/** Ticks the organizer's live default accounts on the event, in the order they were created. */
export async function attachDefaultAccounts(db: DbHandle, event: EventRow): Promise<number[]> {
  const defaults = await db
    .selectFrom("payment_accounts")
    .select("id")
    .where("organizer_id", "=", event.organizer_id)
    .where("is_default", "=", 1)
    .where("retired_at", "is", null)
    .orderBy("id")
    .execute();
  if (defaults.length === 0) return [];
  await db
    .insertInto("event_payment_accounts")
    .values(defaults.map((a, position) => ({ event_id: event.id, account_id: a.id, position })))
    .execute();
  return defaults.map((a) => a.id);
}

/**
 * Creates an event and ticks its organizer's default accounts in one transaction: an event is never
 * left without the accounts it should have had, nor accounts attached to an event that failed.
 */
export async function createEventWithDefaults(
  db: Db,
  actor: Actor,
  organizer: Organizer,
  input: CreateEventInput,
): Promise<EventRow> {
  return db.kysely.transaction().execute(async (trx) => {
    const event = await createEvent({ ...db, kysely: trx }, actor, organizer, input);
    await attachDefaultAccounts(trx, event);
    return event;
  });
}

/** Whether the organizer has any account a new order could be paid with. */
export async function hasLiveAccount(db: Db, organizerId: number): Promise<boolean> {
  const row = await db.kysely
    .selectFrom("payment_accounts")
    .select("id")
    .where("organizer_id", "=", organizerId)
    .where("retired_at", "is", null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
