import type { Actor } from "../../platform/auth/actor.js";
import { type Db, unlessDuplicate } from "../../platform/db/index.js";
import type { MunicipalitiesTable } from "../../platform/db/schema.js";
import { domainError, notFound } from "../../platform/errors.js";
import { isoNow } from "../../platform/time.js";
import { Checker } from "../../platform/validation.js";
import type { Organizer } from "../organizers/service.js";
import { authorizeSetup, authorizeView } from "./access.js";

export type Municipality = MunicipalitiesTable;

const MAX_ID = 2_147_483_647;

/** A municipality keeps the numeric id partners use (`gemeinde_id`): given, unique on the platform. */
export async function createMunicipality(
  db: Db,
  actor: Actor,
  organizer: Organizer,
  input: { id?: unknown; name?: unknown },
): Promise<Municipality> {
  authorizeSetup(actor, organizer.id);
  const check = new Checker();
  const id = check.optionalInt("id", input.id, 1, MAX_ID);
  if (id === null && !check.problems.some((p) => p.field === "id"))
    check.problem("id", "required", "is required");
  const name = check.text("name", input.name, { max: 200 });
  check.done();
  return unlessDuplicate(
    () =>
      db.kysely
        .insertInto("municipalities")
        .values({ id: id ?? 0, organizer_id: organizer.id, name, created_at: isoNow() })
        .returningAll()
        .executeTakeFirstOrThrow(),
    () => domainError("municipality_taken", `Municipality ${id} already exists`, 409),
  );
}

export async function renameMunicipality(
  db: Db,
  actor: Actor,
  organizer: Organizer,
  id: number,
  input: { name?: unknown },
): Promise<Municipality> {
  authorizeSetup(actor, organizer.id);
  const check = new Checker();
  const name = check.text("name", input.name, { max: 200 });
  check.done();
  const row = await db.kysely
    .updateTable("municipalities")
    .set({ name })
    .where("id", "=", id)
    .where("organizer_id", "=", organizer.id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound("Municipality");
  return row;
}

export async function listMunicipalities(
  db: Db,
  actor: Actor,
  organizer: Organizer,
): Promise<Municipality[]> {
  authorizeView(actor, organizer.id);
  return db.kysely
    .selectFrom("municipalities")
    .selectAll()
    .where("organizer_id", "=", organizer.id)
    .orderBy("id")
    .execute();
}

/** Municipalities must be the organizer's own; anything else reads as a validation problem. */
export async function requireOwnMunicipalities(
  db: Db,
  organizerId: number,
  ids: number[],
  field: string,
): Promise<void> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  const rows = await db.kysely
    .selectFrom("municipalities")
    .select("id")
    .where("organizer_id", "=", organizerId)
    .where("id", "in", unique)
    .execute();
  const known = new Set(rows.map((r) => r.id));
  const missing = unique.filter((id) => !known.has(id));
  if (missing.length > 0)
    throw domainError("unknown_municipality", `Unknown municipality: ${missing.join(", ")}`, 400, {
      fields: [{ field, message: `unknown municipality ${missing.join(", ")}` }],
    });
}

export const presentMunicipality = (m: Municipality) => ({
  id: m.id,
  name: m.name,
  created_at: m.created_at,
});
