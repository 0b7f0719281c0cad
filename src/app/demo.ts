import { createQuota } from "../modules/catalog/quotas.js";
import { createTicketType } from "../modules/catalog/service.js";
import { addDate, createEvent } from "../modules/events/service.js";
import { createOrganizer } from "../modules/organizers/service.js";
import { createVoucher } from "../modules/vouchers/service.js";
import { superadmin } from "../platform/auth/actor.js";
import type { Db } from "../platform/db/index.js";

const DAY_MS = 24 * 3600_000;

/** Something to click through on a fresh installation: an organizer with an event series of weekly dates. */
export async function seedDemo(db: Db, now = new Date()): Promise<string> {
  const existing = await db.kysely
    .selectFrom("organizers")
    .select("id")
    .where("slug", "=", "demo")
    .executeTakeFirst();
  if (existing) return "The demo organizer already exists (slug: demo).";
  const organizer = await createOrganizer(db, superadmin, { slug: "demo", name: "Demo Culture Club" });
  const series = await createEvent(db, superadmin, organizer, {
    slug: "evening-lectures",
    name: "Evening lectures",
    kind: "series",
  });
  const firstEvening = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 3, 18, 0),
  );
  const standard = await createTicketType(db, superadmin, series, {
    name: "Standard",
    price: "12.50",
    max_per_order: 6,
  });
  const reduced = await createTicketType(db, superadmin, series, {
    name: "Reduced",
    price: "8.00",
    max_per_order: 2,
  });
  for (let week = 0; week < 6; week++) {
    const startsAt = new Date(firstEvening.getTime() + week * 7 * DAY_MS);
    const date = await addDate(db, superadmin, series, {
      name: `Lecture ${week + 1}`,
      starts_at: startsAt.toISOString(),
      ends_at: new Date(startsAt.getTime() + 90 * 60_000).toISOString(),
      location: week % 2 === 0 ? "Main hall" : "Online",
      metadata: week % 2 === 0 ? { room: "A 101" } : { room_link: "online" },
    });
    const types = [standard.id, reduced.id];
    await createQuota(db, superadmin, series, {
      name: `Lecture ${week + 1}`,
      size: 40,
      ticket_types: types,
      date: date.id,
    });
  }
  await createVoucher(db, superadmin, series, {
    code: "WELCOME",
    max_usages: 20,
    price_mode: "discount",
    value: "5.00",
  });
  const festival = await createEvent(db, superadmin, organizer, {
    slug: "summer-festival",
    name: "Summer festival",
    kind: "single",
  });
  const festivalDay = new Date(firstEvening.getTime() + 30 * DAY_MS);
  const day = await createTicketType(db, superadmin, festival, { name: "Day ticket", price: "25.00" });
  await createQuota(db, superadmin, festival, { name: "Park", size: 500, ticket_types: [day.id] });
  await addDate(db, superadmin, festival, {
    starts_at: new Date(festivalDay.getTime() - 8 * 3600_000).toISOString(),
    ends_at: new Date(festivalDay.getTime() + 4 * 3600_000).toISOString(),
    location: "Castle park",
  });
  return "Demo organizer created (slug: demo): /e/demo/evening-lectures (6 dates, voucher WELCOME) and /e/demo/summer-festival.";
}
