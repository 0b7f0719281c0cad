import type { Db } from "../../platform/db/index.js";
import { domainError, notFound } from "../../platform/errors.js";
import { isoNow } from "../../platform/time.js";
import { Checker } from "../../platform/validation.js";
import { type ProgrammeScope, requireManage } from "./programme.js";

// Experiences and their slots. Admins with the full level change any; an exhibitor only their own.
// Every query is scoped by the event and, for exhibitors, by their exhibitor ids: another
// exhibitor's experience simply is not found.

export interface ExperienceInput {
  title?: unknown;
  description?: unknown;
  exhibitor?: unknown;
  location?: unknown;
  language?: unknown;
}

const MAX_SLOTS_PER_REQUEST = 500;
const IMAGE_TYPES = ["image/png", "image/jpeg"] as const;
const MAX_IMAGE_BYTES = 1024 * 1024;

const MAX_ID = 2_147_483_647;

/** An id from a path or a form: a whole number a database integer holds, else 0 (found nowhere). */
export function toId(value: unknown): number {
  const n =
    typeof value === "number"
      ? value
      : typeof value === "string" && /^\d{1,10}$/.test(value)
        ? Number(value)
        : 0;
  return Number.isInteger(n) && n >= 1 && n <= MAX_ID ? n : 0;
}

function canWrite(scope: ProgrammeScope, exhibitorId: number | null) {
  if (scope.manage) return;
  if (exhibitorId !== null && scope.exhibitorIds.includes(exhibitorId)) return;
  throw notFound("Experience");
}

async function exhibitorFor(db: Db, scope: ProgrammeScope, value: unknown, check: Checker) {
  if (!scope.manage) {
    // An exhibitor always writes as themselves (the first of their rows on this event).
    return scope.exhibitorIds[0] ?? null;
  }
  if (value === undefined || value === null || value === "") return null;
  const id = toId(value);
  const row = id
    ? await db.kysely
        .selectFrom("exhibitors")
        .select("id")
        .where("id", "=", id)
        .where("event_id", "=", scope.event.id)
        .executeTakeFirst()
    : undefined;
  if (!row) check.problems.push({ field: "exhibitor", message: "is not an exhibitor of this event" });
  return row?.id ?? null;
}

function describe(check: Checker, input: ExperienceInput) {
  return {
    title: check.text("title", input.title, { max: 200 }),
    description: check.optionalText("description", input.description, 5000) ?? "",
    location: check.optionalText("location", input.location, 200),
    language: check.optionalText("language", input.language, 50),
  };
}

export async function createExperience(db: Db, scope: ProgrammeScope, input: ExperienceInput) {
  if (!scope.manage && scope.exhibitorIds.length === 0) requireManage(scope);
  const check = new Checker();
  const fields = describe(check, input);
  const exhibitorId = await exhibitorFor(db, scope, input.exhibitor, check);
  check.done();
  return db.kysely
    .insertInto("experiences")
    .values({ event_id: scope.event.id, exhibitor_id: exhibitorId, ...fields, created_at: isoNow() })
    .returning(["id"])
    .executeTakeFirstOrThrow();
}

export async function findExperience(db: Db, scope: ProgrammeScope, id: number) {
  let query = db.kysely
    .selectFrom("experiences")
    .select(["id", "event_id", "exhibitor_id", "title", "description", "location", "language", "image_type"])
    .where("id", "=", id)
    .where("event_id", "=", scope.event.id);
  if (!scope.admin) query = query.where("exhibitor_id", "in", scope.exhibitorIds);
  const row = await query.executeTakeFirst();
  if (!row) throw notFound("Experience");
  return row;
}

export type Experience = Awaited<ReturnType<typeof findExperience>>;

export async function updateExperience(db: Db, scope: ProgrammeScope, id: number, input: ExperienceInput) {
  const experience = await findExperience(db, scope, id);
  canWrite(scope, experience.exhibitor_id);
  const check = new Checker();
  const fields = describe(check, { ...experience, ...input });
  const exhibitorId =
    scope.manage && input.exhibitor !== undefined
      ? await exhibitorFor(db, scope, input.exhibitor, check)
      : experience.exhibitor_id;
  check.done();
  await db.kysely
    .updateTable("experiences")
    .set({ ...fields, exhibitor_id: exhibitorId })
    .where("id", "=", id)
    .execute();
  return findExperience(db, scope, id);
}

export async function deleteExperience(db: Db, scope: ProgrammeScope, id: number) {
  const experience = await findExperience(db, scope, id);
  canWrite(scope, experience.exhibitor_id);
  await refuseWithBookings(db, "experience_id", id);
  await db.kysely.deleteFrom("experiences").where("id", "=", id).execute();
}

/** A PNG or JPEG of at most 1 MiB, recognised by its first bytes rather than by what the client says. */
export async function setExperienceImage(db: Db, scope: ProgrammeScope, id: number, data: Buffer | null) {
  const experience = await findExperience(db, scope, id);
  canWrite(scope, experience.exhibitor_id);
  let type: (typeof IMAGE_TYPES)[number] | null = null;
  if (data) {
    if (data.length > MAX_IMAGE_BYTES)
      throw domainError("image_too_large", "The image must be at most 1 MiB", 400);
    if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
      type = "image/png";
    else if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) type = "image/jpeg";
    else throw domainError("image_type", "The image must be a PNG or a JPEG", 415);
  }
  await db.kysely
    .updateTable("experiences")
    .set({ image_type: type, image_data: data ? data.toString("base64") : null })
    .where("id", "=", id)
    .execute();
}

export async function experienceImage(db: Db, eventId: number, id: number) {
  const row = await db.kysely
    .selectFrom("experiences")
    .select(["image_type", "image_data"])
    .where("id", "=", id)
    .where("event_id", "=", eventId)
    .executeTakeFirst();
  if (!row?.image_type || !row.image_data) throw notFound("Image");
  return { type: row.image_type, data: Buffer.from(row.image_data, "base64") };
}

/** Experiences of an event with their exhibitor's name, by title. */
function experiencesOf(db: Db, eventId: number) {
  return db.kysely
    .selectFrom("experiences as x")
    .leftJoin("exhibitors as h", "h.id", "x.exhibitor_id")
    .select([
      "x.id",
      "x.title",
      "x.description",
      "x.location",
      "x.language",
      "x.exhibitor_id",
      "x.image_type",
      "h.name as exhibitor_name",
    ])
    .where("x.event_id", "=", eventId)
    .orderBy("x.title")
    .orderBy("x.id");
}

/** Experiences in scope (all for admins, one's own for exhibitors), optionally of one exhibitor. */
export async function listExperiences(db: Db, scope: ProgrammeScope, filter: { exhibitor?: number } = {}) {
  let query = experiencesOf(db, scope.event.id);
  if (!scope.admin) query = query.where("x.exhibitor_id", "in", scope.exhibitorIds);
  if (filter.exhibitor !== undefined) query = query.where("x.exhibitor_id", "=", filter.exhibitor);
  return query.execute();
}

export function listSlots(db: Db, experienceIds: number[]) {
  if (experienceIds.length === 0) return Promise.resolve([]);
  return db.kysely
    .selectFrom("experience_slots")
    .select(["id", "experience_id", "starts_at", "ends_at", "capacity", "booked"])
    .where("experience_id", "in", experienceIds)
    .orderBy("starts_at")
    .orderBy("id")
    .execute();
}

export type Slot = Awaited<ReturnType<typeof listSlots>>[number];

function instant(check: Checker, field: string, value: unknown): string {
  const parsed = typeof value === "string" ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(parsed)) {
    check.problem(field, "date_time", "must be an ISO 8601 date-time");
    return "";
  }
  return new Date(parsed).toISOString();
}

function capacityOf(check: Checker, value: unknown) {
  const capacity = check.optionalInt("capacity", value, 0, 100_000);
  if (capacity === null) check.problem("capacity", "required", "is required");
  return capacity ?? 0;
}

export interface SlotInput {
  starts_at?: unknown;
  ends_at?: unknown;
  capacity?: unknown;
}

export async function createSlot(db: Db, scope: ProgrammeScope, experienceId: number, input: SlotInput) {
  const experience = await findExperience(db, scope, experienceId);
  canWrite(scope, experience.exhibitor_id);
  const check = new Checker();
  const startsAt = instant(check, "starts_at", input.starts_at);
  const endsAt = instant(check, "ends_at", input.ends_at);
  const capacity = capacityOf(check, input.capacity);
  if (startsAt && endsAt && endsAt <= startsAt)
    check.problems.push({ field: "ends_at", message: "must be after starts_at" });
  check.done();
  return db.kysely
    .insertInto("experience_slots")
    .values({
      experience_id: experienceId,
      starts_at: startsAt,
      ends_at: endsAt,
      capacity,
      created_at: isoNow(),
    })
    .returning(["id", "starts_at", "ends_at", "capacity", "booked"])
    .executeTakeFirstOrThrow();
}

export interface BulkSlotInput {
  from?: unknown;
  until?: unknown;
  every_minutes?: unknown;
  duration_minutes?: unknown;
  capacity?: unknown;
}

/**
 * Slots in bulk: one starting every `every_minutes` from `from` while it ends by `until`, each
 * `duration_minutes` long (default: back to back). All of them or none.
 */
export async function createSlotsInBulk(
  db: Db,
  scope: ProgrammeScope,
  experienceId: number,
  input: BulkSlotInput,
) {
  const experience = await findExperience(db, scope, experienceId);
  canWrite(scope, experience.exhibitor_id);
  const check = new Checker();
  const from = instant(check, "from", input.from);
  const until = instant(check, "until", input.until);
  const every = check.optionalInt("every_minutes", input.every_minutes, 5, 24 * 60);
  if (every === null) check.problem("every_minutes", "required", "is required");
  const duration = check.optionalInt("duration_minutes", input.duration_minutes, 1, 24 * 60) ?? every;
  const capacity = capacityOf(check, input.capacity);
  check.done();
  const slots: { starts_at: string; ends_at: string }[] = [];
  const end = Date.parse(until);
  for (let start = Date.parse(from); every && duration; start += every * 60_000) {
    const stop = start + duration * 60_000;
    if (stop > end) break;
    slots.push({ starts_at: new Date(start).toISOString(), ends_at: new Date(stop).toISOString() });
    if (slots.length > MAX_SLOTS_PER_REQUEST) break;
  }
  if (slots.length === 0 || slots.length > MAX_SLOTS_PER_REQUEST)
    throw domainError("validation_failed", `A bulk creation makes 1 to ${MAX_SLOTS_PER_REQUEST} slots`, 400, {
      fields: [{ field: "until", message: `gives ${slots.length} slots` }],
    });
  const now = isoNow();
  return db.kysely
    .insertInto("experience_slots")
    .values(slots.map((s) => ({ experience_id: experienceId, ...s, capacity, created_at: now })))
    .returning(["id", "starts_at", "ends_at", "capacity", "booked"])
    .execute();
}

export async function findSlot(db: Db, scope: ProgrammeScope, slotId: number) {
  const slot = await db.kysely
    .selectFrom("experience_slots as s")
    .innerJoin("experiences as x", "x.id", "s.experience_id")
    .select([
      "s.id",
      "s.experience_id",
      "s.starts_at",
      "s.ends_at",
      "s.capacity",
      "s.booked",
      "x.exhibitor_id",
    ])
    .where("s.id", "=", slotId)
    .where("x.event_id", "=", scope.event.id)
    .executeTakeFirst();
  if (!slot || (!scope.admin && !scope.exhibitorIds.includes(slot.exhibitor_id ?? -1)))
    throw notFound("Slot");
  return slot;
}

/** Capacity can shrink only down to what is booked: one conditional UPDATE. */
export async function updateSlot(db: Db, scope: ProgrammeScope, slotId: number, input: SlotInput) {
  const slot = await findSlot(db, scope, slotId);
  canWrite(scope, slot.exhibitor_id);
  const check = new Checker();
  const startsAt =
    input.starts_at === undefined ? slot.starts_at : instant(check, "starts_at", input.starts_at);
  const endsAt = input.ends_at === undefined ? slot.ends_at : instant(check, "ends_at", input.ends_at);
  const capacity = input.capacity === undefined ? slot.capacity : capacityOf(check, input.capacity);
  if (startsAt && endsAt && endsAt <= startsAt)
    check.problems.push({ field: "ends_at", message: "must be after starts_at" });
  check.done();
  const updated = await db.kysely
    .updateTable("experience_slots")
    .set({ starts_at: startsAt, ends_at: endsAt, capacity })
    .where("id", "=", slotId)
    .where("booked", "<=", capacity)
    .returning(["id", "starts_at", "ends_at", "capacity", "booked"])
    .executeTakeFirst();
  if (!updated)
    throw domainError("capacity_below_bookings", "The slot already has more bookings than that", 409);
  return updated;
}

async function refuseWithBookings(db: Db, column: "slot_id" | "experience_id", id: number) {
  let query = db.kysely
    .selectFrom("experience_bookings as b")
    .innerJoin("experience_slots as s", "s.id", "b.slot_id")
    .select("b.id")
    .where("b.cancelled_at", "is", null);
  query = column === "slot_id" ? query.where("s.id", "=", id) : query.where("s.experience_id", "=", id);
  if (await query.limit(1).executeTakeFirst())
    throw domainError("has_bookings", "Bookings exist: cancel them first", 409);
}

export async function deleteSlot(db: Db, scope: ProgrammeScope, slotId: number) {
  const slot = await findSlot(db, scope, slotId);
  canWrite(scope, slot.exhibitor_id);
  await refuseWithBookings(db, "slot_id", slotId);
  // Only a slot nobody holds: a booking racing in makes `booked` non-zero and the delete a no-op.
  const deleted = await db.kysely
    .deleteFrom("experience_slots")
    .where("id", "=", slotId)
    .where("booked", "=", 0)
    .executeTakeFirst();
  if (Number(deleted.numDeletedRows) === 0)
    throw domainError("has_bookings", "Bookings exist: cancel them first", 409);
}

/** The public overview: every experience of the event with its slots that have not started yet. */
export async function publicOverview(db: Db, eventId: number) {
  const experiences = await experiencesOf(db, eventId).execute();
  const now = isoNow();
  const slots = (
    await listSlots(
      db,
      experiences.map((x) => x.id),
    )
  ).filter((s) => s.starts_at > now);
  return experiences.map((x) => ({ ...x, slots: slots.filter((s) => s.experience_id === x.id) }));
}

export const presentSlot = (s: {
  id: number;
  starts_at: string;
  ends_at: string;
  capacity: number;
  booked: number;
}) => ({
  id: s.id,
  starts_at: s.starts_at,
  ends_at: s.ends_at,
  capacity: s.capacity,
  booked: s.booked,
  free: Math.max(0, s.capacity - s.booked),
});

export function presentExperience(
  x: {
    id: number;
    title: string;
    description: string;
    location: string | null;
    language: string | null;
    exhibitor_id: number | null;
    image_type: string | null;
  },
  slots: Slot[],
  imageBase: string,
) {
  return {
    id: x.id,
    title: x.title,
    description: x.description,
    location: x.location,
    language: x.language,
    exhibitor: x.exhibitor_id,
    image_url: x.image_type ? `${imageBase}/${x.id}/image` : null,
    slots: slots.filter((s) => s.experience_id === x.id).map(presentSlot),
  };
}
