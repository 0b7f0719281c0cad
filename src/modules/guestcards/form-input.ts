import { Checker } from "../../platform/validation.js";

/** What a registration form is made of, as sent by the API, an admin page or a CSV row group. */
export interface GuestInput {
  id?: unknown;
  first_name?: unknown;
  last_name?: unknown;
  email?: unknown;
  tariff_id?: unknown;
  tariff_alias?: unknown;
}

export interface FormInput {
  municipality?: unknown;
  number?: unknown;
  arrival_date?: unknown;
  departure_date?: unknown;
  overnight_stays?: unknown;
  guests?: unknown;
}

export interface ValidGuest {
  id: number | null;
  first_name: string;
  last_name: string;
  email: string;
  tariff_id: number;
  tariff_alias: string;
}

export interface ValidForm {
  municipality: number;
  number: string;
  arrival_date: string;
  departure_date: string;
  travel_days: number;
  overnight_stays: number;
  guests: ValidGuest[];
}

export const MAX_GUESTS = 50;
const DAY_MS = 86_400_000;
const INT_MAX = 2_147_483_647;

function calendarDate(check: Checker, field: string, value: unknown): string {
  const text = typeof value === "string" ? value.trim().slice(0, 10) : "";
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(text) ||
    Number.isNaN(ms) ||
    new Date(ms).toISOString().slice(0, 10) !== text
  )
    check.problems.push({ field, message: "must be a date YYYY-MM-DD" });
  return text;
}

function required(check: Checker, field: string, value: number | null): number {
  if (value === null && !check.problems.some((p) => p.field === field))
    check.problem(field, "required", "is required");
  return value ?? 0;
}

function guest(check: Checker, index: number, input: GuestInput): ValidGuest {
  const f = (name: string) => `guests.${index}.${name}`;
  const email =
    input.email === undefined || input.email === null || String(input.email).trim() === ""
      ? ""
      : check.email(f("email"), input.email);
  return {
    id: check.optionalInt(f("id"), input.id, 1, INT_MAX),
    first_name: check.text(f("first_name"), input.first_name, { max: 100 }),
    last_name: check.text(f("last_name"), input.last_name, { max: 100 }),
    email,
    tariff_id: required(
      check,
      f("tariff_id"),
      check.optionalInt(f("tariff_id"), input.tariff_id, 0, INT_MAX),
    ),
    tariff_alias: check.text(f("tariff_alias"), input.tariff_alias, { max: 100 }),
  };
}

/**
 * Checks a whole form and derives what seed 001 reports: travel days are the nights between arrival
 * and departure, the overnight-stay sum is nights × guests unless given (guests leaving early).
 */
export function validateForm(input: FormInput): ValidForm {
  const check = new Checker();
  const municipality = required(
    check,
    "municipality",
    check.optionalInt("municipality", input.municipality, 1, INT_MAX),
  );
  const number = check.text(
    "number",
    typeof input.number === "number" ? String(input.number) : input.number,
    {
      max: 50,
    },
  );
  const arrival = calendarDate(check, "arrival_date", input.arrival_date);
  const departure = calendarDate(check, "departure_date", input.departure_date);
  const nights = Math.round((Date.parse(departure) - Date.parse(arrival)) / DAY_MS);
  if (Number.isFinite(nights) && nights < 0)
    check.problems.push({ field: "departure_date", message: "must not be before the arrival" });
  const list = Array.isArray(input.guests) ? (input.guests as GuestInput[]) : [];
  if (list.length === 0) check.problems.push({ field: "guests", message: "needs at least one guest" });
  if (list.length > MAX_GUESTS) check.problems.push({ field: "guests", message: `at most ${MAX_GUESTS}` });
  const guests = list
    .slice(0, MAX_GUESTS)
    .map((g, i) => guest(check, i, typeof g === "object" && g !== null ? g : {}));
  const given = check.optionalInt("overnight_stays", input.overnight_stays, 0, INT_MAX);
  check.done();
  const travelDays = Math.max(0, nights);
  return {
    municipality,
    number,
    arrival_date: arrival,
    departure_date: departure,
    travel_days: travelDays,
    overnight_stays: given ?? travelDays * guests.length,
    guests,
  };
}
