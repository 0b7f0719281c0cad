import type { TicketLinkSigner } from "../rooms/links.js";

/** The live-ticket page of each ticket of a paid order (rotating QR code); paths only. */
export async function liveTicketLinks(
  signer: TicketLinkSigner,
  order: { code: string; status: string; positions: { id: number }[] },
): Promise<Map<number, string>> {
  const links = new Map<number, string>();
  if (order.status !== "paid") return links;
  for (const p of order.positions)
    links.set(p.id, `/tickets/live/${await signer.sign({ code: order.code, ticketId: p.id })}`);
  return links;
}
