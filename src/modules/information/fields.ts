import type { Selectable } from "kysely";
import type { Actor } from "../../platform/auth/actor.js";
import { authorize } from "../../platform/auth/policy.js";
import type { Db } from "../../platform/db/index.js";
import type { InformationBlocks, InformationFieldsTable, InformationKind } from "../../platform/db/schema.js";
import { domainError, notFound } from "../../platform/errors.js";
import { changedTranslations, checkTranslations, parseTranslations } from "../../platform/i18n/texts.js";
import { isoNow } from "../../platform/time.js";
import { Checker } from "../../platform/validation.js";
import { refuseIfOrdered, requireTicketType } from "../catalog/scope.js";
import type { EventRow } from "../events/service.js";

/**
 * Required information (seed 003): fields asked per ticket type, each blocking either payment or
 * admission until the attendee fills it. The kind is fixed at creation; fields can be created and
 * deleted only while nobody holds a ticket of the type (what was asked of a booked ticket stays asked).
 */

export const INFORMATION_KINDS: readonly InformationKind[] = [
  "text",
  "number",
  "choice",
  "date",
  "file",
  "boolean",
];
export const INFORMATION_BLOCKS: readonly InformationBlocks[] = ["payment", "admission"];

/**
 * Uploads are limited to passive formats we can recognise by their first bytes: they are served back to
 * admins' browsers, so nothing that could carry script (HTML, SVG, …) is ever accepted.
 */
export const UPLOAD_TYPES = [
  "application/pdf",
  "image/jpeg",
  "image/png",
  "image/gif",
  "image/webp",
] as const;
export type UploadType = (typeof UPLOAD_TYPES)[number];
/** The largest upload any field may allow (the file route's body limit). */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
const DEFAULT_UPLOAD_TYPES: UploadType[] = ["application/pdf", "image/jpeg", "image/png"];
const MAX_CHOICES = 100;

export interface InformationField {
  id: number;
  ticket_type_id: number;
  label: string;
  kind: InformationKind;
  required: boolean;
  blocks: InformationBlocks;
  choices: string[] | null;
  max_bytes: number | null;
  allowed_types: UploadType[] | null;
  created_at: string;
  /** The label per language (JSON as stored; see platform/i18n/texts.ts). */
  translations: string | null;
}

/** A question translates its label, with the default's limit. */
export const INFORMATION_TEXTS = { label: 200 } as const;

export interface InformationFieldInput {
  label?: unknown;
  kind?: unknown;
  required?: unknown;
  blocks?: unknown;
  choices?: unknown;
  max_bytes?: unknown;
  allowed_types?: unknown;
  translations?: unknown;
}

export const isUploadType = (value: unknown): value is UploadType =>
  typeof value === "string" && (UPLOAD_TYPES as readonly string[]).includes(value);

function stringList(json: string | null): string[] | null {
  if (json === null) return null;
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === "string") : null;
  } catch {
    return null;
  }
}

export function toInformationField(row: Selectable<InformationFieldsTable>): InformationField {
  return {
    id: row.id,
    ticket_type_id: row.ticket_type_id,
    label: row.label,
    kind: row.kind,
    required: Boolean(row.required),
    blocks: row.blocks,
    choices: stringList(row.choices),
    max_bytes: row.max_bytes,
    allowed_types: stringList(row.allowed_types)?.filter(isUploadType) ?? null,
    created_at: row.created_at,
    translations: row.translations,
  };
}

export function presentInformationField(field: InformationField) {
  return {
    id: field.id,
    ticket_type: field.ticket_type_id,
    label: field.label,
    kind: field.kind,
    required: field.required,
    blocks: field.blocks,
    choices: field.choices,
    max_bytes: field.max_bytes,
    allowed_types: field.allowed_types,
    translations: parseTranslations(field.translations),
  };
}

const eventResource = (event: EventRow) =>
  ({ type: "event", organizerId: event.organizer_id, eventId: event.id }) as const;

function optionalFlag(check: Checker, field: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (value === true || value === "true" || value === 1 || value === "1") return true;
  if (value === false || value === "false" || value === 0 || value === "0") return false;
  check.problems.push({ field, message: "must be true or false" });
  return fallback;
}

function checkChoices(check: Checker, value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    check.problems.push({ field: "choices", message: "a choice field needs at least one choice" });
    return [];
  }
  if (value.length > MAX_CHOICES)
    check.problems.push({ field: "choices", message: `at most ${MAX_CHOICES} choices` });
  const choices = value.map((c: unknown, i) => check.text(`choices.${i}`, c, { max: 200 }));
  if (new Set(choices).size !== choices.length)
    check.problems.push({ field: "choices", message: "must not repeat a choice" });
  return choices;
}

function checkAllowedTypes(check: Checker, value: unknown): UploadType[] {
  if (value === undefined || value === null) return DEFAULT_UPLOAD_TYPES;
  if (!Array.isArray(value) || value.length === 0) {
    check.problems.push({ field: "allowed_types", message: "must list at least one content type" });
    return [];
  }
  const types: UploadType[] = [];
  for (const [i, raw] of value.entries()) {
    const type = typeof raw === "string" ? raw.trim().toLowerCase() : "";
    if (isUploadType(type)) {
      if (!types.includes(type)) types.push(type);
    } else
      check.problems.push({
        field: `allowed_types.${i}`,
        message: `must be one of ${UPLOAD_TYPES.join(", ")}`,
      });
  }
  return types;
}

const absent = (value: unknown) => value === undefined || value === null;

const ticketTypeOf = (db: Db, event: EventRow, ticketTypeId: number) =>
  requireTicketType(db.kysely, event, ticketTypeId);
const refuseWithOrders = (db: Db, ticketTypeId: number) =>
  refuseIfOrdered(
    db.kysely,
    ticketTypeId,
    "Required information can be added or removed only while the ticket type has no orders",
  );

export async function createInformationField(
  db: Db,
  actor: Actor,
  event: EventRow,
  ticketTypeId: number,
  input: InformationFieldInput,
): Promise<InformationField> {
  authorize(actor, "event.manage", eventResource(event));
  const type = await ticketTypeOf(db, event, ticketTypeId);
  const check = new Checker();
  const label = check.text("label", input.label, { max: 200 });
  const kind = check.oneOf("kind", input.kind, INFORMATION_KINDS);
  const required = optionalFlag(check, "required", input.required, true);
  const blocks = absent(input.blocks) ? "payment" : check.oneOf("blocks", input.blocks, INFORMATION_BLOCKS);
  let choices: string[] | null = null;
  let maxBytes: number | null = null;
  let allowedTypes: UploadType[] | null = null;
  if (kind === "choice") choices = checkChoices(check, input.choices);
  else if (!absent(input.choices))
    check.problems.push({ field: "choices", message: "only choice fields have choices" });
  if (kind === "file") {
    maxBytes = absent(input.max_bytes)
      ? DEFAULT_MAX_BYTES
      : check.optionalInt("max_bytes", input.max_bytes, 1, MAX_UPLOAD_BYTES);
    allowedTypes = checkAllowedTypes(check, input.allowed_types);
  } else {
    if (!absent(input.max_bytes))
      check.problems.push({ field: "max_bytes", message: "only file fields have a size limit" });
    if (!absent(input.allowed_types))
      check.problems.push({ field: "allowed_types", message: "only file fields have content types" });
  }
  const translations = checkTranslations(check, input.translations, INFORMATION_TEXTS) ?? null;
  check.done();
  // Seed 003: created only while there is no (pre-)reservation of the ticket type. A checkout racing
  // this insert at worst books a ticket whose field appeared a moment later, which it then asks for.
  await refuseWithOrders(db, type.id);
  const row = await db.kysely
    .insertInto("information_fields")
    .values({
      ticket_type_id: type.id,
      label,
      kind,
      required: required ? 1 : 0,
      blocks,
      choices: choices ? JSON.stringify(choices) : null,
      max_bytes: maxBytes,
      allowed_types: allowedTypes ? JSON.stringify(allowedTypes) : null,
      translations,
      created_at: isoNow(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toInformationField(row);
}

export async function listInformationFields(
  db: Db,
  actor: Actor,
  event: EventRow,
  ticketTypeId: number,
): Promise<InformationField[]> {
  authorize(actor, "event.view", eventResource(event));
  await ticketTypeOf(db, event, ticketTypeId);
  return fieldsForTicketTypes(db, [ticketTypeId]);
}

/** Every field of the given ticket types, in creation order (no authorization: callers decide). */
export async function fieldsForTicketTypes(db: Db, ticketTypeIds: number[]): Promise<InformationField[]> {
  if (ticketTypeIds.length === 0) return [];
  const rows = await db.kysely
    .selectFrom("information_fields")
    .selectAll()
    .where("ticket_type_id", "in", [...new Set(ticketTypeIds)])
    .orderBy("id")
    .execute();
  return rows.map(toInformationField);
}

export interface InformationFieldUpdate {
  label?: unknown;
  kind?: unknown;
  required?: unknown;
  blocks?: unknown;
  translations?: unknown;
}

/** Label, required and what it blocks may change at any time; the kind never does. */
export async function updateInformationField(
  db: Db,
  actor: Actor,
  event: EventRow,
  ticketTypeId: number,
  fieldId: number,
  input: InformationFieldUpdate,
): Promise<InformationField> {
  authorize(actor, "event.manage", eventResource(event));
  await ticketTypeOf(db, event, ticketTypeId);
  const existing = await db.kysely
    .selectFrom("information_fields")
    .selectAll()
    .where("id", "=", fieldId)
    .where("ticket_type_id", "=", ticketTypeId)
    .executeTakeFirst();
  if (!existing) throw notFound("Information field");
  if (!absent(input.kind) && input.kind !== existing.kind)
    throw domainError("kind_fixed", "The kind of a required information is fixed at creation", 409);
  const check = new Checker();
  const label = absent(input.label) ? existing.label : check.text("label", input.label, { max: 200 });
  const required = optionalFlag(check, "required", input.required, Boolean(existing.required));
  const blocks = absent(input.blocks)
    ? existing.blocks
    : check.oneOf("blocks", input.blocks, INFORMATION_BLOCKS);
  const translations = changedTranslations(
    check,
    input.translations,
    INFORMATION_TEXTS,
    existing.translations,
  );
  check.done();
  const row = await db.kysely
    .updateTable("information_fields")
    .set({ label, required: required ? 1 : 0, blocks, translations })
    .where("id", "=", fieldId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toInformationField(row);
}

/** Deleting is allowed only while nobody holds a ticket of the type (one conditional statement). */
export async function deleteInformationField(
  db: Db,
  actor: Actor,
  event: EventRow,
  ticketTypeId: number,
  fieldId: number,
): Promise<void> {
  authorize(actor, "event.manage", eventResource(event));
  await ticketTypeOf(db, event, ticketTypeId);
  const deleted = await db.kysely
    .deleteFrom("information_fields")
    .where("id", "=", fieldId)
    .where("ticket_type_id", "=", ticketTypeId)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom("order_positions").select("id").where("ticket_type_id", "=", ticketTypeId))),
    )
    .executeTakeFirst();
  if (Number(deleted.numDeletedRows) === 1) return;
  const field = await db.kysely
    .selectFrom("information_fields")
    .select("id")
    .where("id", "=", fieldId)
    .where("ticket_type_id", "=", ticketTypeId)
    .executeTakeFirst();
  if (!field) throw notFound("Information field");
  await refuseWithOrders(db, ticketTypeId);
  throw notFound("Information field");
}
