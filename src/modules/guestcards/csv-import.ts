import type { Actor } from "../../platform/auth/actor.js";
import { parseCsv } from "../../platform/csv.js";
import type { Db } from "../../platform/db/index.js";
import { domainError, isDomainError } from "../../platform/errors.js";
import type { FieldProblem } from "../../platform/validation.js";
import type { Organizer } from "../organizers/service.js";
import { authorizeForms } from "./access.js";
import { type ValidForm, validateForm } from "./form-input.js";
import { requireOwnMunicipalities } from "./municipalities.js";
import { insertForm, withNumberCheck } from "./service.js";

/** The CSV columns (header row, any order, `,` or `;`); one row per guest. */
export const CSV_COLUMNS = [
  "municipality",
  "number",
  "arrival_date",
  "departure_date",
  "first_name",
  "last_name",
  "email",
  "tariff_id",
  "tariff_alias",
] as const;
const REQUIRED = CSV_COLUMNS.filter((c) => c !== "email");
export const MAX_IMPORT_ROWS = 5000;

const invalidCsv = (problems: FieldProblem[]) =>
  domainError(
    "invalid_csv",
    `Invalid CSV: ${problems.map((p) => `${p.field}: ${p.message}`).join("; ")}`,
    400,
    {
      fields: problems,
    },
  );

/**
 * Bulk creation of registration forms: rows with the same municipality and number are one form (its
 * guests in row order; the first row's dates count). All forms are written or none.
 */
export async function importRegistrationForms(
  db: Db,
  actor: Actor,
  organizer: Organizer,
  text: string,
): Promise<{ forms: number; guests: number }> {
  authorizeForms(actor, organizer.id);
  const [header = [], ...rows] = parseCsv(text);
  const names = header.map((h) => h.trim().toLowerCase());
  const missing = REQUIRED.filter((c) => !names.includes(c));
  if (missing.length > 0)
    throw invalidCsv([{ field: "header", message: `missing columns: ${missing.join(", ")}` }]);
  if (rows.length === 0) throw invalidCsv([{ field: "rows", message: "no guest rows" }]);
  if (rows.length > MAX_IMPORT_ROWS)
    throw invalidCsv([{ field: "rows", message: `at most ${MAX_IMPORT_ROWS}` }]);
  const cell = (row: string[], column: string) => row[names.indexOf(column)]?.trim() ?? "";

  const groups = new Map<string, { line: number; rows: string[][] }>();
  rows.forEach((row, i) => {
    const key = `${cell(row, "municipality")}\u0000${cell(row, "number")}`;
    const group = groups.get(key) ?? { line: i + 2, rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  });
  const forms: ValidForm[] = [];
  const problems: FieldProblem[] = [];
  for (const { line, rows: group } of groups.values()) {
    const [first = []] = group;
    try {
      forms.push(
        validateForm({
          municipality: cell(first, "municipality"),
          number: cell(first, "number"),
          arrival_date: cell(first, "arrival_date"),
          departure_date: cell(first, "departure_date"),
          guests: group.map((row) => ({
            first_name: cell(row, "first_name"),
            last_name: cell(row, "last_name"),
            email: cell(row, "email"),
            tariff_id: cell(row, "tariff_id"),
            tariff_alias: cell(row, "tariff_alias"),
          })),
        }),
      );
    } catch (error) {
      if (!isDomainError(error)) throw error;
      const fields = (error.details?.fields as FieldProblem[] | undefined) ?? [];
      problems.push(...fields.map((f) => ({ field: `line ${line}: ${f.field}`, message: f.message })));
    }
  }
  if (problems.length > 0) throw invalidCsv(problems.slice(0, 50));
  await requireOwnMunicipalities(
    db,
    organizer.id,
    forms.map((f) => f.municipality),
    "municipality",
  );
  await withNumberCheck("(from the CSV)", () =>
    db.kysely.transaction().execute(async (trx) => {
      for (const form of forms) await insertForm(trx, organizer.id, form);
    }),
  );
  return { forms: forms.length, guests: forms.reduce((n, f) => n + f.guests.length, 0) };
}
