import type { Actor } from "../../platform/auth/actor.js";
import { authorize, can } from "../../platform/auth/policy.js";
import type { Db } from "../../platform/db/index.js";
import { notFound } from "../../platform/errors.js";
import { findOrganizer } from "../organizers/service.js";
import { type EventRow, eventBySlugs, findEvent } from "./service.js";

/**
 * The admin/API path to an event: organizer visible to the actor, event visible to the actor. One
 * query on the way every door scan and admin call takes; only a miss asks again, to tell an unknown
 * organizer from an unknown event.
 */
export async function eventForAdmin(
  db: Db,
  actor: Actor,
  params: { organizer: string; event: string },
): Promise<EventRow> {
  const event = await eventBySlugs.first(db.kysely, params.organizer, params.event);
  if (!event) {
    const organizer = await findOrganizer(db, actor, params.organizer);
    return findEvent(db, actor, organizer, params.event);
  }
  if (!can(actor, "organizer.view", { type: "organizer", organizerId: event.organizer_id }))
    throw notFound("Organizer");
  authorize(actor, "event.view", { type: "event", organizerId: event.organizer_id, eventId: event.id });
  return event;
}
