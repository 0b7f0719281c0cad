import fs from "node:fs";
import path from "node:path";
import type { Selectable } from "kysely";
import type { Actor } from "../../platform/auth/actor.js";
import { can, orderResource } from "../../platform/auth/policy.js";
import { randomToken } from "../../platform/crypto.js";
import type { Db } from "../../platform/db/index.js";
import type { InformationBlocks, InformationKind, InformationValuesTable } from "../../platform/db/schema.js";
import { domainError, forbidden, notFound } from "../../platform/errors.js";
import type { Locale } from "../../platform/i18n/index.js";
import { localizedRows } from "../../platform/i18n/texts.js";
import { isoNow } from "../../platform/time.js";
import { invalid } from "../../platform/validation.js";
import { recordAudit } from "../audit/audit-log.js";
import { actorLabel, logOrder } from "../audit/order-log.js";
import type { EventRow } from "../events/service.js";
import { fieldsForTicketTypes, type InformationField, isUploadType, type UploadType } from "./fields.js";

/**
 * What required information needs of an order: the orders module's InformationOrder is one. Declared here
 * because orders asks this module what is missing before payment, so this module cannot import orders.
 */
export interface InformationOrder {
  id: number;
  code: string;
  event_id: number;
  user_id: number | null;
  status: string;
  positions: { id: number; ticket_type_id: number; ticket_type_name: string; attendee_name: string | null }[];
}

/**
 * Required information values (seed 003): the attendee fills them per ticket of their own order; the
 * event's admins (manage-orders level) may edit and validate them. A validation cannot be withdrawn:
 * a validated value is read-only for everyone. File bytes go to DATA_DIR/uploads/<random key> (never
 * the sender's file name); the database holds their metadata.
 *
 * "Filled" means: a value is present (a file for file fields); for a required checkbox, ticked.
 * "Blocking": a required field with blocks = "payment" must be filled before the order can be marked
 * paid; admission needs every required field filled (what was needed to pay is needed at the door too).
 */

export type InformationValue = Selectable<InformationValuesTable>;

const MAX_TEXT = 2000;
/** Storage lives under the data directory; keys are our own random tokens, never user input. */
const UPLOADS = "uploads";
const FILE_KEY = /^[A-Za-z0-9_-]{16,64}$/;

export function uploadsDir(dataDir: string): string {
  return path.join(dataDir, UPLOADS);
}

function filePath(dataDir: string, key: string): string {
  if (!FILE_KEY.test(key)) throw notFound("File");
  return path.join(uploadsDir(dataDir), key);
}

async function removeFile(dataDir: string, key: string | null) {
  if (!key || !FILE_KEY.test(key)) return;
  await fs.promises.rm(path.join(uploadsDir(dataDir), key), { force: true });
}

export function isFilled(field: InformationField, value: InformationValue | undefined): boolean {
  if (!value) return false;
  if (field.kind === "file") return value.file_key !== null;
  if (field.kind === "boolean" && field.required) return value.value === "true";
  return value.value !== null;
}

export interface MissingInformation {
  position_id: number;
  fields: { id: number; label: string; kind: InformationKind; blocks: InformationBlocks }[];
}

const blocksFor = (field: InformationField, blocks: InformationBlocks) =>
  field.required && (blocks === "admission" || field.blocks === "payment");

/** Required fields of each position's ticket type that block `blocks` and are not filled. */
function missingIn(
  positions: { id: number; ticket_type_id: number }[],
  fields: InformationField[],
  values: Map<string, InformationValue>,
  blocks: InformationBlocks,
): MissingInformation[] {
  return positions.flatMap((position) => {
    const unfilled = fields.filter(
      (f) =>
        f.ticket_type_id === position.ticket_type_id &&
        blocksFor(f, blocks) &&
        !isFilled(f, values.get(key(position.id, f.id))),
    );
    if (unfilled.length === 0) return [];
    const missing = unfilled.map((f) => ({ id: f.id, label: f.label, kind: f.kind, blocks: f.blocks }));
    return [{ position_id: position.id, fields: missing }];
  });
}

/**
 * What still blocks `payment` (required fields that block payment) or `admission` (every required
 * field) on an order, per position; positions with nothing missing are left out, so an empty list
 * means nothing blocks.
 */
export async function missingBlockingInformation(
  db: Db,
  orderId: number,
  blocks: InformationBlocks,
): Promise<MissingInformation[]> {
  const positions = await db.kysely
    .selectFrom("order_positions")
    .select(["id", "ticket_type_id"])
    .where("order_id", "=", orderId)
    .orderBy("id")
    .execute();
  const fields = (
    await fieldsForTicketTypes(
      db,
      positions.map((p) => p.ticket_type_id),
    )
  ).filter((f) => blocksFor(f, blocks));
  if (fields.length === 0) return [];
  const values = await valuesOf(
    db,
    positions.map((p) => p.id),
  );
  return missingIn(positions, fields, values, blocks);
}

const key = (positionId: number, fieldId: number) => `${positionId}:${fieldId}`;

async function valuesOf(db: Db, positionIds: number[]): Promise<Map<string, InformationValue>> {
  if (positionIds.length === 0) return new Map();
  const rows = await db.kysely
    .selectFrom("information_values")
    .selectAll()
    .where("position_id", "in", positionIds)
    .execute();
  return new Map(rows.map((r) => [key(r.position_id, r.field_id), r]));
}

/**
 * Which of an event's tickets required information still keeps out (every required field of their
 * type filled?), for the offline scanner's download: one read of the fields, one of the values.
 */
export async function positionsMissingAdmissionInformation(
  db: Db,
  eventId: number,
  positions: { id: number; ticket_type_id: number }[],
): Promise<Set<number>> {
  const fields = (
    await fieldsForTicketTypes(
      db,
      positions.map((p) => p.ticket_type_id),
    )
  ).filter((f) => blocksFor(f, "admission"));
  if (fields.length === 0) return new Set();
  const types = new Set(fields.map((f) => f.ticket_type_id));
  const rows = await db.kysely
    .selectFrom("information_values as v")
    .innerJoin("order_positions as p", "p.id", "v.position_id")
    .innerJoin("orders as o", "o.id", "p.order_id")
    .selectAll("v")
    .where("o.event_id", "=", eventId)
    .where(
      "v.field_id",
      "in",
      fields.map((f) => f.id),
    )
    .execute();
  const values = new Map(rows.map((r) => [key(r.position_id, r.field_id), r]));
  const asking = positions.filter((p) => types.has(p.ticket_type_id));
  return new Set(missingIn(asking, fields, values, "admission").map((m) => m.position_id));
}

const eventResource = (event: EventRow) =>
  ({ type: "event", organizerId: event.organizer_id, eventId: event.id }) as const;

/** The owner and the event's admins see an order's information; to everyone else the order does not exist. */
function assertCanSee(actor: Actor, event: EventRow, order: InformationOrder) {
  if (order.event_id !== event.id) throw notFound("Order");
  if (!can(actor, "order.view", orderResource(event, order))) throw notFound("Order");
}

/** Writing: the owner, or an admin with the manage-orders level; only on a live (pending or paid) order. */
function assertCanWrite(actor: Actor, event: EventRow, order: InformationOrder) {
  assertCanSee(actor, event, order);
  if (!can(actor, "order.change", orderResource(event, order))) throw forbidden();
  assertLive(order);
}

function assertLive(order: InformationOrder) {
  if (order.status !== "pending" && order.status !== "paid")
    throw domainError(
      "invalid_order_status",
      `The order is ${order.status}; information can only change on a pending or paid order`,
      409,
      { status: order.status },
    );
}

const nothingToValidate = () =>
  domainError("information_missing", "There is nothing to validate: this information is empty", 409);

const alreadyValidated = () =>
  domainError("already_validated", "This information has been validated and can no longer change", 409);

export interface InformationItem {
  position_id: number;
  field: InformationField;
  value: InformationValue | undefined;
}

/** The position of this order and one of its ticket type's fields, or 404. */
async function locate(db: Db, order: InformationOrder, positionId: number, fieldId: number) {
  const position = order.positions.find((p) => p.id === positionId);
  if (!position) throw notFound("Ticket");
  const field = (await fieldsForTicketTypes(db, [position.ticket_type_id])).find((f) => f.id === fieldId);
  if (!field) throw notFound("Information field");
  return { position, field };
}

async function loadItem(db: Db, positionId: number, field: InformationField): Promise<InformationItem> {
  const value = await db.kysely
    .selectFrom("information_values")
    .selectAll()
    .where("position_id", "=", positionId)
    .where("field_id", "=", field.id)
    .executeTakeFirst();
  return { position_id: positionId, field, value };
}

export interface OrderInformation<O extends InformationOrder = InformationOrder> {
  order: O;
  positions: { position: O["positions"][number]; items: InformationItem[] }[];
  missing: { payment: MissingInformation[]; admission: MissingInformation[] };
}

export async function orderInformation<O extends InformationOrder>(
  db: Db,
  actor: Actor,
  event: EventRow,
  order: O,
  /** The reader's language: the questions' labels in it where the organizer gave one. */
  locale?: Locale,
): Promise<OrderInformation<O>> {
  assertCanSee(actor, event, order);
  const [fields, values] = await Promise.all([
    fieldsForTicketTypes(
      db,
      order.positions.map((p) => p.ticket_type_id),
    ).then((rows) => (locale ? localizedRows(rows, locale, ["label"]) : rows)),
    valuesOf(
      db,
      order.positions.map((p) => p.id),
    ),
  ]);
  const positions = order.positions.map((position) => ({
    position,
    items: fields
      .filter((f) => f.ticket_type_id === position.ticket_type_id)
      .map((field) => ({ position_id: position.id, field, value: values.get(key(position.id, field.id)) })),
  }));
  const missing = {
    payment: missingIn(order.positions, fields, values, "payment"),
    admission: missingIn(order.positions, fields, values, "admission"),
  };
  return { order, positions, missing };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DECIMAL = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/;

/** The stored text form of a non-file value, or null to clear it; 400 for what the kind refuses. */
export function normaliseValue(field: InformationField, raw: unknown): string | null {
  if (raw === undefined || raw === null || (typeof raw === "string" && raw.trim() === "")) return null;
  const problem = (message: string) => invalid([{ field: "value", message }]);
  switch (field.kind) {
    case "text": {
      if (typeof raw !== "string") throw problem("must be text");
      const text = raw.trim();
      if (text.length > MAX_TEXT) throw problem(`must be at most ${MAX_TEXT} characters`);
      return text;
    }
    case "number": {
      const n =
        typeof raw === "number"
          ? raw
          : typeof raw === "string" && DECIMAL.test(raw.trim())
            ? Number(raw.trim().replace(",", "."))
            : Number.NaN;
      if (!Number.isFinite(n) || Math.abs(n) >= 1e15) throw problem("must be a number");
      return String(n);
    }
    case "choice": {
      if (typeof raw !== "string" || !(field.choices ?? []).includes(raw.trim()))
        throw problem(`must be one of ${(field.choices ?? []).join(", ")}`);
      return raw.trim();
    }
    case "date": {
      const m = typeof raw === "string" ? DATE.exec(raw.trim()) : null;
      const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
      if (!m || !date || date.toISOString().slice(0, 10) !== m[0])
        throw problem("must be a date (YYYY-MM-DD)");
      return m[0];
    }
    case "boolean": {
      if (raw === true || raw === "true") return "true";
      if (raw === false || raw === "false") return "false";
      throw problem("must be true or false");
    }
    case "file":
      throw domainError(
        "file_expected",
        "This information is a file: upload it with PUT …/file (send null here to remove it)",
        400,
      );
  }
}

/** What a value write changes; a file's old bytes are removed only after the change committed. */
interface ValueChange {
  value: string | null;
  file_key: string | null;
  file_type: string | null;
  file_size: number | null;
  file_name: string | null;
}

/**
 * Writes one value unless it was validated. The row is created first (if missing) and locked, so a
 * concurrent validation or upload waits for us or we for it; returns the replaced file's key.
 */
async function writeValue(
  db: Db,
  actor: Actor,
  order: InformationOrder,
  positionId: number,
  field: InformationField,
  change: ValueChange,
): Promise<string | null> {
  const now = isoNow();
  const by = actorLabel(actor);
  return db.kysely.transaction().execute(async (trx) => {
    await trx
      .insertInto("information_values")
      .values({ position_id: positionId, field_id: field.id, updated_at: now, updated_by: by })
      .onConflict((oc) => oc.columns(["position_id", "field_id"]).doNothing())
      .execute();
    const current = await trx
      .selectFrom("information_values")
      .select(["file_key", "validated_at"])
      .where("position_id", "=", positionId)
      .where("field_id", "=", field.id)
      .$if(db.dialect === "postgres", (q) => q.forUpdate())
      .executeTakeFirstOrThrow();
    if (current.validated_at !== null) throw alreadyValidated();
    const updated = await trx
      .updateTable("information_values")
      .set({ ...change, updated_at: now, updated_by: by })
      .where("position_id", "=", positionId)
      .where("field_id", "=", field.id)
      .where("validated_at", "is", null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw alreadyValidated();
    // Which ticket and field changed, never the value: the log must not copy personal data.
    await logOrder(trx, order.id, by, "information_updated", {
      position: positionId,
      field: field.id,
      ...(field.kind === "file" ? { file: change.file_key !== null } : {}),
    });
    return current.file_key !== change.file_key ? current.file_key : null;
  });
}

/** Sets (or, with null, clears) a non-file value; a null on a file field removes the file. */
export async function setInformationValue(
  db: Db,
  dataDir: string,
  actor: Actor,
  event: EventRow,
  order: InformationOrder,
  positionId: number,
  fieldId: number,
  raw: unknown,
): Promise<InformationItem> {
  assertCanWrite(actor, event, order);
  const { field } = await locate(db, order, positionId, fieldId);
  const value = field.kind === "file" && raw === null ? null : normaliseValue(field, raw);
  const replaced = await writeValue(db, actor, order, positionId, field, {
    value,
    file_key: null,
    file_type: null,
    file_size: null,
    file_name: null,
  });
  await removeFile(dataDir, replaced);
  return loadItem(db, positionId, field);
}

const SIGNATURES: Record<UploadType, (b: Buffer) => boolean> = {
  "application/pdf": (b) => b.subarray(0, 5).toString("latin1") === "%PDF-",
  "image/png": (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  "image/jpeg": (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  "image/gif": (b) => /^GIF8[79]a$/.test(b.subarray(0, 6).toString("latin1")),
  "image/webp": (b) =>
    b.subarray(0, 4).toString("latin1") === "RIFF" && b.subarray(8, 12).toString("latin1") === "WEBP",
};

/** The media type of a Content-Type header, lowercased, without parameters. */
export function mediaType(header: string | undefined): string {
  return (header ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

/** A display name only (never used on disk): no path, no control characters, bounded. */
function cleanFileName(name: string | undefined): string | null {
  if (!name) return null;
  const base = name.split(/[\\/]/).pop() ?? "";
  const clean = [...base]
    .filter((c) => c.charCodeAt(0) >= 0x20 && c !== "\u007f" && c !== '"')
    .join("")
    .trim()
    .slice(0, 200);
  return clean === "" ? null : clean;
}

export interface UploadInput {
  /** The request's Content-Type header. */
  contentType: string | undefined;
  bytes: unknown;
  /** Optional original name (from Content-Disposition), kept for display and downloads only. */
  fileName?: string;
}

/**
 * Stores an uploaded file for a file field: type in the field's list (415), size within its limit (413),
 * content that really is of the declared type (400). The bytes are written before the row changes and
 * removed again if the change is refused; a replaced file is removed after the change committed.
 */
export async function uploadInformationFile(
  db: Db,
  dataDir: string,
  actor: Actor,
  event: EventRow,
  order: InformationOrder,
  positionId: number,
  fieldId: number,
  input: UploadInput,
): Promise<InformationItem> {
  assertCanWrite(actor, event, order);
  const { field } = await locate(db, order, positionId, fieldId);
  if (field.kind !== "file")
    throw domainError("not_a_file_field", "This information is not a file; send its value as JSON", 400);
  const type = mediaType(input.contentType);
  const allowed = field.allowed_types ?? [];
  if (!isUploadType(type) || !allowed.includes(type))
    throw domainError("unsupported_media_type", `This file must be one of: ${allowed.join(", ")}`, 415, {
      allowed_types: allowed,
    });
  const bytes = input.bytes;
  if (!Buffer.isBuffer(bytes) || bytes.length === 0)
    throw domainError("file_empty", "The request body must be the file's bytes", 400);
  const maxBytes = field.max_bytes ?? 0;
  if (bytes.length > maxBytes)
    throw domainError("payload_too_large", `This file may be at most ${maxBytes} bytes`, 413, {
      max_bytes: maxBytes,
    });
  if (!SIGNATURES[type](bytes))
    throw domainError("file_content_mismatch", `The file's content is not ${type}`, 400);
  // Refuse early (before writing bytes) when validated; writeValue checks again under the lock.
  const before = await loadItem(db, positionId, field);
  if (before.value?.validated_at) throw alreadyValidated();

  const fileKey = randomToken(24);
  await fs.promises.mkdir(uploadsDir(dataDir), { recursive: true, mode: 0o700 });
  await fs.promises.writeFile(filePath(dataDir, fileKey), bytes, { flag: "wx", mode: 0o600 });
  let replaced: string | null;
  try {
    replaced = await writeValue(db, actor, order, positionId, field, {
      value: null,
      file_key: fileKey,
      file_type: type,
      file_size: bytes.length,
      file_name: cleanFileName(input.fileName),
    });
  } catch (error) {
    await removeFile(dataDir, fileKey);
    throw error;
  }
  await removeFile(dataDir, replaced);
  return loadItem(db, positionId, field);
}

export interface StoredFile {
  path: string;
  contentType: string;
  size: number;
  name: string;
}

/** A stored file, for its owner and the event's admins only (404 for everyone else). */
export async function informationFile(
  db: Db,
  dataDir: string,
  actor: Actor,
  event: EventRow,
  order: InformationOrder,
  positionId: number,
  fieldId: number,
): Promise<StoredFile> {
  assertCanSee(actor, event, order);
  const { field } = await locate(db, order, positionId, fieldId);
  const { value } = await loadItem(db, positionId, field);
  if (!value?.file_key || !value.file_type) throw notFound("File");
  const file = filePath(dataDir, value.file_key);
  const stat = await fs.promises.stat(file).catch(() => null);
  if (!stat?.isFile()) throw notFound("File");
  if (!can(actor, "order.own", orderResource(event, order)))
    await recordAudit(
      db.kysely,
      actor,
      "file.download",
      `position:${positionId}/field:${field.id}`,
      event.organizer_id,
    );
  const extension = value.file_type.split("/")[1] ?? "bin";
  return {
    path: file,
    contentType: value.file_type,
    size: stat.size,
    name: value.file_name ?? `information-${positionId}-${field.id}.${extension}`,
  };
}

/**
 * An admin (manage-orders level) validates a filled value: from then on it is read-only for everyone.
 * Idempotent; there is no way back.
 */
export async function validateInformation(
  db: Db,
  actor: Actor,
  event: EventRow,
  order: InformationOrder,
  positionId: number,
  fieldId: number,
): Promise<InformationItem> {
  assertCanSee(actor, event, order);
  if (!can(actor, "event.orders", eventResource(event))) throw forbidden();
  const { field } = await locate(db, order, positionId, fieldId);
  const current = await loadItem(db, positionId, field);
  if (current.value?.validated_at) return current;
  assertLive(order);
  if (!isFilled(field, current.value)) throw nothingToValidate();
  const now = isoNow();
  const by = actorLabel(actor);
  const changed = await db.kysely.transaction().execute(async (trx) => {
    // Filled is checked again in the statement itself: the owner may clear the value meanwhile.
    const updated = await trx
      .updateTable("information_values")
      .set({ validated_at: now, validated_by: by })
      .where("position_id", "=", positionId)
      .where("field_id", "=", field.id)
      .where("validated_at", "is", null)
      .where((eb) =>
        field.kind === "file"
          ? eb("file_key", "is not", null)
          : field.kind === "boolean" && field.required
            ? eb("value", "=", "true")
            : eb("value", "is not", null),
      )
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return false;
    await logOrder(trx, order.id, by, "information_validated", { position: positionId, field: field.id });
    return true;
  });
  const after = await loadItem(db, positionId, field);
  // Not changed: validated by someone else at the same moment (same outcome), or emptied meanwhile.
  if (!changed && !after.value?.validated_at) throw nothingToValidate();
  return after;
}

/** The API shape of one value (with its field), shared by every information route. */
export function presentInformationItem(item: InformationItem) {
  const { field, value } = item;
  const raw = value?.value ?? null;
  const decoded =
    raw === null
      ? null
      : field.kind === "number"
        ? Number(raw)
        : field.kind === "boolean"
          ? raw === "true"
          : raw;
  return {
    position: item.position_id,
    field_id: field.id,
    label: field.label,
    kind: field.kind,
    required: field.required,
    blocks: field.blocks,
    choices: field.choices,
    max_bytes: field.max_bytes,
    allowed_types: field.allowed_types,
    value: decoded,
    file:
      value?.file_key && value.file_type
        ? { content_type: value.file_type, size: value.file_size ?? 0, name: value.file_name }
        : null,
    filled: isFilled(field, value),
    validated: Boolean(value?.validated_at),
    validated_at: value?.validated_at ?? null,
    updated_at: value?.updated_at ?? null,
  };
}

export function presentOrderInformation(info: OrderInformation) {
  return {
    code: info.order.code,
    status: info.order.status,
    payment_blocked: info.missing.payment.length > 0,
    admission_blocked: info.missing.admission.length > 0,
    missing: info.missing,
    positions: info.positions.map(({ position, items }) => ({
      id: position.id,
      ticket_type: position.ticket_type_id,
      ticket_type_name: position.ticket_type_name,
      attendee_name: position.attendee_name,
      information: items.map(presentInformationItem),
    })),
  };
}
