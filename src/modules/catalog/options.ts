import type { Selectable } from "kysely";
import type { Actor } from "../../platform/auth/actor.js";
import { authorize } from "../../platform/auth/policy.js";
import type { Db, DbHandle } from "../../platform/db/index.js";
import { prepared } from "../../platform/db/prepared.js";
import type { OptionGroupsTable, TicketTypeOptionsTable } from "../../platform/db/schema.js";
import { notFound } from "../../platform/errors.js";
import { checkTranslations, parseTranslations } from "../../platform/i18n/texts.js";
import { checkMoney, formatMoney } from "../../platform/money.js";
import { isoNow } from "../../platform/time.js";
import { Checker, invalid } from "../../platform/validation.js";
import type { EventRow } from "../events/service.js";
import { refuseIfOrdered, requireTicketType } from "./scope.js";

/**
 * Options and option groups of a ticket type (seed 003). An ungrouped option is an independent
 * checkbox; the options of one group exclude each other, and choosing none of them is always allowed
 * (the free neutral choice needs no row). Both may change only while the ticket type has no orders:
 * a booked ticket keeps exactly what was sold, and positions keep their own copy of name and price.
 */
export type TicketTypeOption = Selectable<TicketTypeOptionsTable>;
export type OptionGroup = Selectable<OptionGroupsTable> & { options: TicketTypeOption[] };

export interface OptionInput {
  name?: unknown;
  price?: unknown;
  /** An option group of the same ticket type; null or absent: an independent option. */
  group?: unknown;
  /** {"de":{"name":"…"},…}; replaces what is stored, null clears, absent keeps. */
  translations?: unknown;
}

export interface OptionGroupInput {
  name?: unknown;
  translations?: unknown;
}

/** Options and groups translate their name, with the default's limit. */
export const OPTION_TEXTS = { name: 200 } as const;

const resource = (event: EventRow) => ({
  type: "event" as const,
  organizerId: event.organizer_id,
  eventId: event.id,
});

const refuseWithOrders = (trx: DbHandle, ticketTypeId: number) =>
  refuseIfOrdered(trx, ticketTypeId, "This ticket type already has orders: its options can no longer change");

/** `undefined`: not given; `null`: no group; a number: checked later against the ticket type's groups. */
function groupField(check: Checker, value: unknown): number | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === "") return null;
  return check.optionalInt("group", value, 1, 2_147_483_647);
}

async function requireGroup(trx: DbHandle, ticketTypeId: number, groupId: number | null) {
  if (groupId === null) return;
  const group = await trx
    .selectFrom("option_groups")
    .select("id")
    .where("id", "=", groupId)
    .where("ticket_type_id", "=", ticketTypeId)
    .executeTakeFirst();
  if (!group) throw invalid([{ field: "group", message: "is not an option group of this ticket type" }]);
}

export async function listOptions(db: Db, actor: Actor, event: EventRow, ticketTypeId: number) {
  authorize(actor, "event.view", resource(event));
  await requireTicketType(db.kysely, event, ticketTypeId);
  return db.kysely
    .selectFrom("ticket_type_options")
    .selectAll()
    .where("ticket_type_id", "=", ticketTypeId)
    .orderBy("id")
    .execute();
}

export async function createOption(
  db: Db,
  actor: Actor,
  event: EventRow,
  ticketTypeId: number,
  input: OptionInput,
): Promise<TicketTypeOption> {
  authorize(actor, "event.manage", resource(event));
  const check = new Checker();
  const name = check.text("name", input.name, { max: 200 });
  const priceMinor = checkMoney(check, "price", input.price ?? "0");
  const groupId = groupField(check, input.group) ?? null;
  const translations = checkTranslations(check, input.translations, OPTION_TEXTS) ?? null;
  check.done();
  await requireTicketType(db.kysely, event, ticketTypeId);
  return db.kysely.transaction().execute(async (trx) => {
    await requireGroup(trx, ticketTypeId, groupId);
    await refuseWithOrders(trx, ticketTypeId);
    return trx
      .insertInto("ticket_type_options")
      .values({
        ticket_type_id: ticketTypeId,
        group_id: groupId,
        name,
        price_minor: priceMinor,
        translations,
        created_at: isoNow(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

export async function updateOption(
  db: Db,
  actor: Actor,
  event: EventRow,
  ticketTypeId: number,
  optionId: number,
  input: OptionInput,
): Promise<TicketTypeOption> {
  authorize(actor, "event.manage", resource(event));
  const check = new Checker();
  const changes: {
    name?: string;
    price_minor?: number;
    group_id?: number | null;
    translations?: string | null;
  } = {};
  if (input.name !== undefined) changes.name = check.text("name", input.name, { max: 200 });
  if (input.price !== undefined) changes.price_minor = checkMoney(check, "price", input.price);
  const groupId = groupField(check, input.group);
  if (groupId !== undefined) changes.group_id = groupId;
  const translations = checkTranslations(check, input.translations, OPTION_TEXTS);
  if (translations !== undefined) changes.translations = translations;
  if (Object.keys(changes).length === 0)
    check.problems.push({
      field: "name",
      message: "give a name, a price, a group or translations to change",
    });
  check.done();
  await requireTicketType(db.kysely, event, ticketTypeId);
  return db.kysely.transaction().execute(async (trx) => {
    if (changes.group_id !== undefined) await requireGroup(trx, ticketTypeId, changes.group_id);
    // Translations only change how the catalog reads: booked positions keep their own copy of the name.
    if (Object.keys(changes).some((key) => key !== "translations")) await refuseWithOrders(trx, ticketTypeId);
    const row = await trx
      .updateTable("ticket_type_options")
      .set(changes)
      .where("id", "=", optionId)
      .where("ticket_type_id", "=", ticketTypeId)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw notFound("Option");
    return row;
  });
}

export async function deleteOption(
  db: Db,
  actor: Actor,
  event: EventRow,
  ticketTypeId: number,
  optionId: number,
) {
  authorize(actor, "event.manage", resource(event));
  await requireTicketType(db.kysely, event, ticketTypeId);
  await db.kysely.transaction().execute(async (trx) => {
    await refuseWithOrders(trx, ticketTypeId);
    const deleted = await trx
      .deleteFrom("ticket_type_options")
      .where("id", "=", optionId)
      .where("ticket_type_id", "=", ticketTypeId)
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) throw notFound("Option");
  });
}

async function groupsOf(db: DbHandle, ticketTypeId: number, groupId?: number): Promise<OptionGroup[]> {
  let groups = db.selectFrom("option_groups").selectAll().where("ticket_type_id", "=", ticketTypeId);
  let options = db
    .selectFrom("ticket_type_options")
    .selectAll()
    .where("ticket_type_id", "=", ticketTypeId)
    .where("group_id", "is not", null);
  if (groupId !== undefined) {
    groups = groups.where("id", "=", groupId);
    options = options.where("group_id", "=", groupId);
  }
  const [groupRows, optionRows] = await Promise.all([
    groups.orderBy("id").execute(),
    options.orderBy("id").execute(),
  ]);
  return groupRows.map((g) => ({ ...g, options: optionRows.filter((o) => o.group_id === g.id) }));
}

export async function listOptionGroups(db: Db, actor: Actor, event: EventRow, ticketTypeId: number) {
  authorize(actor, "event.view", resource(event));
  await requireTicketType(db.kysely, event, ticketTypeId);
  return groupsOf(db.kysely, ticketTypeId);
}

export async function createOptionGroup(
  db: Db,
  actor: Actor,
  event: EventRow,
  ticketTypeId: number,
  input: OptionGroupInput,
): Promise<OptionGroup> {
  authorize(actor, "event.manage", resource(event));
  const check = new Checker();
  const name = check.text("name", input.name, { max: 200 });
  const translations = checkTranslations(check, input.translations, OPTION_TEXTS) ?? null;
  check.done();
  await requireTicketType(db.kysely, event, ticketTypeId);
  return db.kysely.transaction().execute(async (trx) => {
    await refuseWithOrders(trx, ticketTypeId);
    const row = await trx
      .insertInto("option_groups")
      .values({ ticket_type_id: ticketTypeId, name, translations, created_at: isoNow() })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { ...row, options: [] };
  });
}

export async function updateOptionGroup(
  db: Db,
  actor: Actor,
  event: EventRow,
  ticketTypeId: number,
  groupId: number,
  input: OptionGroupInput,
): Promise<OptionGroup> {
  authorize(actor, "event.manage", resource(event));
  const check = new Checker();
  const name = check.text("name", input.name, { max: 200 });
  const translations = checkTranslations(check, input.translations, OPTION_TEXTS);
  check.done();
  await requireTicketType(db.kysely, event, ticketTypeId);
  return db.kysely.transaction().execute(async (trx) => {
    await refuseWithOrders(trx, ticketTypeId);
    const updated = await trx
      .updateTable("option_groups")
      .set(translations === undefined ? { name } : { name, translations })
      .where("id", "=", groupId)
      .where("ticket_type_id", "=", ticketTypeId)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) throw notFound("Option group");
    const [group] = await groupsOf(trx, ticketTypeId, groupId);
    if (!group) throw notFound("Option group");
    return group;
  });
}

/** Deleting a group deletes its options with it: they only existed as its choices. */
export async function deleteOptionGroup(
  db: Db,
  actor: Actor,
  event: EventRow,
  ticketTypeId: number,
  groupId: number,
) {
  authorize(actor, "event.manage", resource(event));
  await requireTicketType(db.kysely, event, ticketTypeId);
  await db.kysely.transaction().execute(async (trx) => {
    await refuseWithOrders(trx, ticketTypeId);
    await trx
      .deleteFrom("ticket_type_options")
      .where("group_id", "=", groupId)
      .where("ticket_type_id", "=", ticketTypeId)
      .execute();
    const deleted = await trx
      .deleteFrom("option_groups")
      .where("id", "=", groupId)
      .where("ticket_type_id", "=", ticketTypeId)
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) throw notFound("Option group");
  });
}

/** Every option of an event's ticket types, for checkout (one query). */
// Read by every shop page and checkout: compiled once (platform/db/prepared.ts).
const optionsOfEvent = prepared((db, event: number) =>
  db
    .selectFrom("ticket_type_options as o")
    .innerJoin("ticket_types as t", "t.id", "o.ticket_type_id")
    .selectAll("o")
    .where("t.event_id", "=", event)
    .orderBy("o.id"),
);

export async function eventOptions(db: Db, event: EventRow): Promise<TicketTypeOption[]> {
  return optionsOfEvent.all(db.kysely, event.id);
}

export interface ChosenOption {
  id: number;
  groupId: number | null;
  name: string;
  priceMinor: number;
}

/**
 * Checks one position's choice: known options of its ticket type, none twice (validation problems
 * under `field`), and at most one per group (returned as the conflicting group id, for the caller to
 * raise `option_group_conflict` once every validation problem has been reported).
 */
export function chooseOptions(
  check: Checker,
  field: string,
  raw: unknown,
  ticketTypeId: number | undefined,
  optionById: Map<number, TicketTypeOption>,
): { chosen: ChosenOption[]; conflictGroup: number | null } {
  const none = { chosen: [], conflictGroup: null };
  if (raw === undefined || raw === null) return none;
  if (!Array.isArray(raw)) {
    check.problems.push({ field, message: "must be a list of option ids" });
    return none;
  }
  const chosen: ChosenOption[] = [];
  const seen = new Set<number>();
  const groups = new Set<number>();
  let conflictGroup: number | null = null;
  for (const [j, value] of raw.entries()) {
    const id = typeof value === "number" ? value : Number(value);
    const option = Number.isInteger(id) ? optionById.get(id) : undefined;
    if (!option || (ticketTypeId !== undefined && option.ticket_type_id !== ticketTypeId)) {
      check.problems.push({ field, message: `item ${j + 1} is not an option of this ticket type` });
      continue;
    }
    if (seen.has(option.id)) {
      check.problems.push({ field, message: `item ${j + 1} repeats an option` });
      continue;
    }
    seen.add(option.id);
    if (option.group_id !== null) {
      if (groups.has(option.group_id)) conflictGroup ??= option.group_id;
      groups.add(option.group_id);
    }
    chosen.push({
      id: option.id,
      groupId: option.group_id,
      name: option.name,
      priceMinor: option.price_minor,
    });
  }
  return { chosen, conflictGroup };
}

export function presentOption(o: TicketTypeOption) {
  return {
    id: o.id,
    name: o.name,
    price: formatMoney(o.price_minor),
    group: o.group_id,
    translations: parseTranslations(o.translations),
  };
}

export function presentOptionGroup(g: OptionGroup) {
  return {
    id: g.id,
    name: g.name,
    translations: parseTranslations(g.translations),
    options: g.options.map(presentOption),
  };
}

/** Every option group of an event, for the shop's booking form. */
export async function eventOptionGroups(db: Db, event: EventRow) {
  return db.kysely
    .selectFrom("option_groups as g")
    .innerJoin("ticket_types as t", "t.id", "g.ticket_type_id")
    .selectAll("g")
    .where("t.event_id", "=", event.id)
    .orderBy("g.id")
    .execute();
}
