import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../platform/context.js";
import { bookingRoutes } from "./bookings.js";
import { exhibitorRoutes } from "./exhibitors.js";
import { experienceRoutes } from "./experiences.js";
import { programmeRoutes } from "./programme.js";
import { publicExperienceRoutes } from "./public.js";
import { slotRoutes } from "./slots.js";
import { ticketSourceRoutes } from "./ticket-sources.js";

/**
 * The experiences API (OpenAPI tag "experiences"): one plugin per resource, in the order the
 * OpenAPI document lists them. They are children of this plugin: what it adds applies to all of
 * them and to nothing outside.
 */
export function experienceApiRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    // Experience images are the raw PNG or JPEG as the body, only inside this plugin.
    app.addContentTypeParser(
      ["image/png", "image/jpeg"],
      { parseAs: "buffer", bodyLimit: 1024 * 1024 + 1 },
      (_req, body, done) => done(null, body),
    );
    await app.register(programmeRoutes(ctx));
    await app.register(exhibitorRoutes(ctx));
    await app.register(ticketSourceRoutes(ctx));
    await app.register(experienceRoutes(ctx));
    await app.register(slotRoutes(ctx));
    await app.register(publicExperienceRoutes(ctx));
    await app.register(bookingRoutes(ctx));
  };
}
