import type { FastifyInstance } from "fastify";
import type { AppContext } from "../platform/context.js";
import { accountPages } from "./account/account.js";
import { lydiaPages } from "./account/lydia.js";
import { accountOrderPages } from "./account/orders.js";
import { paymentPages } from "./account/pay.js";
import { privacyPages } from "./account/privacy.js";
import { adminCheckinPages } from "./admin/checkin.js";
import { adminEventPages } from "./admin/event.js";
import { eventDashboardPages } from "./admin/event-dashboard.js";
import { eventPresentationPages } from "./admin/event-presentation.js";
import { exportsPages } from "./admin/exports.js";
import { guestcardPages } from "./admin/guestcards.js";
import { lydiaTokenPages } from "./admin/lydia-tokens.js";
import { adminMailPages } from "./admin/mail.js";
import { adminOrderPages } from "./admin/orders.js";
import { adminPages } from "./admin/organizers.js";
import { adminOutboxPages } from "./admin/outbox.js";
import { paymentAccountPages } from "./admin/payment-accounts.js";
import { adminRoomPages } from "./admin/rooms.js";
import { ticketTemplatePages } from "./admin/ticket-templates.js";
import { adminUserPages } from "./admin/users.js";
import { waitingRoomPages } from "./admin/waiting-room.js";
import { adminWalletPages } from "./admin/wallet.js";
import { liveTicketPages } from "./attendee/live-ticket.js";
import { roomTicketPages } from "./attendee/room.js";
import { embedPages } from "./embed/embed.js";
import { workspacePages } from "./exhibitor/workspace.js";
import { guestCardPage } from "./guestcards/card.js";
import { queuePages } from "./queue/queue.js";
import { scannerPage } from "./scanner/scanner.js";
import { homePage } from "./shop/home.js";
import { shopPages } from "./shop/shop.js";

/** Every server-rendered page, by audience: buyers, account holders, organizers, door staff, guests, partners. */
export async function webPages(app: FastifyInstance, ctx: AppContext) {
  // Buyers
  await app.register(homePage(ctx));
  await app.register(shopPages(ctx));
  await app.register(queuePages(ctx));
  // People with an account: their orders, payments and privacy
  await app.register(accountPages(ctx));
  await app.register(accountOrderPages(ctx));
  await app.register(paymentPages(ctx));
  await app.register(lydiaPages(ctx));
  await app.register(privacyPages(ctx));
  // Ticket holders
  await app.register(liveTicketPages(ctx));
  await app.register(roomTicketPages(ctx));
  await app.register(guestCardPage(ctx));
  // Organizers' backoffice
  await app.register(adminPages(ctx));
  await app.register(adminUserPages(ctx));
  await app.register(adminOutboxPages(ctx));
  await app.register(adminMailPages(ctx));
  await app.register(adminEventPages(ctx));
  await app.register(eventPresentationPages(ctx));
  await app.register(eventDashboardPages(ctx));
  await app.register(adminOrderPages(ctx));
  await app.register(ticketTemplatePages(ctx));
  await app.register(paymentAccountPages(ctx));
  await app.register(lydiaTokenPages(ctx));
  await app.register(exportsPages(ctx));
  await app.register(adminCheckinPages(ctx));
  await app.register(adminRoomPages(ctx));
  await app.register(adminWalletPages(ctx));
  await app.register(waitingRoomPages(ctx));
  await app.register(guestcardPages(ctx));
  // Door staff, exhibitors, partners' sites
  await app.register(scannerPage());
  await app.register(workspacePages(ctx));
  await app.register(embedPages(ctx));
}
