import type { Actor } from "../../platform/auth/actor.js";
import { authorize, can } from "../../platform/auth/policy.js";

/**
 * Who may do what with guest cards, in the platform's one policy:
 * - registration forms (create, edit, cancel, read): the "orders" level organizer-wide (owners, API
 *   tokens of that level, org-wide grants), the people who register guests;
 * - municipalities and partner clients: organizer owners (they hand out partner credentials);
 * - reading municipalities: anyone who sees the organizer.
 */
const forms = (organizerId: number) => ({ type: "event" as const, organizerId, eventId: null });
const organizer = (organizerId: number) => ({ type: "organizer" as const, organizerId });

export const authorizeForms = (actor: Actor, organizerId: number) =>
  authorize(actor, "event.orders", forms(organizerId));
export const authorizeSetup = (actor: Actor, organizerId: number) =>
  authorize(actor, "organizer.manage", organizer(organizerId));
export const authorizeView = (actor: Actor, organizerId: number) =>
  authorize(actor, "organizer.view", organizer(organizerId));
export const canManageForms = (actor: Actor, organizerId: number) =>
  can(actor, "event.orders", forms(organizerId));
export const canManageSetup = (actor: Actor, organizerId: number) =>
  can(actor, "organizer.manage", organizer(organizerId));
