import fs from "node:fs";
import path from "node:path";
import type { DbHandle } from "../../platform/db/index.js";
import { isoNow } from "../../platform/time.js";
import { exportsDir } from "../exports/service.js";
import { uploadsDir } from "../information/answers.js";
import { anonymousLabel } from "../orders/anonymous.js";
import { tesseraTicketNumber, ticketNumberColumns, ticketsWithOrders } from "../orders/tickets.js";

/**
 * The one place that overwrites personal data of orders (account deletion and retention both come
 * here). What stays is what organizers must keep as proof: the order, its code, amounts and status,
 * its payments (amounts, provider references), check-ins and statistics. What goes: the buyer's
 * e-mail and language, the scrubbed tickets' attendee names and answers (files are deleted from disk
 * after commit), the attendee name copied into scan answers, payment messages' raw bodies and
 * details (payer names and addresses), pending mails, and stored exports of the event (they list
 * names). The `anonymized_at` marks make every list, export and API response say "Anonymous".
 */
export interface Scrub {
  orderIds: number[];
  /** Positions whose attendee data goes (and which stop admitting anyone). */
  positionIds: number[];
}

/** Files to delete once the transaction committed (never before: a rollback would keep the rows). */
export interface Leftovers {
  files: string[];
}

export async function scrubOrders(trx: DbHandle, scrub: Scrub, dataDir: string, now = isoNow()) {
  const leftovers: Leftovers = { files: [] };
  const { orderIds, positionIds } = scrub;
  if (positionIds.length > 0) {
    const values = await trx
      .selectFrom("information_values")
      .select("file_key")
      .where("position_id", "in", positionIds)
      .where("file_key", "is not", null)
      .execute();
    for (const v of values) if (v.file_key) leftovers.files.push(path.join(uploadsDir(dataDir), v.file_key));
    await trx
      .updateTable("information_values")
      .set({ value: null, file_key: null, file_type: null, file_size: null, file_name: null })
      .where("position_id", "in", positionIds)
      .execute();
    await trx
      .updateTable("order_positions")
      .set({ attendee_name: null, anonymized_at: now })
      .where("id", "in", positionIds)
      .execute();
    const scans = await trx
      .selectFrom("checkin_scans")
      .select(["id", "answer"])
      .where("position_id", "in", positionIds)
      .execute();
    for (const scan of scans) {
      const answer = JSON.parse(scan.answer) as { ticket?: { attendee_name?: string | null } };
      if (answer.ticket) answer.ticket.attendee_name = null;
      await trx
        .updateTable("checkin_scans")
        .set({ answer: JSON.stringify(answer) })
        .where("id", "=", scan.id)
        .execute();
    }
    // Experiences booked with these tickets (source "tessera": ticket number `CODE-positionId`).
    const tickets = await ticketsWithOrders(trx)
      .select(ticketNumberColumns)
      .where("p.id", "in", positionIds)
      .execute();
    await scrubBookings(trx, {
      tesseraTickets: tickets.map(tesseraTicketNumber),
    });
  }
  if (orderIds.length === 0) return leftovers;
  const orders = await trx
    .selectFrom("orders")
    .select(["id", "email", "event_id"])
    .where("id", "in", orderIds)
    .execute();
  await trx
    .updateTable("orders")
    .set({ email: "", locale: null, anonymized_at: now })
    .where("id", "in", orderIds)
    .execute();
  await trx.updateTable("payments").set({ details: "{}" }).where("order_id", "in", orderIds).execute();
  await trx
    .updateTable("payment_notifications")
    .set({ raw: "{}" })
    .where("order_id", "in", orderIds)
    .execute();
  // Mails not yet sent to (or about) these buyers are dropped; sent ones keep no address.
  for (const order of orders) {
    await trx
      .deleteFrom("jobs")
      .where("status", "in", ["pending", "failed"])
      .where((eb) =>
        eb.or([eb("payload", "like", `{"orderId":${order.id},%`), eb("payload", "like", `%${order.email}%`)]),
      )
      .execute();
    if (order.email)
      await trx
        .updateTable("jobs")
        .set({ payload: "{}" })
        .where("status", "=", "done")
        .where("payload", "like", `%${order.email}%`)
        .execute();
  }
  const eventIds = [...new Set(orders.map((o) => o.event_id))];
  const exports = await trx
    .selectFrom("exports")
    .select(["id", "file_key"])
    .where("event_id", "in", eventIds)
    .where("file_key", "is not", null)
    .execute();
  for (const e of exports) if (e.file_key) leftovers.files.push(path.join(exportsDir(dataDir), e.file_key));
  if (exports.length > 0)
    await trx
      .updateTable("exports")
      .set({ file_key: null, file_size: null, status: "failed", error: "removed: personal data anonymized" })
      .where(
        "id",
        "in",
        exports.map((e) => e.id),
      )
      .execute();
  return leftovers;
}

/**
 * Experience bookings (seed 002) lose the guest's name and e-mail; the rows stay, so counts per slot
 * and per ticket number stay right. Chosen by Tessera ticket numbers (`CODE-positionId`, only on
 * events whose source is Tessera's own tickets), by e-mail, or by event.
 */
export async function scrubBookings(
  trx: DbHandle,
  by: { tesseraTickets?: string[]; email?: string; eventIds?: number[] },
) {
  const update = () =>
    trx
      .updateTable("experience_bookings")
      .set({ name: null, email: null })
      .where((eb) => eb.or([eb("name", "is not", null), eb("email", "is not", null)]));
  if (by.tesseraTickets && by.tesseraTickets.length > 0)
    await update()
      .where("ticket_number", "in", by.tesseraTickets)
      .where(
        "event_id",
        "in",
        trx.selectFrom("ticket_sources").select("event_id").where("type", "=", "tessera"),
      )
      .execute();
  if (by.email)
    await update()
      .where((eb) => eb(eb.fn("lower", ["email"]), "=", by.email?.toLowerCase() ?? ""))
      .execute();
  if (by.eventIds && by.eventIds.length > 0) await update().where("event_id", "in", by.eventIds).execute();
}

/**
 * Guests of registration forms (seed 001) keep their row, tariff and auth code (random, no personal
 * data); their names become the placeholder and the e-mail goes. A partner lookup of their code then
 * answers "Anonym" and an empty e-mail. German: the guest-card partner API speaks German.
 */
export async function scrubGuests(trx: DbHandle, guestIds: number[]) {
  if (guestIds.length === 0) return;
  const label = anonymousLabel("de");
  await trx
    .updateTable("guests")
    .set({ first_name: label, last_name: label, email: "" })
    .where("id", "in", guestIds)
    .execute();
}

/** After commit: the bytes go too. Missing files are fine (a second run, a manual cleanup). */
export async function removeLeftovers(leftovers: Leftovers) {
  await Promise.all(leftovers.files.map((file) => fs.promises.rm(file, { force: true })));
}

/** Mails kept in the local outbox (no SMTP configured) that mention the person go as well. */
export async function removeOutboxMails(dataDir: string, needles: string[]) {
  const dir = path.join(dataDir, "outbox");
  const words = needles.filter((n) => n.trim().length > 2);
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const file = path.join(dir, name);
    const text = await fs.promises.readFile(file, "utf8").catch(() => "");
    if (words.some((w) => text.includes(w))) await fs.promises.rm(file, { force: true });
  }
}
