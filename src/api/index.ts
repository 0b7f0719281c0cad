import type { FastifyInstance } from "fastify";
import type { AppContext } from "../platform/context.js";
import { accountApiRoutes } from "./accounts/routes.js";
import { optionApiRoutes } from "./catalog/options-routes.js";
import { catalogApiRoutes } from "./catalog/routes.js";
import { checkinRoutes } from "./checkin/routes.js";
import { eventPresentationRoutes } from "./events/presentation-routes.js";
import { eventApiRoutes } from "./events/routes.js";
import { experienceApiRoutes } from "./experiences/routes.js";
import { exportRoutes } from "./exports/routes.js";
import { guestcardRoutes } from "./guestcards/register.js";
import { informationRoutes } from "./information/routes.js";
import { orderApiRoutes } from "./orders/routes.js";
import { organizerApiRoutes } from "./organizers/routes.js";
import { paymentRoutes } from "./payments/routes.js";
import { stripeRoutes } from "./payments/stripe-routes.js";
import { privacyApiRoutes } from "./privacy/routes.js";
import { reportApiRoutes } from "./reports/routes.js";
import { roomRoutes } from "./rooms/routes.js";
import { ticketRoutes } from "./tickets/routes.js";
import { voucherApiRoutes } from "./vouchers/routes.js";
import { waitingRoomApiRoutes } from "./waiting-room/routes.js";
import { walletRoutes } from "./wallet/routes.js";

/** The REST API under /api/v1 and the partner protocols (PayPal IPN, Lydia, guest cards, wallet webhooks). */
export async function apiRoutes(app: FastifyInstance, ctx: AppContext) {
  await app.register(accountApiRoutes(ctx));
  await app.register(organizerApiRoutes(ctx));
  await app.register(eventApiRoutes(ctx));
  await app.register(eventPresentationRoutes(ctx));
  await app.register(catalogApiRoutes(ctx));
  await app.register(voucherApiRoutes(ctx));
  await app.register(orderApiRoutes(ctx));
  await app.register(reportApiRoutes(ctx));
  await app.register(optionApiRoutes(ctx));
  await app.register(informationRoutes(ctx));
  await app.register(paymentRoutes(ctx));
  await app.register(stripeRoutes(ctx));
  await app.register(ticketRoutes(ctx));
  await app.register(exportRoutes(ctx));
  await app.register(checkinRoutes(ctx));
  await app.register(roomRoutes(ctx));
  await app.register(walletRoutes(ctx));
  await guestcardRoutes(app, ctx);
  await app.register(experienceApiRoutes(ctx));
  await app.register(privacyApiRoutes(ctx));
  await app.register(waitingRoomApiRoutes(ctx));
}
