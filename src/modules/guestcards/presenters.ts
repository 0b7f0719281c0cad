import type { LookupResult } from "./lookup.js";

/** Seed 001 writes calendar dates as local midnight without an offset. */
const seedDate = (date: string) => `${date}T00:00:00`;

/** The answer of `POST /api/buchtguide/by_auth_code/`, field for field as seed 001 shows it. */
export function presentSeedLookup(result: LookupResult, qrJpeg: Buffer) {
  return {
    auth_code: result.authCode,
    meldeschein_id: result.form.id,
    gemeinde_id: result.form.municipality_id,
    meldeschein: {
      meldescheinnummer: result.form.number,
      travel_span: {
        arrival_date: seedDate(result.form.arrival_date),
        departure_date: seedDate(result.form.departure_date),
        travel_days: result.form.travel_days,
        uebernachtungen_sum: result.form.overnight_stays,
      },
      gast_data: result.guests.map((g) => ({
        id: g.id,
        tarif_id: g.tariff_id,
        tarif_alias: g.tariff_alias,
        Gast_Vorname: g.first_name,
        Gast_Name: g.last_name,
        Gast_Email: g.email,
      })),
    },
    qr_code_data: qrJpeg.toString("base64"),
    qr_code_encoding: "base64",
    qr_code_mime: "image/jpeg",
  };
}

/** The same lookup in the platform's own words (`/api/v1`). */
export function presentLookup(result: LookupResult, qrJpeg: Buffer) {
  return {
    auth_code: result.authCode,
    registration_form: {
      id: result.form.id,
      number: result.form.number,
      municipality: result.form.municipality_id,
      arrival_date: result.form.arrival_date,
      departure_date: result.form.departure_date,
      travel_days: result.form.travel_days,
      overnight_stays: result.form.overnight_stays,
      guests: result.guests,
    },
    qr_code: { data: qrJpeg.toString("base64"), encoding: "base64" as const, mime: "image/jpeg" as const },
  };
}
