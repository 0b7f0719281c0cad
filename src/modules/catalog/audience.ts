import type { Actor } from "../../platform/auth/actor.js";
import { can } from "../../platform/auth/policy.js";
import type { Db } from "../../platform/db/index.js";
import { notFound } from "../../platform/errors.js";
import { type EventRow, findBookableEvent } from "../events/service.js";
import { type Audience, listTicketTypes, type TicketType } from "./service.js";

/** A restricted ticket type admits a confirmed user who matches one of its audiences (every attribute it names). */
export function matchesAudience(actor: Actor, audiences: Audience[]): boolean {
  // Attributes belong to an address: until its owner proved it (the confirmation link), they admit nobody.
  if (actor.kind !== "user" || actor.user.unconfirmed) return false;
  const u = actor.user;
  return audiences.some(
    (a) =>
      (a.school === null || a.school === u.school) &&
      (a.class_year === null || a.class_year === u.classYear) &&
      (a.membership === null || u.associations.includes(a.membership)),
  );
}

/**
 * Audience events show themselves only to people who may book one of their restricted ticket types,
 * and to the event's admins; public and unlisted events to everyone. The shop and the checkout ask it.
 */
export function canSeeEvent(
  actor: Actor,
  event: Pick<EventRow, "id" | "organizer_id" | "visibility">,
  types: Pick<TicketType, "restricted" | "audiences">[],
): boolean {
  if (event.visibility !== "audience") return true;
  if (can(actor, "event.view", { type: "event", organizerId: event.organizer_id, eventId: event.id }))
    return true;
  return types.some((t) => t.restricted && matchesAudience(actor, t.audiences));
}

/**
 * The event behind a public link (experiences, embed) as this actor may see it: an audience event
 * hidden from them is an unknown event, the same 404 as a slug that names nothing.
 */
export async function findVisibleEvent(
  db: Db,
  actor: Actor,
  organizerSlug: string,
  eventSlug: string,
): Promise<EventRow> {
  const event = await findBookableEvent(db, organizerSlug, eventSlug);
  if (event.visibility === "audience" && !canSeeEvent(actor, event, await listTicketTypes(db, event)))
    throw notFound("Event");
  return event;
}
