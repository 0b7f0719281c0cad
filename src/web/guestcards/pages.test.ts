import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LANG_COOKIE } from "../../platform/http/request.js";
import { type Browser, createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { organizerOwner, seedGuestcards } from "../../testing/guestcards.js";

const base = "/admin/organizers/region/guestcards";
const codesIn = (body: string) =>
  [...body.matchAll(/data-testid="auth-code">([a-z0-9]{8})</g)].map((m) => m[1]);
const guestRow = (i: number, first: string, last: string) => ({
  [`g${i}_first_name`]: first,
  [`g${i}_last_name`]: last,
  [`g${i}_email`]: `${first.toLowerCase()}@example.org`,
  [`g${i}_tariff_id`]: "1",
  [`g${i}_tariff_alias`]: "Erwachsener",
});

describe.each(dialects)("guest-card admin pages on %s", (dialect) => {
  let t: TestApp;
  let owner: Browser;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedGuestcards(t);
    owner = await organizerOwner(t, "region");
  });
  afterAll(async () => t?.close());

  const newForm = (fields: Record<string, string>) =>
    owner.submit(`${base}/forms/new`, `${base}/forms`, {
      rows: "3",
      municipality: "1",
      arrival_date: "2025-07-01",
      departure_date: "2025-07-05",
      ...fields,
    });

  it("creates a registration form with three guests: three distinct codes on its page", async () => {
    const res = await newForm({
      number: "P-1",
      ...guestRow(0, "Anna", "Ahorn"),
      ...guestRow(1, "Ben", "Buche"),
      ...guestRow(2, "Cleo", "Ceder"),
    });
    expect(res.statusCode).toBe(303);
    const page = await owner.get(String(res.headers.location));
    expect(page.statusCode).toBe(200);
    const codes = codesIn(page.body);
    expect(codes).toHaveLength(3);
    expect(new Set(codes).size).toBe(3);
    expect(page.body).toContain("Registration form P-1");
    expect(page.body).toContain("Anna Ahorn");
  });

  it("'more rows' re-renders with the values kept and more empty rows; empty rows are ignored", async () => {
    const more = await newForm({ number: "P-2", more: "1", ...guestRow(0, "Dora", "Dorn") });
    expect(more.statusCode).toBe(200);
    expect(more.body).toContain('value="Dora"');
    expect(more.body).toContain('name="g3_first_name"');
    expect(more.body).toContain('name="rows" value="4"');
    const saved = await newForm({ number: "P-2", ...guestRow(0, "Dora", "Dorn") });
    expect(saved.statusCode).toBe(303);
    expect(codesIn((await owner.get(String(saved.headers.location))).body)).toHaveLength(1);
  });

  it("shows problems in the page, keeps what was typed, and writes nothing", async () => {
    const res = await newForm({
      number: "P-3",
      departure_date: "2025-06-01",
      ...guestRow(0, "Emil", "Esche"),
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('role="alert"');
    expect(res.body).toContain("departure_date");
    expect(res.body).toContain('value="Emil"');
    const search = await owner.get(`${base}?q=P-3`);
    expect(search.body).toContain("No registration forms found.");
  });

  it("edits (codes of kept guests stay, removed guests go), searches and cancels", async () => {
    const created = await newForm({
      number: "P-4",
      ...guestRow(0, "Finn", "Fichte"),
      ...guestRow(1, "Gina", "Ginster"),
    });
    const url = String(created.headers.location).split("?")[0] ?? "";
    const before = codesIn((await owner.get(url)).body);
    const edit = await owner.get(`${url}/edit`);
    const ids = [...edit.body.matchAll(/name="g(\d)_id" value="(\d+)"/g)].map((m) => m[2] ?? "");
    expect(ids).toHaveLength(2);
    const saved = await owner.submit(`${url}/edit`, url, {
      rows: "3",
      municipality: "1",
      number: "P-4",
      arrival_date: "2025-07-01",
      departure_date: "2025-07-03",
      g0_id: ids[0] ?? "",
      ...guestRow(0, "Finnja", "Fichte"),
      g1_id: ids[1] ?? "",
      g1_remove: "on",
      ...guestRow(1, "Gina", "Ginster"),
      ...guestRow(2, "Hugo", "Holunder"),
    });
    expect(saved.statusCode).toBe(303);
    const after = await owner.get(url);
    const codes = codesIn(after.body);
    expect(codes[0]).toBe(before[0]);
    expect(codes).not.toContain(before[1]);
    expect(after.body).toContain("Finnja Fichte");
    expect(after.body).not.toContain("Gina");

    const found = await owner.get(`${base}?q=holunder`);
    expect(found.body).toContain(">P-4<");
    expect(found.body).not.toContain(">P-1<");
    const byCode = await owner.get(`${base}?q=${codes[0]}`);
    expect(byCode.body).toContain(">P-4<");

    const cancelled = await owner.submit(url, `${url}/cancel`, {});
    expect(cancelled.statusCode).toBe(303);
    const page = await owner.get(url);
    expect(page.body).toContain("Cancelled");
    expect(page.body).not.toContain(`${url}/edit`);
  });

  it("manages municipalities and partner clients", async () => {
    const added = await owner.submit(`${base}/setup`, `${base}/municipalities`, { id: "9", name: "Göhren" });
    expect(added.statusCode).toBe(303);
    const twice = await owner.submit(`${base}/setup`, `${base}/municipalities`, { id: "9", name: "Göhren" });
    expect(twice.statusCode).toBe(400);
    const client = await owner.submit(`${base}/setup`, `${base}/clients`, {
      username: "goehren-app",
      password: "goehren-password-1",
      municipality_9: "on",
      municipality_1: "on",
    });
    expect(client.statusCode).toBe(303);
    const setup = await owner.get(`${base}/setup`);
    expect(setup.body).toContain("goehren-app");
    expect(setup.body).toMatch(/id="f-client-\d+-allow-9"[^>]*checked/);
    expect(setup.body).not.toContain("goehren-password-1");
    const row = await t.ctx.db.kysely
      .selectFrom("partner_clients")
      .select("id")
      .where("username", "=", "goehren-app")
      .executeTakeFirstOrThrow();
    const narrowed = await owner.submit(`${base}/setup`, `${base}/clients/${row.id}/municipalities`, {
      municipality_9: "on",
    });
    expect(narrowed.statusCode).toBe(303);
    const allowed = await t.ctx.db.kysely
      .selectFrom("partner_client_municipalities")
      .select("municipality_id")
      .where("client_id", "=", row.id)
      .execute();
    expect(allowed.map((a) => a.municipality_id)).toEqual([9]);
    const none = await owner.submit(`${base}/setup`, `${base}/clients/${row.id}/municipalities`, {});
    expect(none.statusCode).toBe(400);
    expect((await owner.submit(`${base}/setup`, `${base}/clients/${row.id}/disable`, {})).statusCode).toBe(
      303,
    );
    expect((await owner.get(`${base}/setup`)).body).toContain("Disabled");
  });

  it("imports CSV through the page, all rows or none", async () => {
    const csv =
      "number,municipality,arrival_date,departure_date,first_name,last_name,email,tariff_id,tariff_alias\nP-9,1,2025-08-01,2025-08-02,Ida,Iris,,1,Erwachsener\n";
    const bad = await owner.submit(`${base}/import`, `${base}/import`, {
      csv: csv.replace("2025-08-02", "soon"),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("line 2");
    const ok = await owner.submit(`${base}/import`, `${base}/import`, { csv });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain("Imported 1 registration forms with 1 guests.");
  });

  it("the guest's card: code and JPEG QR by an unguessable link, in the guest's language", async () => {
    const created = await newForm({ number: "P-5", ...guestRow(0, "Jana", "Jasmin") });
    const detail = await owner.get(String(created.headers.location));
    const [code] = codesIn(detail.body);
    const link = /href="(\/guest-cards\/[^"]+)"/.exec(detail.body)?.[1] ?? "";
    expect(link).not.toContain(code);
    const card = await t.app.inject({ method: "GET", url: link, headers: { cookie: `${LANG_COOKIE}=de` } });
    expect(card.statusCode).toBe(200);
    expect(card.body).toContain(`data-testid="card-code">${code}<`);
    expect(card.body).toContain("Gästekarte");
    expect(card.body).toContain("data:image/jpeg;base64,/9j/");
    const forged = await t.app.inject({
      method: "GET",
      url: `${link.slice(0, -3)}abc`,
      headers: { accept: "text/html" },
    });
    expect(forged.statusCode).toBe(404);
  });

  it("speaks German and French", async () => {
    owner.cookies.set(LANG_COOKIE, "de");
    expect((await owner.get(`${base}/forms/new`)).body).toContain("Neuer Meldeschein");
    const twice = await owner.submit(`${base}/setup`, `${base}/municipalities`, { id: "1", name: "Binz" });
    expect(twice.body).toContain("Eine Gemeinde mit dieser ID gibt es bereits.");
    owner.cookies.set(LANG_COOKIE, "fr");
    expect((await owner.get(`${base}/setup`)).body).toContain("Clients partenaires");
    owner.cookies.delete(LANG_COOKIE);
  });

  it("sends anonymous visitors to the login and hides other organizers", async () => {
    const anonymous = await t.app.inject({ method: "GET", url: base, headers: { accept: "text/html" } });
    expect(anonymous.statusCode).toBe(303);
    expect((await owner.get("/admin/organizers/office/guestcards")).statusCode).toBe(404);
    const nav = await owner.get("/admin/guestcards");
    expect(nav.body).toContain(`href="${base}"`);
    expect(nav.body).not.toContain("/admin/organizers/office/guestcards");
  });
});
