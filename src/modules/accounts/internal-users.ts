import type { Actor } from "../../platform/auth/actor.js";
import { authorize } from "../../platform/auth/policy.js";
import { parseCsv } from "../../platform/csv.js";
import type { Db, DbHandle } from "../../platform/db/index.js";
import { domainError } from "../../platform/errors.js";
import { isoNow } from "../../platform/time.js";
import { Checker, type FieldProblem } from "../../platform/validation.js";

/** Audience attributes: what restricted ticket types and audience grants match on. */
export interface InternalUserInput {
  email?: unknown;
  name?: unknown;
  school?: unknown;
  class_year?: unknown;
  memberships?: unknown;
}

interface ValidInternalUser {
  email: string;
  name: string;
  school: string | null;
  classYear: number | null;
  memberships: string[];
}

function validate(input: InternalUserInput, check: Checker, prefix = ""): ValidInternalUser {
  const email = check.email(`${prefix}email`, input.email);
  const name = check.text(`${prefix}name`, input.name, { max: 120 });
  const school = check.optionalText(`${prefix}school`, input.school, 120);
  const classYear = check.optionalInt(`${prefix}class_year`, input.class_year, 1900, 2200);
  const raw = input.memberships;
  const list = Array.isArray(raw) ? raw : typeof raw === "string" ? raw.split(/[|;]/) : [];
  const memberships = [...new Set(list.map((m) => String(m).trim()).filter((m) => m !== ""))];
  if (memberships.some((m) => m.length > 120))
    check.problems.push({ field: `${prefix}memberships`, message: "each at most 120 characters" });
  return { email, name, school, classYear, memberships };
}

async function upsert(db: DbHandle, user: ValidInternalUser): Promise<"created" | "updated"> {
  const existing = await db
    .selectFrom("users")
    .select(["id", "kind"])
    .where("email", "=", user.email)
    .executeTakeFirst();
  let id: number;
  if (existing) {
    // An external account that the institution recognises becomes internal. Its attributes count only
    // once its owner confirmed the address (matchesAudience): registering with someone else's address
    // before the import gains nothing.
    await db
      .updateTable("users")
      .set({ name: user.name, school: user.school, class_year: user.classYear, kind: "internal" })
      .where("id", "=", existing.id)
      .execute();
    id = existing.id;
  } else {
    const row = await db
      .insertInto("users")
      .values({
        email: user.email,
        name: user.name,
        password_hash: null,
        kind: "internal",
        is_platform_admin: 0,
        locale: null,
        school: user.school,
        class_year: user.classYear,
        created_at: isoNow(),
        // An account the institution creates is its address as it knows it: nothing to prove.
        email_confirmed_at: isoNow(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    id = row.id;
  }
  await db.deleteFrom("user_memberships").where("user_id", "=", id).execute();
  if (user.memberships.length > 0) {
    await db
      .insertInto("user_memberships")
      .values(user.memberships.map((association) => ({ user_id: id, association })))
      .execute();
  }
  return existing ? "updated" : "created";
}

/** Creates or updates an internal account by e-mail. The person sets a password via "forgot password". */
export async function upsertInternalUser(db: Db, actor: Actor, input: InternalUserInput) {
  authorize(actor, "platform.admin", { type: "platform" });
  const check = new Checker();
  const user = validate(input, check);
  check.done();
  return db.kysely.transaction().execute((trx) => upsert(trx, user));
}

const CSV_COLUMNS = ["email", "name", "school", "class_year", "memberships"] as const;

/** All rows or none: one bad row rejects the file with every problem listed. */
export async function importInternalUsersCsv(db: Db, actor: Actor, csv: string) {
  authorize(actor, "platform.admin", { type: "platform" });
  const rows = parseCsv(csv);
  const header = (rows.shift() ?? []).map((h) => h.trim().toLowerCase());
  const missing = ["email", "name"].filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw domainError("invalid_csv", `The header must name the columns ${CSV_COLUMNS.join(", ")}`, 400, {
      missing,
    });
  }
  if (rows.length === 0) throw domainError("invalid_csv", "The file has no rows", 400);
  if (rows.length > 50_000) throw domainError("invalid_csv", "At most 50,000 rows per file", 400);
  const check = new Checker();
  const users = rows.map((cells, i) => {
    const record: Record<string, string> = {};
    header.forEach((column, j) => {
      record[column] = cells[j] ?? "";
    });
    return validate(record, check, `row ${i + 2}: `);
  });
  const seen = new Set<string>();
  users.forEach((u, i) => {
    if (seen.has(u.email))
      check.problems.push({ field: `row ${i + 2}: email`, message: "appears twice" } satisfies FieldProblem);
    seen.add(u.email);
  });
  check.done();
  return db.kysely.transaction().execute(async (trx) => {
    const result = { created: 0, updated: 0 };
    for (const user of users) result[await upsert(trx, user)]++;
    return result;
  });
}

export async function listUsers(db: Db, actor: Actor, options: { query?: string; limit?: number } = {}) {
  authorize(actor, "platform.admin", { type: "platform" });
  let q = db.kysely
    .selectFrom("users")
    .select(["id", "email", "name", "kind", "is_platform_admin", "school", "class_year", "created_at"])
    // Deleted accounts are anonymous placeholders kept for their orders: nobody to list.
    .where("anonymized_at", "is", null)
    .orderBy("id", "desc")
    .limit(options.limit ?? 100);
  if (options.query) {
    const like = `%${options.query.toLowerCase()}%`;
    q = q.where((eb) => eb.or([eb("email", "like", like), eb(eb.fn("lower", ["name"]), "like", like)]));
  }
  const users = await q.execute();
  const memberships = users.length
    ? await db.kysely
        .selectFrom("user_memberships")
        .selectAll()
        .where(
          "user_id",
          "in",
          users.map((u) => u.id),
        )
        .execute()
    : [];
  return users.map((u) => ({
    ...u,
    is_platform_admin: Boolean(u.is_platform_admin),
    memberships: memberships.filter((m) => m.user_id === u.id).map((m) => m.association),
  }));
}
