import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../platform/context.js";
import { seedPartnerRoutes } from "./partner-routes.js";
import { partnerV1Routes } from "./partner-v1-routes.js";
import { guestcardApiRoutes } from "./routes.js";

/** Every guest-card API: the organizer's, the partner systems' v1 and the seed's. */
export async function guestcardRoutes(app: FastifyInstance, ctx: AppContext) {
  await app.register(guestcardApiRoutes(ctx));
  await app.register(partnerV1Routes(ctx));
  await app.register(seedPartnerRoutes(ctx));
}
