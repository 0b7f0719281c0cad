import { sql, type Transaction } from "kysely";
import type { Actor } from "../../platform/auth/actor.js";
import { type Db, isUniqueViolation } from "../../platform/db/index.js";
import type { Database, GuestsTable, RegistrationFormsTable } from "../../platform/db/schema.js";
import { domainError, notFound } from "../../platform/errors.js";
import { isoNow } from "../../platform/time.js";
import type { Organizer } from "../organizers/service.js";
import { authorizeForms } from "./access.js";
import { newAuthCode } from "./auth-codes.js";
import { type FormInput, type ValidForm, type ValidGuest, validateForm } from "./form-input.js";
import { requireOwnMunicipalities } from "./municipalities.js";

export type RegistrationFormRow = Omit<RegistrationFormsTable, "id"> & { id: number };
export type GuestRow = Omit<GuestsTable, "id"> & { id: number };
export interface RegistrationForm extends RegistrationFormRow {
  guests: GuestRow[];
}

type Trx = Transaction<Database>;

const numberTaken = (number: string) =>
  domainError("number_taken", `Registration form ${number} already exists in this municipality`, 409);

/** Inserts a guest with a fresh auth code, drawing again on the (rare) collision with another code. */
async function insertGuest(trx: Trx, formId: number, position: number, guest: ValidGuest): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = await trx
      .insertInto("guests")
      .values({
        form_id: formId,
        position,
        first_name: guest.first_name,
        last_name: guest.last_name,
        email: guest.email,
        tariff_id: guest.tariff_id,
        tariff_alias: guest.tariff_alias,
        auth_code: newAuthCode(),
        created_at: isoNow(),
      })
      .onConflict((oc) => oc.column("auth_code").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (row) return;
  }
  throw new Error("could not draw a free auth code");
}

export async function withNumberCheck<T>(number: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw numberTaken(number);
    throw error;
  }
}

const formValues = (form: ValidForm) => ({
  municipality_id: form.municipality,
  number: form.number,
  arrival_date: form.arrival_date,
  departure_date: form.departure_date,
  travel_days: form.travel_days,
  overnight_stays: form.overnight_stays,
});

/** Writes a checked form and its guests (each with a new auth code); the caller holds the transaction. */
export async function insertForm(trx: Trx, organizerId: number, form: ValidForm): Promise<number> {
  const now = isoNow();
  const row = await trx
    .insertInto("registration_forms")
    .values({
      ...formValues(form),
      organizer_id: organizerId,
      status: "active",
      created_at: now,
      updated_at: now,
      cancelled_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const [i, guest] of form.guests.entries()) await insertGuest(trx, row.id, i + 1, guest);
  return row.id;
}

/** Checks, then writes the form and its guests (each with a new auth code) in one transaction. */
export async function createRegistrationForm(
  db: Db,
  actor: Actor,
  organizer: Organizer,
  input: FormInput,
): Promise<RegistrationForm> {
  authorizeForms(actor, organizer.id);
  const form = validateForm(input);
  if (form.guests.some((g) => g.id !== null))
    throw domainError("validation_failed", "New guests have no id", 400, {
      fields: [{ field: "guests.id", message: "must not be given for a new form" }],
    });
  await requireOwnMunicipalities(db, organizer.id, [form.municipality], "municipality");
  const id = await withNumberCheck(form.number, () =>
    db.kysely.transaction().execute((trx) => insertForm(trx, organizer.id, form)),
  );
  return findRegistrationForm(db, actor, organizer, id);
}

/**
 * Replaces a form's data. Guests with an id are updated (their auth code stays), guests without one are
 * added with a new code, and guests no longer listed are removed (their codes stop working).
 */
export async function updateRegistrationForm(
  db: Db,
  actor: Actor,
  organizer: Organizer,
  formId: number,
  input: FormInput,
): Promise<RegistrationForm> {
  const current = await findRegistrationForm(db, actor, organizer, formId);
  if (current.status === "cancelled") throw domainError("form_cancelled", "The form is cancelled", 409);
  const form = validateForm(input);
  const known = new Set(current.guests.map((g) => g.id));
  const foreign = form.guests.filter((g) => g.id !== null && !known.has(g.id));
  if (foreign.length > 0)
    throw domainError("validation_failed", "Unknown guest", 400, {
      fields: [
        { field: "guests.id", message: `not a guest of this form: ${foreign.map((g) => g.id).join(", ")}` },
      ],
    });
  await requireOwnMunicipalities(db, organizer.id, [form.municipality], "municipality");
  await withNumberCheck(form.number, () =>
    db.kysely.transaction().execute(async (trx) => {
      await trx
        .updateTable("registration_forms")
        .set({ ...formValues(form), updated_at: isoNow() })
        .where("id", "=", formId)
        .execute();
      const kept = form.guests.flatMap((g) => (g.id === null ? [] : [g.id]));
      const removed = current.guests.filter((g) => !kept.includes(g.id)).map((g) => g.id);
      if (removed.length > 0) await trx.deleteFrom("guests").where("id", "in", removed).execute();
      for (const [i, guest] of form.guests.entries()) {
        if (guest.id === null) await insertGuest(trx, formId, i + 1, guest);
        else
          await trx
            .updateTable("guests")
            .set({
              position: i + 1,
              first_name: guest.first_name,
              last_name: guest.last_name,
              email: guest.email,
              tariff_id: guest.tariff_id,
              tariff_alias: guest.tariff_alias,
            })
            .where("id", "=", guest.id)
            .where("form_id", "=", formId)
            .execute();
      }
    }),
  );
  return findRegistrationForm(db, actor, organizer, formId);
}

/** A cancelled form stays on record; its auth codes no longer answer partner lookups. */
export async function cancelRegistrationForm(
  db: Db,
  actor: Actor,
  organizer: Organizer,
  formId: number,
): Promise<RegistrationForm> {
  await findRegistrationForm(db, actor, organizer, formId);
  const now = isoNow();
  await db.kysely
    .updateTable("registration_forms")
    .set({ status: "cancelled", cancelled_at: now, updated_at: now })
    .where("id", "=", formId)
    .where("status", "=", "active")
    .execute();
  return findRegistrationForm(db, actor, organizer, formId);
}

export async function findRegistrationForm(
  db: Db,
  actor: Actor,
  organizer: Organizer,
  formId: number,
): Promise<RegistrationForm> {
  authorizeForms(actor, organizer.id);
  const [form, guests] = await Promise.all([
    db.kysely
      .selectFrom("registration_forms")
      .selectAll()
      .where("id", "=", formId)
      .where("organizer_id", "=", organizer.id)
      .executeTakeFirst(),
    db.kysely.selectFrom("guests").selectAll().where("form_id", "=", formId).orderBy("position").execute(),
  ]);
  if (!form) throw notFound("Registration form");
  return { ...form, guests };
}

export interface FormSearch {
  /** Matches the form number, a guest's name or e-mail (substring, any case) or an auth code. */
  q?: string;
  municipality?: number;
  status?: "active" | "cancelled";
  limit?: number;
  offset?: number;
}

/** Newest first, with their guests (two reads). */
export async function searchRegistrationForms(
  db: Db,
  actor: Actor,
  organizer: Organizer,
  search: FormSearch,
): Promise<RegistrationForm[]> {
  authorizeForms(actor, organizer.id);
  let query = db.kysely
    .selectFrom("registration_forms as f")
    .selectAll("f")
    .where("f.organizer_id", "=", organizer.id);
  if (search.municipality !== undefined) query = query.where("f.municipality_id", "=", search.municipality);
  if (search.status) query = query.where("f.status", "=", search.status);
  const q = search.q?.trim().toLowerCase();
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const has = (column: string) => sql<boolean>`lower(${sql.ref(column)}) like ${like} escape '\\'`;
    query = query.where((eb) =>
      eb.or([
        has("f.number"),
        eb.exists(
          eb
            .selectFrom("guests as g")
            .select("g.id")
            .whereRef("g.form_id", "=", "f.id")
            .where((inner) =>
              inner.or([
                has("g.first_name"),
                has("g.last_name"),
                has("g.email"),
                inner("g.auth_code", "=", q),
              ]),
            ),
        ),
      ]),
    );
  }
  const forms = await query
    .orderBy("f.id", "desc")
    .limit(Math.min(search.limit ?? 50, 200))
    .offset(search.offset ?? 0)
    .execute();
  if (forms.length === 0) return [];
  const guests = await db.kysely
    .selectFrom("guests")
    .selectAll()
    .where(
      "form_id",
      "in",
      forms.map((f) => f.id),
    )
    .orderBy("position")
    .execute();
  return forms.map((f) => ({ ...f, guests: guests.filter((g) => g.form_id === f.id) }));
}

export const presentGuest = (g: GuestRow) => ({
  id: g.id,
  first_name: g.first_name,
  last_name: g.last_name,
  email: g.email,
  tariff_id: g.tariff_id,
  tariff_alias: g.tariff_alias,
  auth_code: g.auth_code,
});

export const presentRegistrationForm = (f: RegistrationForm) => ({
  id: f.id,
  number: f.number,
  municipality: f.municipality_id,
  arrival_date: f.arrival_date,
  departure_date: f.departure_date,
  travel_days: f.travel_days,
  overnight_stays: f.overnight_stays,
  status: f.status,
  created_at: f.created_at,
  updated_at: f.updated_at,
  cancelled_at: f.cancelled_at,
  guests: f.guests.map(presentGuest),
});
