import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import type { Actor } from "../../platform/auth/actor.js";
import { authorize, can } from "../../platform/auth/policy.js";
import { randomToken } from "../../platform/crypto.js";
import type { Db } from "../../platform/db/index.js";
import { domainError, notFound } from "../../platform/errors.js";
import type { EventRow } from "../events/service.js";
import { missingBlockingInformation } from "../information/answers.js";
import { assertCanView } from "../orders/lifecycle.js";
import type { LoadedOrder } from "../orders/queries.js";
import { templateDir } from "./documents.js";
import { TICKET } from "./layout.js";

export const TEMPLATE_TYPES = { "image/png": "png", "image/jpeg": "jpg" } as const;
export const MAX_TEMPLATE_BYTES = 8 * 1024 * 1024;

/**
 * Admins (view level) download any ticket; the buyer only tickets of a paid order whose required
 * information is complete (seed 003: the blocking information gates admission, so the ticket too).
 */
export async function assertTicketsDownloadable(db: Db, actor: Actor, event: EventRow, order: LoadedOrder) {
  assertCanView(actor, event, order);
  if (can(actor, "event.view", { type: "event", organizerId: event.organizer_id, eventId: event.id })) return;
  if (order.status !== "paid")
    throw domainError("tickets_unavailable", "Tickets are available once the order is paid", 409, {
      status: order.status,
    });
  const missing = [
    ...(await missingBlockingInformation(db, order.id, "payment")),
    ...(await missingBlockingInformation(db, order.id, "admission")),
  ];
  if (missing.length > 0)
    throw domainError("information_missing", "Required information must be filled before the tickets", 409, {
      positions: missing,
    });
}

/** Checks type and exact size (2480 × 1169, seed 003) from the image itself, then stores it. */
export async function saveTicketTemplate(
  db: Db,
  dataDir: string,
  actor: Actor,
  event: EventRow,
  ticketTypeId: number,
  upload: { bytes: Buffer; contentType: string },
) {
  const type = await ticketTypeOf(db, actor, "event.manage", event, ticketTypeId);
  const metadata = await imageMetadata(upload.bytes);
  if (metadata?.format !== "png" && metadata?.format !== "jpeg")
    throw domainError("template_type", "A ticket template must be a PNG or JPEG image", 415, {
      content_type: upload.contentType,
    });
  if (metadata.width !== TICKET.width || metadata.height !== TICKET.height)
    throw domainError(
      "template_size",
      `A ticket template must be exactly ${TICKET.width} × ${TICKET.height} px (landscape); this one is ${metadata.width} × ${metadata.height} px`,
      400,
      { expected: TICKET, received: { width: metadata.width, height: metadata.height } },
    );
  const dir = templateDir(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const key = `${randomToken(16)}.${metadata.format === "png" ? "png" : "jpg"}`;
  fs.writeFileSync(path.join(dir, key), upload.bytes);
  try {
    await db.kysely
      .updateTable("ticket_types")
      .set({ template_key: key })
      .where("id", "=", type.id)
      .execute();
  } catch (error) {
    removeFile(dataDir, key);
    throw error;
  }
  removeFile(dataDir, type.template_key);
  return key;
}

export async function removeTicketTemplate(
  db: Db,
  dataDir: string,
  actor: Actor,
  event: EventRow,
  ticketTypeId: number,
) {
  const type = await ticketTypeOf(db, actor, "event.manage", event, ticketTypeId);
  await db.kysely.updateTable("ticket_types").set({ template_key: null }).where("id", "=", type.id).execute();
  removeFile(dataDir, type.template_key);
}

export async function ticketTemplateFile(
  db: Db,
  dataDir: string,
  actor: Actor,
  event: EventRow,
  ticketTypeId: number,
) {
  const type = await ticketTypeOf(db, actor, "event.view", event, ticketTypeId);
  if (!type.template_key) return undefined;
  const file = path.join(templateDir(dataDir), type.template_key);
  return fs.existsSync(file)
    ? { path: file, contentType: type.template_key.endsWith(".png") ? "image/png" : "image/jpeg" }
    : undefined;
}

function removeFile(dataDir: string, key: string | null | undefined) {
  if (key) fs.rmSync(path.join(templateDir(dataDir), key), { force: true });
}

async function ticketTypeOf(
  db: Db,
  actor: Actor,
  action: "event.view" | "event.manage",
  event: EventRow,
  ticketTypeId: number,
) {
  authorize(actor, action, { type: "event", organizerId: event.organizer_id, eventId: event.id });
  const type = await db.kysely
    .selectFrom("ticket_types")
    .select(["id", "template_key"])
    .where("id", "=", ticketTypeId)
    .where("event_id", "=", event.id)
    .executeTakeFirst();
  if (!type) throw notFound("Ticket type");
  return type;
}

/** What the bytes are, by reading them (never by the declared type); undefined when not an image. */
async function imageMetadata(bytes: Buffer) {
  if (!Buffer.isBuffer(bytes) || bytes.length === 0) return undefined;
  try {
    return await sharp(bytes).metadata();
  } catch {
    return undefined;
  }
}
