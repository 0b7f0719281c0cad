import { createHash } from "node:crypto";
import sharp from "sharp";
import type { Actor } from "../../platform/auth/actor.js";
import { authorize } from "../../platform/auth/policy.js";
import type { Db } from "../../platform/db/index.js";
import { domainError, notFound } from "../../platform/errors.js";
import { Checker } from "../../platform/validation.js";
import type { EventRow } from "./service.js";
import { MAX_DESCRIPTION } from "./texts.js";

/** What buyers see of an event besides its dates: a description (Markdown) and a cover image. */

export { MAX_DESCRIPTION };
export const MAX_COVER_UPLOAD = 5 * 1024 * 1024;
/** Every cover is 16:9, so pages can reserve its space (width/height) before it arrives. */
export const COVER_WIDTH = 1600;
export const COVER_HEIGHT = 900;
const MIN_COVER_WIDTH = 320;
/** The narrower copies pages offer in srcset, made on request from the stored one. */
export const COVER_VARIANTS = [480, 960] as const;
// A 5 MiB PNG can still unpack to gigapixels; 60 megapixels is far more than any camera needs.
const MAX_INPUT_PIXELS = 60_000_000;
const READABLE = new Set(["jpeg", "png", "webp"]);

type Manageable = Pick<EventRow, "id" | "organizer_id">;

function mayManage(actor: Actor, event: Manageable) {
  authorize(actor, "event.manage", { type: "event", organizerId: event.organizer_id, eventId: event.id });
}

export async function setEventDescription(
  db: Db,
  actor: Actor,
  event: EventRow,
  markdown: unknown,
): Promise<EventRow> {
  mayManage(actor, event);
  const check = new Checker();
  const text = check.text("markdown", typeof markdown === "string" ? markdown.replace(/\r\n?/g, "\n") : "", {
    min: 0,
    max: MAX_DESCRIPTION,
  });
  check.done();
  return db.kysely
    .updateTable("events")
    .set({ description: text })
    .where("id", "=", event.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * The stored type carries the version (a hash of the bytes) as a parameter, so that listing pages
 * can build a cache-busting address without loading the picture itself.
 */
function storedType(version: string) {
  return `image/jpeg; v=${version}`;
}

/** The cover's version, or null when the event has none. */
export function coverVersion(event: Pick<EventRow, "cover_type">): string | null {
  return /;\s*v=([0-9a-f]+)/.exec(event.cover_type ?? "")?.[1] ?? null;
}

/** The public address of the cover (immutable: a new picture gets a new address), or null. */
export function coverPath(event: Pick<EventRow, "id" | "cover_type">, width?: number): string | null {
  const version = coverVersion(event);
  if (!version) return null;
  return `/covers/${event.id}-${version}.jpg${width ? `?w=${width}` : ""}`;
}

const unreadable = () =>
  domainError("cover_unreadable", "The cover must be a JPEG, PNG or WebP picture", 400);

async function readableImage(bytes: Buffer) {
  const meta = await sharp(bytes)
    .metadata()
    .catch(() => null);
  if (!meta?.format || !READABLE.has(meta.format) || !meta.width || !meta.height) throw unreadable();
  if (meta.width * meta.height > MAX_INPUT_PIXELS)
    throw domainError("cover_too_many_pixels", "The cover may have at most 60 megapixels", 400);
  // EXIF orientations 5 to 8 turn the picture by a quarter: its width is then its height.
  const turned = (meta.orientation ?? 1) >= 5;
  return { width: turned ? meta.height : meta.width, height: turned ? meta.width : meta.height };
}

/**
 * A JPEG, PNG or WebP of at most 5 MiB becomes a 16:9 JPEG of at most 1600×900, cropped around what
 * looks interesting, turned upright and without any metadata (a phone photo's EXIF holds where it was
 * taken).
 */
export async function setEventCover(db: Db, actor: Actor, event: EventRow, bytes: Buffer): Promise<EventRow> {
  mayManage(actor, event);
  if (bytes.length > MAX_COVER_UPLOAD)
    throw domainError("payload_too_large", "The cover may be at most 5 MiB", 413);
  const size = await readableImage(bytes);
  const width = Math.min(COVER_WIDTH, size.width, Math.floor((size.height * 16) / 9));
  if (width < MIN_COVER_WIDTH)
    throw domainError("cover_too_small", "The cover must be at least 320×180 pixels", 400);
  let jpeg: Buffer;
  try {
    jpeg = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS })
      .rotate()
      .resize(width, Math.round((width * 9) / 16), { fit: "cover", position: "attention" })
      .flatten({ background: "#ffffff" })
      .jpeg({ quality: 80, mozjpeg: true })
      .toBuffer();
  } catch {
    // A truncated or corrupt file can pass the header check and fail only when decoded.
    throw unreadable();
  }
  const version = createHash("sha256").update(jpeg).digest("hex").slice(0, 12);
  return db.kysely
    .updateTable("events")
    .set({ cover_type: storedType(version), cover_data: jpeg.toString("base64") })
    .where("id", "=", event.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function removeEventCover(db: Db, actor: Actor, event: EventRow) {
  mayManage(actor, event);
  await db.kysely
    .updateTable("events")
    .set({ cover_type: null, cover_data: null })
    .where("id", "=", event.id)
    .execute();
}

// Narrower copies are made from the stored picture on request; addresses are immutable, so a few
// recent ones are worth keeping (a start page asks for the same ones for every visitor).
const variants = new Map<string, Buffer>();
const MAX_VARIANTS = 64;

/**
 * The cover of event `eventId` if `version` is its current one (an old or guessed address is a 404,
 * so covers of unlisted events cannot be walked by id), at full size or as one of COVER_VARIANTS.
 */
export async function getEventCover(db: Db, eventId: number, version: string, width?: number) {
  const event = await db.kysely.selectFrom("events").selectAll().where("id", "=", eventId).executeTakeFirst();
  if (!event?.cover_data || coverVersion(event) !== version) throw notFound("Cover");
  const full = Buffer.from(event.cover_data, "base64");
  if (!width || !(COVER_VARIANTS as readonly number[]).includes(width)) return { event, data: full };
  const key = `${eventId}-${version}-${width}`;
  let data = variants.get(key);
  if (!data) {
    data = await sharp(full)
      .resize(width, Math.round((width * 9) / 16), { fit: "cover", withoutEnlargement: true })
      .jpeg({ quality: 78, mozjpeg: true })
      .toBuffer();
    if (variants.size >= MAX_VARIANTS) variants.delete(variants.keys().next().value as string);
    variants.set(key, data);
  }
  return { event, data };
}
