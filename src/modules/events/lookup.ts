import type { Actor } from "../../platform/auth/actor.js";
import type { Db } from "../../platform/db/index.js";
import { findOrganizer } from "../organizers/service.js";
import { findEvent } from "./service.js";

/** The admin/API path to an event: organizer visible to the actor, event visible to the actor. */
export async function eventForAdmin(db: Db, actor: Actor, params: { organizer: string; event: string }) {
  const organizer = await findOrganizer(db, actor, params.organizer);
  return findEvent(db, actor, organizer, params.event);
}
