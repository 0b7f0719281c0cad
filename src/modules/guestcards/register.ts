import type { FastifyInstance } from "fastify";
import type { AppContext } from "../../platform/context.js";
import { guestCardPage } from "./pages/card.js";
import { guestcardPages } from "./pages/routes.js";
import { seedPartnerRoutes } from "./partner-routes.js";
import { partnerV1Routes } from "./partner-v1-routes.js";
import { guestcardApiRoutes } from "./routes.js";

/** Every guest-card route, so src/server.ts needs one line. */
export async function guestcardRoutes(app: FastifyInstance, ctx: AppContext) {
  await app.register(guestcardApiRoutes(ctx));
  await app.register(partnerV1Routes(ctx));
  await app.register(seedPartnerRoutes(ctx));
  await app.register(guestcardPages(ctx));
  await app.register(guestCardPage(ctx));
}
