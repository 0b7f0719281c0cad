import { sql } from "kysely";
import type { TestApp } from "./app.js";
import { Browser } from "./app.js";
import { api } from "./ticketing.js";

/** Every row of every table, as one string: what a database dump would hold. */
export async function dumpDatabase(t: TestApp): Promise<string> {
  const k = t.ctx.db.kysely;
  const tables =
    t.ctx.db.dialect === "postgres"
      ? (
          await sql<{
            name: string;
          }>`select tablename as name from pg_tables where schemaname = 'public'`.execute(k)
        ).rows
      : (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(k)).rows;
  const parts: string[] = [];
  for (const { name } of tables) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(k);
    parts.push(`${name}: ${JSON.stringify(rows.rows)}`);
  }
  return parts.join("\n");
}

/** A person who registers through the page and then talks to the API with their session (and CSRF token). */
export async function registeredPerson(t: TestApp, name: string, email: string) {
  const browser = new Browser(t.app);
  const res = await browser.submit("/register", "/register", { name, email, password: `${email}-password` });
  if (res.statusCode !== 303) throw new Error(`register → ${res.statusCode}: ${res.body}`);
  const page = await browser.get("/account");
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
  const headers = () => ({
    cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
    "x-csrf-token": csrf,
  });
  return {
    browser,
    headers,
    inject: (options: {
      method?: "GET" | "POST" | "PUT" | "DELETE";
      url: string;
      payload?: unknown;
      headers?: Record<string, string>;
    }) =>
      t.app.inject({
        method: options.method ?? "GET",
        url: options.url,
        payload: options.payload as string,
        headers: { ...headers(), ...options.headers },
      }),
  };
}

/** A guest of a registration form (seed 001) with a recognizable name and e-mail. */
export interface PersonGuest {
  first_name: string;
  last_name: string;
  email: string;
}

let formSeq = 0;

/**
 * A registration form of `organizer`'s municipality `municipality` (created on first use) with the given
 * guests, staying from `arrival` to `departure` (calendar dates). Returns the form with its guests.
 */
export async function registerGuests(
  t: TestApp,
  organizer: string,
  municipality: number,
  guests: PersonGuest[],
  stay: { arrival: string; departure: string } = { arrival: "2031-03-01", departure: "2031-03-05" },
) {
  const call = api(t);
  const existing = await t.ctx.db.kysely
    .selectFrom("municipalities")
    .select("id")
    .where("id", "=", municipality)
    .executeTakeFirst();
  if (!existing)
    await call(
      "POST",
      `/api/v1/organizers/${organizer}/municipalities`,
      { id: municipality, name: `Ort ${municipality}` },
      { expect: 201 },
    );
  formSeq += 1;
  const form = await call<{ id: number; guests: { id: number; auth_code: string }[] }>(
    "POST",
    `/api/v1/organizers/${organizer}/registration-forms`,
    {
      municipality,
      number: `P-${formSeq}`,
      arrival_date: stay.arrival,
      departure_date: stay.departure,
      guests: guests.map((g) => ({ ...g, tariff_id: 1, tariff_alias: "Erwachsener" })),
    },
    { expect: 201 },
  );
  return form.body;
}

/** A partner client of `organizer` for `municipalities`, logged in: its JWT for the seed's lookup. */
export async function partnerToken(
  t: TestApp,
  organizer: string,
  username: string,
  municipalities: number[],
) {
  const password = `${username}-partner-password`;
  await api(t)(
    "POST",
    `/api/v1/organizers/${organizer}/api-clients`,
    { username, password, municipalities },
    { expect: 201 },
  );
  const res = await t.app.inject({
    method: "POST",
    url: "/api/token-auth/",
    payload: { username, password },
    remoteAddress: "10.9.9.9",
  });
  if (res.statusCode !== 200) throw new Error(`token-auth → ${res.statusCode}: ${res.body}`);
  return (res.json() as { token: string }).token;
}

/** The seed-001 partner lookup of one auth code. */
export function partnerLookup(t: TestApp, token: string, authCode: string, municipality: number) {
  return t.app.inject({
    method: "POST",
    url: "/api/buchtguide/by_auth_code/",
    headers: { authorization: `JWT ${token}` },
    remoteAddress: "10.9.9.9",
    payload: { auth_code: authCode, gemeinde_id: municipality },
  });
}

let slotSeq = 0;

/**
 * An experience with one slot (starting `startsAt`) on the event at `ev` (API path), bookable with the
 * event's own Tessera tickets (a "tessera" source is added on first use, `kind` allowed 5 bookings).
 * Returns the slot id.
 */
export async function experienceSlot(t: TestApp, ev: string, kind: string, startsAt: string) {
  const call = api(t);
  const sources = await call<{ type: string }[]>("GET", `${ev}/ticket-sources`, undefined, { expect: 200 });
  if (!sources.body.some((s) => s.type === "tessera"))
    await call(
      "POST",
      `${ev}/ticket-sources`,
      { type: "tessera", allowances: { [kind]: 5 } },
      { expect: 201 },
    );
  slotSeq += 1;
  const experience = await call<{ id: number }>(
    "POST",
    `${ev}/experiences`,
    { title: `Workshop ${slotSeq}` },
    { expect: 201 },
  );
  const start = Date.parse(startsAt);
  const slot = await call<{ id: number }>(
    "POST",
    `${ev}/experiences/${experience.body.id}/slots`,
    {
      starts_at: new Date(start).toISOString(),
      ends_at: new Date(start + 30 * 60_000).toISOString(),
      capacity: 10,
    },
    { expect: 201 },
  );
  return slot.body.id;
}

/** Books `slot` with a Tessera ticket (booking code + ticket secret) as the guest does, without a session. */
export async function bookExperience(
  t: TestApp,
  ev: string,
  slot: number,
  ticket: { code: string; secret: string },
  guest: { name?: string; email?: string } = {},
) {
  const res = await t.app.inject({
    method: "POST",
    url: `${ev}/experience-bookings`,
    payload: { slot, ticket_number: ticket.code, security_code: ticket.secret, ...guest },
  });
  if (res.statusCode !== 201) throw new Error(`experience booking → ${res.statusCode}: ${res.body}`);
  return res.json() as { ticket_number: string };
}
