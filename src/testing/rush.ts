import { createQuota } from "../modules/catalog/quotas.js";
import { createTicketType } from "../modules/catalog/service.js";
import { addDate, createEvent } from "../modules/events/service.js";
import { createOrganizer } from "../modules/organizers/service.js";
import { createVoucher } from "../modules/vouchers/service.js";
import { superadmin } from "../platform/auth/actor.js";
import type { Db } from "../platform/db/index.js";

// A rush on one event ("fault/rush"): the fault tests fire it at real server processes while they
// kill them or take their database away, then check what must hold whatever happened.
export const TOKEN = "fault-test-admin-token-000000";
export const ORDERS = "/api/v1/organizers/fault/events/rush/orders";

export async function seed(db: Db, size: number) {
  const organizer = await createOrganizer(db, superadmin, { slug: "fault", name: "Fault" });
  const event = await createEvent(db, superadmin, organizer, { slug: "rush", name: "Rush", is_series: true });
  const date = await addDate(db, superadmin, event, { starts_at: "2031-06-01T18:00:00Z" });
  const type = await createTicketType(db, superadmin, event, { name: "Entry", price: "10.00" });
  const quota = await createQuota(db, superadmin, event, {
    name: "All",
    size,
    ticket_types: [type.id],
    date: date.id,
  });
  await createVoucher(db, superadmin, event, {
    code: "HALF",
    max_usages: Math.floor(size / 4),
    price_mode: "percent",
    value: 50,
  });
  // Free tickets are paid the moment they are booked: their payment record is written in the same breath.
  await createVoucher(db, superadmin, event, { code: "GUEST", max_usages: size, price_mode: "free" });
  return { dateId: date.id, typeId: type.id, quotaId: quota.id };
}

/** Fires `count` orders with `parallel` in flight at a time against the given servers (round robin). */
export async function rush(urls: string[], count: number, parallel: number, body: (i: number) => unknown) {
  const statuses: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      try {
        const res = await fetch(`${urls[i % urls.length]}${ORDERS}`, {
          method: "POST",
          headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
          body: JSON.stringify(body(i)),
        });
        statuses.push(res.status);
        await res.arrayBuffer();
      } catch {
        statuses.push(0); // the server went away mid-request
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return statuses;
}

/** What must hold whatever happened: places taken = live tickets, no empty order, vouchers within bounds. */
export async function invariants(db: Db, quotaId: number) {
  const k = db.kysely;
  const quota = await k
    .selectFrom("quotas")
    .select(["taken", "size"])
    .where("id", "=", quotaId)
    .executeTakeFirstOrThrow();
  const live = await k
    .selectFrom("order_positions as p")
    .innerJoin("orders as o", "o.id", "p.order_id")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("o.status", "in", ["pending", "paid"])
    .executeTakeFirstOrThrow();
  const empty = await k
    .selectFrom("orders as o")
    .select("o.id")
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom("order_positions as p").select("p.id").whereRef("p.order_id", "=", "o.id"))),
    )
    .execute();
  const voucher = await k
    .selectFrom("vouchers")
    .select(["used", "max_usages", "id"])
    .where("code", "=", "HALF")
    .executeTakeFirstOrThrow();
  const paidWithoutPayment = await k
    .selectFrom("orders as o")
    .select("o.id")
    .where("o.status", "=", "paid")
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("payments as y")
            .select("y.id")
            .whereRef("y.order_id", "=", "o.id")
            .where("y.status", "=", "completed"),
        ),
      ),
    )
    .execute();
  const paid = await k
    .selectFrom("orders")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("status", "=", "paid")
    .executeTakeFirstOrThrow();
  const uses = await k
    .selectFrom("orders")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("voucher_uses"), eb.lit(0)).as("n"))
    .where("voucher_id", "=", voucher.id)
    .where("status", "in", ["pending", "paid"])
    .executeTakeFirstOrThrow();
  return {
    taken: quota.taken,
    size: quota.size,
    liveTickets: Number(live.n),
    emptyOrders: empty.length,
    paidOrders: Number(paid.n),
    paidWithoutPayment: paidWithoutPayment.length,
    voucherUsed: voucher.used,
    voucherMax: voucher.max_usages,
    voucherUsesOfLiveOrders: Number(uses.n),
  };
}
