import { addMember, findOrganizer } from "../modules/organizers/service.js";
import { superadmin } from "../platform/auth/actor.js";
import { Browser, type TestApp } from "./app.js";
import { api } from "./ticketing.js";

export interface SeededGuest {
  id: number;
  auth_code: string;
  first_name: string;
}
export interface SeededForm {
  id: number;
  guests: SeededGuest[];
}

export const PARTNER_PASSWORD = "bucht-guide-secret-1";

/**
 * Two organizers: "region" runs municipalities 1 (Binz) and 2 (Sellin), "office" runs 3. Forms: seed
 * 001's example in municipality 1 (two guests), one in 2, one in 3. Partner clients: "buchtguide"
 * (1 and 2) and "sellin-app" (2 only).
 */
export async function seedGuestcards(t: TestApp) {
  const call = api(t);
  for (const [slug, name] of [
    ["region", "Region Rügen"],
    ["office", "Meldeamt"],
  ])
    await call("POST", "/api/v1/organizers", { slug, name }, { expect: 201 });
  const municipality = (org: string, id: number, name: string) =>
    call("POST", `/api/v1/organizers/${org}/municipalities`, { id, name }, { expect: 201 });
  await municipality("region", 1, "Binz");
  await municipality("region", 2, "Sellin");
  await municipality("office", 3, "Bergen");
  const form = async (org: string, body: Record<string, unknown>) =>
    (await call<SeededForm>("POST", `/api/v1/organizers/${org}/registration-forms`, body, { expect: 201 }))
      .body;
  const guest = (first_name: string, last_name: string, tariff_id = 1, tariff_alias = "Erwachsener") => ({
    first_name,
    last_name,
    email: `${first_name.toLowerCase()}@mustermann.de`,
    tariff_id,
    tariff_alias,
  });
  const family = await form("region", {
    municipality: 1,
    number: "1133",
    arrival_date: "2023-07-24",
    departure_date: "2023-08-06",
    guests: [guest("Max", " Mustermann"), guest("Erika", "Mustermann")],
  });
  const sellin = await form("region", {
    municipality: 2,
    number: "7",
    arrival_date: "2024-05-01",
    departure_date: "2024-05-03",
    guests: [guest("Kai", "Kind", 2, "Kind")],
  });
  const bergen = await form("office", {
    municipality: 3,
    number: "1",
    arrival_date: "2024-06-01",
    departure_date: "2024-06-02",
    guests: [guest("Ola", "Other")],
  });
  const client = (org: string, username: string, municipalities: number[]) =>
    call<{ id: number }>(
      "POST",
      `/api/v1/organizers/${org}/api-clients`,
      { username, password: PARTNER_PASSWORD, municipalities },
      { expect: 201 },
    );
  await client("region", "buchtguide", [1, 2]);
  await client("region", "sellin-app", [2]);
  return { call, family, sellin, bergen, client };
}

/** A person registered through the pages and made owner of `organizer`; their session drives the admin. */
export async function organizerOwner(t: TestApp, organizer: string, email = "owner@example.org") {
  const browser = new Browser(t.app);
  await browser.submit("/register", "/register", { name: "Olga Owner", email, password: "owner-password-1" });
  const user = await t.ctx.db.kysely
    .selectFrom("users")
    .select("id")
    .where("email", "=", email)
    .executeTakeFirstOrThrow();
  const org = await findOrganizer(t.ctx.db, superadmin, organizer);
  await addMember(t.ctx.db, superadmin, org, user.id, "owner");
  return browser;
}
