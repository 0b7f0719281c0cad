import type { Actor } from "../../platform/auth/actor.js";
import { can } from "../../platform/auth/policy.js";
import type { Db } from "../../platform/db/index.js";
import { listOrganizers } from "../organizers/service.js";
import { catalogOf, ordersByStatus, soldTickets } from "./sales-data.js";
import { type Figures, orderFigures, salesFigures } from "./sales-summary.js";

type Named = { slug: string; name: string };

/** The next thing to set up on a platform that is still (partly) empty, for the admin home. */
export type HomeStep =
  | { kind: "createOrganizer" }
  | { kind: "createEvent"; organizer: Named }
  | { kind: "addDate" | "addTicketType"; organizer: Named; event: Named };

export interface EventOverview extends Named {
  organizer: Named;
  currency: string;
  tickets: Figures;
  revenueMinor: number;
}

export interface HomeOverview {
  /** Organizers the actor sees. */
  organizers: number;
  steps: HomeStep[];
  /** The newest events the actor may view, with their sales. */
  events: EventOverview[];
  /** Events the actor may view beyond those listed. */
  moreEvents: number;
}

const MAX_STEPS = 5;

/** What the admin home shows the actor: the next steps and a line of figures per recent event. */
export async function homeOverview(db: Db, actor: Actor, limit = 10): Promise<HomeOverview> {
  const organizers = await listOrganizers(db, actor);
  const byId = new Map(organizers.map((o) => [o.id, o]));
  const all =
    organizers.length === 0
      ? []
      : await db.kysely
          .selectFrom("events")
          .select(["id", "organizer_id", "slug", "name", "kind", "currency"])
          .where("organizer_id", "in", [...byId.keys()])
          .orderBy("created_at", "desc")
          .orderBy("id", "desc")
          .execute();
  const scope = (e: { id: number; organizer_id: number }) => ({
    type: "event" as const,
    organizerId: e.organizer_id,
    eventId: e.id,
  });
  const visible = all.filter((e) => can(actor, "event.view", scope(e)));
  const shown = visible.slice(0, limit);
  const ids = shown.map((e) => e.id);
  const [catalog, sold, statuses] = await Promise.all([
    catalogOf(db, ids),
    soldTickets(db, ids),
    ordersByStatus(db, ids),
  ]);

  const steps: HomeStep[] = [];
  if (organizers.length === 0 && can(actor, "platform.admin", { type: "platform" }))
    steps.push({ kind: "createOrganizer" });
  for (const o of organizers) {
    const creates = can(actor, "event.manage", { type: "event", organizerId: o.id, eventId: null });
    if (creates && !all.some((e) => e.organizer_id === o.id))
      steps.push({ kind: "createEvent", organizer: o });
  }
  const events = shown.map((e) => {
    const organizer = byId.get(e.organizer_id) as Named;
    if (can(actor, "event.manage", scope(e))) {
      if (!catalog.dates.some((d) => d.event_id === e.id))
        steps.push({ kind: "addDate", organizer, event: e });
      if (!catalog.types.some((t) => t.event_id === e.id))
        steps.push({ kind: "addTicketType", organizer, event: e });
    }
    return {
      slug: e.slug,
      name: e.name,
      organizer: { slug: organizer.slug, name: organizer.name },
      currency: e.currency,
      tickets: salesFigures(e, catalog, sold).totals,
      revenueMinor: orderFigures(e.id, statuses).money.revenueMinor,
    };
  });
  return {
    organizers: organizers.length,
    steps: steps.slice(0, MAX_STEPS),
    events,
    moreEvents: visible.length - shown.length,
  };
}
