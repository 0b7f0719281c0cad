import type { Db } from "../../platform/db/index.js";
import { roomTicketPath, type TicketLinkSigner } from "./links.js";
import { ROOM_METADATA_KEY } from "./service.js";

/**
 * The room link of each ticket of a paid order whose date is held in a room: what the ticket mail and
 * the account page show. Paths only; callers prefix the public URL where they need one.
 */
export async function roomLinksForOrder(
  db: Db,
  signer: TicketLinkSigner,
  order: { code: string; status: string; positions: { id: number; date_id: number | null }[] },
): Promise<Map<number, string>> {
  const links = new Map<number, string>();
  const dateIds = [...new Set(order.positions.map((p) => p.date_id).filter((d): d is number => d !== null))];
  if (order.status !== "paid" || dateIds.length === 0) return links;
  const dates = await db.kysely
    .selectFrom("event_dates")
    .select(["id", "metadata"])
    .where("id", "in", dateIds)
    .execute();
  const inRoom = new Set(
    dates
      .filter((d) => Boolean((JSON.parse(d.metadata) as Record<string, string>)[ROOM_METADATA_KEY]))
      .map((d) => d.id),
  );
  for (const p of order.positions)
    if (p.date_id !== null && inRoom.has(p.date_id))
      links.set(p.id, roomTicketPath(await signer.sign({ code: order.code, ticketId: p.id })));
  return links;
}
