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

/** One answer of a rush: which order (`i`), its status (0: the connection was lost) and its body. */
export interface Answer {
  i: number;
  status: number;
  body: string;
  /** Why no answer came (status 0): the network error's code, e.g. ECONNREFUSED when nothing listened. */
  failure?: string;
}

export interface RushOptions {
  /** Told of every answer as it comes in. */
  watch?: (answer: Answer) => void;
  /** Checked before each new order: once it returns true no more are fired (a rush "until"). */
  stop?: () => boolean;
}

/** Fires `count` orders with `parallel` in flight at a time against the given servers (round robin). */
export async function rush(
  urls: string[],
  count: number,
  parallel: number,
  body: (i: number) => unknown,
  options: RushOptions = {},
) {
  const statuses: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count && !options.stop?.()) {
      const i = next++;
      let answer: Answer;
      try {
        const res = await fetch(`${urls[i % urls.length]}${ORDERS}`, {
          method: "POST",
          headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
          body: JSON.stringify(body(i)),
        });
        answer = { i, status: res.status, body: await res.text() };
      } catch (error) {
        // The server went away mid-request, or was not there to connect to.
        const cause = (error as { cause?: { code?: unknown } }).cause;
        answer = { i, status: 0, body: "", failure: String(cause?.code ?? "unknown") };
      }
      statuses.push(answer.status);
      options.watch?.(answer);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return statuses;
}

/** The error code of a body in the stable error shape; undefined for anything else (HTML, a stack, a bare 500). */
export function errorCode(body: string): string | undefined {
  if (/\bat .+:\d+:\d+|"stack"/.test(body)) return undefined;
  try {
    const { error } = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
    return typeof error?.code === "string" && typeof error.message === "string" ? error.code : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Tallies a rush for a fault report: answers by kind ("201", "503", "lost", …), error codes, the
 * orders answered 201, and every error answer that was not the stable JSON shape.
 */
export function tally() {
  const kinds: Record<string, number> = {};
  const codes: Record<string, number> = {};
  const created: number[] = [];
  const malformed: string[] = [];
  const watch = ({ i, status, body }: Answer) => {
    const kind = status === 0 ? "lost" : String(status);
    kinds[kind] = (kinds[kind] ?? 0) + 1;
    if (status === 201) created.push(i);
    if (status < 400) return;
    const code = errorCode(body);
    if (code) codes[code] = (codes[code] ?? 0) + 1;
    else malformed.push(`${status} ${body.slice(0, 200)}`);
  };
  const count = (kind: string) => kinds[kind] ?? 0;
  const total = () => Object.values(kinds).reduce((a, b) => a + b, 0);
  return { kinds, codes, created, malformed, watch, count, total };
}

/** How many of these e-mails have no order: an order answered 201 must never be missing. */
export async function missingOrders(db: Db, emails: string[]) {
  let found = 0;
  for (let at = 0; at < emails.length; at += 500) {
    const row = await db.kysely
      .selectFrom("orders")
      .select((eb) => eb.fn.count<number>("email").distinct().as("n"))
      .where("email", "in", emails.slice(at, at + 500))
      .executeTakeFirstOrThrow();
    found += Number(row.n);
  }
  return new Set(emails).size - found;
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
    oversold: Math.max(0, Number(live.n) - quota.size),
    emptyOrders: empty.length,
    paidOrders: Number(paid.n),
    paidWithoutPayment: paidWithoutPayment.length,
    voucherUsed: voucher.used,
    voucherMax: voucher.max_usages,
    voucherUsesOfLiveOrders: Number(uses.n),
  };
}
