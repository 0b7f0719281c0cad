import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from "fastify";
import { embedPath, programmeScope } from "../../modules/experiences/programme.js";
import type { Actor } from "../../platform/auth/actor.js";
import type { AppContext } from "../../platform/context.js";
import type { Db } from "../../platform/db/index.js";

/** The OpenAPI tag of every experiences route. */
export const tags = ["experiences"];

/** Every experiences route lies below its event. */
export const base = "/api/v1/organizers/:organizer/events/:event";

/** A request whose path names the organizer and the event. */
export interface EventRequest {
  params: { organizer: string; event: string };
}

/** Who is asking about the event in the path: an admin of it, or one of its exhibitors. */
const scopeFor = (db: Db) => (req: EventRequest & { actor: Actor }) =>
  programmeScope(db, req.actor, req.params);

/** The experiences' images are served below the event's embedded overview. */
export const imageBase = (req: EventRequest) => embedPath(req.params.organizer, req.params.event);

/** What one resource's routes are declared with. */
export interface Resource {
  /** Typed by the routes' TypeBox schemas. */
  app: FastifyInstance<
    RawServerDefault,
    RawRequestDefaultExpression,
    RawReplyDefaultExpression,
    FastifyBaseLogger,
    TypeBoxTypeProvider
  >;
  ctx: AppContext;
  db: Db;
  scopeOf: ReturnType<typeof scopeFor>;
}

/** One resource's routes as a Fastify plugin of their own, for experienceApiRoutes to register. */
export const resourceRoutes =
  (declare: (resource: Resource) => void) => (ctx: AppContext) => async (root: FastifyInstance) =>
    declare({
      app: root.withTypeProvider<TypeBoxTypeProvider>(),
      ctx,
      db: ctx.db,
      scopeOf: scopeFor(ctx.db),
    });
