import type { FormInput } from "../../modules/guestcards/form-input.js";
import { EMPTY_ROWS, emptyGuest, type FormValues, type GuestRowValues } from "./form-views.js";

const MAX_ROWS = 50;

/** The editor's posted fields back into values (to re-render) and into the service's input. */
export function postedValues(body: Record<string, string>): FormValues {
  const rows = Math.min(MAX_ROWS, Math.max(0, Number(body.rows) || 0));
  const guests: GuestRowValues[] = [];
  for (let i = 0; i < rows; i++) {
    const get = (name: string) => body[`g${i}_${name}`] ?? "";
    if (get("id") && body[`g${i}_remove`] === "on") continue;
    guests.push({
      id: get("id"),
      first_name: get("first_name"),
      last_name: get("last_name"),
      email: get("email"),
      tariff_id: get("tariff_id"),
      tariff_alias: get("tariff_alias"),
    });
  }
  return {
    municipality: body.municipality ?? "",
    number: body.number ?? "",
    arrival_date: body.arrival_date ?? "",
    departure_date: body.departure_date ?? "",
    overnight_stays: body.overnight_stays ?? "",
    guests,
  };
}

const isBlank = (g: GuestRowValues) =>
  !g.id && [g.first_name, g.last_name, g.email, g.tariff_id, g.tariff_alias].every((v) => v.trim() === "");

export function toFormInput(values: FormValues): FormInput {
  return {
    ...values,
    overnight_stays: values.overnight_stays.trim() === "" ? undefined : values.overnight_stays,
    guests: values.guests.filter((g) => !isBlank(g)).map((g) => ({ ...g, id: g.id || undefined })),
  };
}

/** Blank rows at the end, so there is always room for more guests. */
export function withEmptyRows(values: FormValues, count = EMPTY_ROWS): FormValues {
  const filled = values.guests.filter((g) => !isBlank(g));
  return { ...values, guests: [...filled, ...Array.from({ length: count }, emptyGuest)] };
}
