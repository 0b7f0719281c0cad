import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { openExperiences } from "../../testing/experiences.js";
import { SHOP_V2_FIELDS } from "../../testing/fakes/shop.js";
import { adminHeaders } from "../../testing/ticketing.js";

const EV = "/api/v1/organizers/org/events/series";
const PAGES = "/exhibit/org/series";

describe.each(dialects)("the organizer's experiences workspace on %s", (dialect) => {
  let env: Awaited<ReturnType<typeof openExperiences>>;
  let t: TestApp;
  beforeAll(async () => {
    env = await openExperiences(dialect, (url) => ({
      url: `${url}/v2/verify`,
      fields: SHOP_V2_FIELDS,
      allowances: { Gold: 1 },
    }));
    t = env.t;
  });
  afterAll(async () => env?.close());

  const page = (url: string) =>
    t.app.inject({ method: "GET", url, headers: { ...adminHeaders, accept: "text/html" } });
  const post = (url: string, fields: Record<string, string>) =>
    t.app.inject({
      method: "POST",
      url,
      payload: new URLSearchParams(fields).toString(),
      headers: { ...adminHeaders, accept: "text/html", "content-type": "application/x-www-form-urlencoded" },
    });

  it("shows the embed snippet and saves who may frame the overview and which guest fields are required", async () => {
    const workspace = await page(PAGES);
    expect(workspace.statusCode).toBe(200);
    expect(workspace.body).toContain("data-tessera-embed");
    expect(workspace.body).toContain("/embed/frame.js");
    const saved = await post(`${PAGES}/settings`, {
      embed_origins: "https://festival.example.org\nhttps://www.festival.example.org/",
      guest_name: "optional",
      guest_email: "required",
    });
    expect(saved.statusCode).toBe(303);
    const { body } = await env.call<{ embed_origins: string[]; guest_email: string }>(
      "GET",
      `${EV}/experience-programme`,
      undefined,
      { expect: 200 },
    );
    expect(body.embed_origins).toEqual(["https://festival.example.org", "https://www.festival.example.org"]);
    expect(body.guest_email).toBe("required");
    const bad = await post(`${PAGES}/settings`, { embed_origins: "not an origin" });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("not an origin");
  });

  it("invites exhibitors by e-mail through the outbox, adds ticket sources and experiences by form", async () => {
    const invited = await post(`${PAGES}/exhibitors`, { name: "Studio Nord", email: "studio@example.org" });
    expect(invited.statusCode).toBe(200);
    expect(invited.body).toMatch(/data-secret>[^<]*\/exhibitor-invitations\//);
    const mails = await t.ctx.db.kysely.selectFrom("jobs").select("payload").execute();
    expect(mails.some((m) => m.payload.includes("studio@example.org"))).toBe(true);

    const added = await post(`${PAGES}/sources`, {
      type: "http",
      url: "https://shop.example.org/api/check",
      method: "POST",
      header_name: "X-Api-Key",
      header_value: "very-secret",
      allowances: "Gold=3, Silver=2",
      number_field: "ticket_number",
      code_field: "security_code",
      valid_field: "valid",
      kind_field: "kind",
    });
    expect(added.statusCode).toBe(303);
    const { body: sources } = await env.call<
      { allowances: Record<string, number>; header_names: string[] }[]
    >("GET", `${EV}/ticket-sources`, undefined, { expect: 200 });
    expect(sources.at(-1)).toMatchObject({ allowances: { Gold: 3, Silver: 2 }, header_names: ["X-Api-Key"] });
    const refused = await post(`${PAGES}/sources`, {
      type: "http",
      url: "https://x.example",
      allowances: "Gold=many",
    });
    expect(refused.statusCode).toBe(400);

    const created = await post(`${PAGES}/experiences`, {
      title: "Scent cinema",
      description: "Smell the films",
    });
    expect(created.statusCode).toBe(303);
    const experiencePage = await page(String(created.headers.location).split("?")[0] ?? "");
    expect(experiencePage.statusCode).toBe(200);
    expect(experiencePage.body).toContain("Scent cinema");
    const filtered = await page(`${PAGES}?experience=1&slot=99999999999`);
    expect(filtered.statusCode).toBe(200);
  });

  it("asks for the e-mail when the organizer requires it, and speaks the guest's language", async () => {
    const x = await env.call<{ id: number }>(
      "POST",
      `${EV}/experiences`,
      { title: "Required" },
      { expect: 201 },
    );
    const slot = await env.call<{ id: number }>(
      "POST",
      `${EV}/experiences/${x.body.id}/slots`,
      { starts_at: "2031-02-01T10:00:00Z", ends_at: "2031-02-01T10:30:00Z", capacity: 2 },
      { expect: 201 },
    );
    const missing = await t.app.inject({
      method: "POST",
      url: `${EV}/experience-bookings`,
      payload: { slot: slot.body.id, ticket_number: "GOLD-3", security_code: "code-GOLD-3" },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.code).toBe("validation_failed");
    const german = await t.app.inject({ method: "GET", url: "/embed/org/series/experiences?lang=de" });
    expect(german.body).toContain("Mit Ihrem Ticket buchen");
    expect(german.body).toContain("Sicherheitscode");
  });

  it("admin levels: view reads bookings and the per-ticket report, only full changes the programme", async () => {
    const token = async (level: string) =>
      (
        await env.call<{ token: string }>(
          "POST",
          "/api/v1/organizers/org/tokens",
          { name: level, level },
          { expect: 201 },
        )
      ).body.token;
    const view = { authorization: `Bearer ${await token("view")}` };
    const full = { authorization: `Bearer ${await token("full")}` };
    const as = (
      headers: Record<string, string>,
      method: "GET" | "POST" | "PUT",
      url: string,
      payload?: object,
    ) => t.app.inject({ method, url, headers, payload });
    expect((await as(view, "GET", `${EV}/experience-bookings`)).statusCode).toBe(200);
    expect((await as(view, "GET", `${EV}/experience-bookings/per-ticket`)).statusCode).toBe(200);
    expect((await as(view, "GET", `${EV}/experiences`)).statusCode).toBe(200);
    const refused = [
      await as(view, "POST", `${EV}/experiences`, { title: "No" }),
      await as(view, "PUT", `${EV}/experience-programme`, { guest_name: "required" }),
      await as(view, "POST", `${EV}/ticket-sources`, { url: "https://x.example", allowances: { Gold: 1 } }),
      await as(view, "POST", `${EV}/exhibitors`, { name: "X", email: "x@example.org" }),
    ];
    expect(refused.map((r) => r.statusCode)).toEqual([403, 403, 403, 403]);
    expect((await as(full, "POST", `${EV}/experiences`, { title: "Yes" })).statusCode).toBe(201);
    const otherOrganizer = await env.call(
      "POST",
      "/api/v1/organizers",
      { slug: "other", name: "Other" },
      { expect: 201 },
    );
    expect(otherOrganizer.status).toBe(201);
    const foreign = await env.call<{ token: string }>(
      "POST",
      "/api/v1/organizers/other/tokens",
      { name: "foreign", level: "full" },
      { expect: 201 },
    );
    const stranger = await as(
      { authorization: `Bearer ${foreign.body.token}` },
      "GET",
      `${EV}/experience-bookings`,
    );
    expect(stranger.statusCode).toBe(404);
  });
});
