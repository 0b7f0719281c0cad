import type { Dialect } from "../platform/db/index.js";
import { createTestApp } from "./app.js";
import { startFakeShop } from "./fakes/shop.js";
import { seedSeries } from "./ticketing.js";

/** Every table the experiences module writes, for tests that check nothing changed. */
export const EXPERIENCE_TABLES = [
  "experience_programmes",
  "exhibitors",
  "experiences",
  "experience_slots",
  "ticket_sources",
  "experience_tickets",
  "experience_bookings",
] as const;

/** The app on a fresh database with the seeded series, a fake shop, and a ticket source asking it. */
export async function openExperiences(
  dialect: Dialect,
  source: (shopUrl: string) => Record<string, unknown>,
) {
  const t = await createTestApp(dialect);
  const shop = await startFakeShop();
  const { call } = await seedSeries(t);
  const created = await call<{ id: number }>(
    "POST",
    "/api/v1/organizers/org/events/series/ticket-sources",
    source(shop.url),
    { expect: 201 },
  );
  return {
    t,
    shop,
    call,
    sourceId: created.body.id,
    async close() {
      await shop.close();
      await t.close();
    },
  };
}
