import { afterEach, describe, expect, it } from "vitest";
import type { TestApp } from "../../testing/app.js";
import { createTestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { organizerOwner } from "../../testing/guestcards.js";
import { registeredPerson } from "../../testing/privacy.js";
import { seedSeries } from "../../testing/ticketing.js";

const EVENT = "/admin/organizers/org/events/series";

describe.each(dialects)("the event's backoffice sections on %s", (dialect) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  async function seeded() {
    t = await createTestApp(dialect);
    const seed = await seedSeries(t);
    await seed.call("PATCH", seed.ev, { time_zone: "Europe/Berlin" }, { expect: 200 });
    const owner = await organizerOwner(t, "org");
    const dates = () => t.ctx.db.kysely.selectFrom("event_dates").selectAll().orderBy("starts_at").execute();
    const book = () =>
      seed.call(
        "POST",
        `${seed.ev}/orders`,
        { email: "ada@example.org", positions: [{ ticket_type: seed.typeId, date: seed.dateId }] },
        { expect: 201 },
      );
    return { ...seed, owner, dates, book };
  }

  it("shows each section on its own page with the tabs, the current one marked", async () => {
    const { owner } = await seeded();
    for (const [path, heading] of [
      ["dates", "Dates"],
      ["ticket-types", "Ticket types"],
      ["quotas", "Quotas"],
      ["vouchers", "Vouchers"],
      ["settings", "Event settings"],
    ]) {
      const page = await owner.get(`${EVENT}/${path}`, { "accept-language": "en" });
      expect(page.statusCode, path).toBe(200);
      expect(page.body).toContain(`<nav class="tabs"`);
      expect(page.body).toMatch(new RegExp(`href="${EVENT}/${path}" aria-current="page"`));
      expect(page.body).toContain(heading);
    }
    const settings = await owner.get(`${EVENT}/settings`);
    for (const link of [`${EVENT}/orders`, `${EVENT}/payments`, `${EVENT}/checkin`, "/e/org/series"])
      expect(settings.body).toContain(`href="${link}"`);
    const orders = await owner.get(`${EVENT}/orders`);
    expect(orders.body).toMatch(new RegExp(`href="${EVENT}/orders" aria-current="page"`));
  });

  it("adds, edits and deletes a date, landing back at its row; a bad date comes back with what was typed", async () => {
    const { owner, dates } = await seeded();
    const added = await owner.submit(`${EVENT}/dates`, `${EVENT}/dates`, {
      name: "Matinee",
      starts_at: "2031-07-06T15:00",
      ends_at: "2031-07-06T17:00",
      location: "Studio",
      meta: "room=https://rooms.example.org/2",
    });
    expect(added.statusCode).toBe(303);
    const matinee = (await dates()).find((d) => d.name === "Matinee");
    // 15:00 in Berlin in summer.
    expect(matinee).toMatchObject({ starts_at: "2031-07-06T13:00:00.000Z", location: "Studio" });
    expect(added.headers.location).toBe(`${EVENT}/dates?flash=flash.saved#date-${matinee?.id}`);
    const list = await owner.get(`${EVENT}/dates?flash=flash.saved`);
    expect(list.body).toContain(`id="date-${matinee?.id}"`);
    expect(list.body).toContain('role="status"');

    const bad = await owner.submit(`${EVENT}/dates`, `${EVENT}/dates`, {
      name: "Lost",
      starts_at: "",
      location: "Attic",
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('value="Attic"');
    expect(bad.body).toContain('id="add-date" open');
    expect(bad.body).toContain('aria-invalid="true"');

    const edit = `${EVENT}/dates/${matinee?.id}/edit`;
    const form = await owner.get(edit);
    expect(form.body).toContain('value="2031-07-06T15:00"');
    const edited = await owner.submit(edit, edit, {
      name: "Matinee (moved)",
      starts_at: "2031-07-13T16:00",
      ends_at: "",
      location: "Studio",
      meta: "",
    });
    expect(edited.headers.location).toBe(`${EVENT}/dates?flash=flash.saved#date-${matinee?.id}`);
    expect((await dates()).find((d) => d.id === matinee?.id)).toMatchObject({
      name: "Matinee (moved)",
      starts_at: "2031-07-13T14:00:00.000Z",
      ends_at: null,
      metadata: "{}",
    });
    const backwards = await owner.submit(edit, edit, {
      starts_at: "2031-07-13T16:00",
      ends_at: "2031-07-13T15:00",
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('value="2031-07-13T15:00"');

    const remove = `${EVENT}/dates/${matinee?.id}/delete`;
    expect((await owner.get(remove)).body).toContain(`action="${remove}"`);
    const removed = await owner.submit(remove, remove, {});
    expect(removed.headers.location).toBe(`${EVENT}/dates?flash=flash.removed#dates`);
    expect((await dates()).some((d) => d.id === matinee?.id)).toBe(false);
  });

  it("refuses to delete a booked date with a clear message and changes nothing", async () => {
    const { owner, dates, dateId, book } = await seeded();
    await book();
    const remove = `${EVENT}/dates/${dateId}/delete`;
    const ask = await owner.get(remove, { "accept-language": "en" });
    expect(ask.body).toContain("This date has orders and cannot be deleted");
    expect(ask.body).not.toContain(`action="${remove}"`);
    const before = await dates();
    const refused = await owner.submit(`${EVENT}/dates`, remove, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain("This date has orders and cannot be deleted");
    expect(await dates()).toEqual(before);
    await owner.get("/lang/de?next=/");
    const german = await owner.get(remove);
    expect(german.body).toContain("Dieser Termin hat Buchungen und kann nicht gelöscht werden");
  });

  it("previews a weekly rule without saving, then creates it", async () => {
    const { owner, dates } = await seeded();
    const rule = {
      weekdays: "4",
      time: "20:00",
      duration_minutes: "120",
      from: "2031-03-17",
      until: "2031-04-13",
      name: "Jazz",
      step: "preview",
    };
    const before = (await dates()).length;
    const preview = await owner.submit(`${EVENT}/dates`, `${EVENT}/dates/recurring`, rule);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('id="preview"');
    expect(preview.body.match(/<li>/g)?.length).toBeGreaterThanOrEqual(4);
    expect(preview.body).toContain('name="step" value="create"');
    expect((await dates()).length).toBe(before);

    const created = await owner.submit(`${EVENT}/dates`, `${EVENT}/dates/recurring`, {
      ...rule,
      step: "create",
    });
    expect(created.headers.location).toBe(`${EVENT}/dates?flash=flash.datesCreated#dates`);
    const jazz = (await dates()).filter((d) => d.name === "Jazz").map((d) => d.starts_at);
    expect(jazz).toEqual([
      "2031-03-20T19:00:00.000Z",
      "2031-03-27T19:00:00.000Z",
      "2031-04-03T18:00:00.000Z",
      "2031-04-10T18:00:00.000Z",
    ]);

    const tooLong = await owner.submit(`${EVENT}/dates`, `${EVENT}/dates/recurring`, {
      ...rule,
      weekdays: "1",
      until: "2045-01-01",
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain('id="repeat" open');
    expect(tooLong.body).toContain('value="2045-01-01"');
  });

  it("edits a ticket type, keeps booked prices, and explains why a sold one stays", async () => {
    const { owner, typeId, book, call, ev } = await seeded();
    const { body } = await book();
    const code = (body as { code: string }).code;
    const edit = `${EVENT}/ticket-types/${typeId}/edit`;
    const form = await owner.get(edit, { "accept-language": "en" });
    expect(form.body).toContain('value="12.50"');
    expect(form.body).toContain("Who may book it can no longer change");
    const saved = await owner.submit(edit, edit, { name: "Regular", price: "14.00", max_per_order: "6" });
    expect(saved.headers.location).toBe(`${EVENT}/ticket-types?flash=flash.saved#type-${typeId}`);
    const types = await call<{ name: string; price: string; max_per_order: number }[]>(
      "GET",
      `${ev}/ticket-types`,
    );
    expect(types.body[0]).toMatchObject({ name: "Regular", price: "14.00", max_per_order: 6 });
    const order = await call<{ total: string }>("GET", `${ev}/orders/${code}`);
    expect(order.body.total).toBe("12.50");

    const remove = `${EVENT}/ticket-types/${typeId}/delete`;
    const refused = await owner.submit(`${EVENT}/ticket-types`, remove, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain("This ticket type has orders and cannot be deleted");

    const added = await owner.submit(`${EVENT}/ticket-types`, `${EVENT}/ticket-types`, {
      name: "Guest",
      price: "0",
    });
    const guest = /#type-(\d+)$/.exec(String(added.headers.location))?.[1];
    expect(guest).toBeDefined();
    const option = await owner.submit(`${EVENT}/ticket-types`, `${EVENT}/ticket-types/${guest}/options`, {
      name: "Programme",
      price: "2",
    });
    expect(option.headers.location).toBe(`${EVENT}/ticket-types?flash=flash.saved#type-${guest}`);
    const gone = await owner.submit(`${EVENT}/ticket-types`, `${EVENT}/ticket-types/${guest}/delete`, {});
    expect(gone.headers.location).toBe(`${EVENT}/ticket-types?flash=flash.removed#types`);
  });

  it("keeps the settings, quota and voucher forms posting to their own sections", async () => {
    const { owner, typeId } = await seeded();
    const settings = await owner.submit(`${EVENT}/settings`, `${EVENT}/settings`, {
      name: "Spring series",
      visibility: "public",
      pending_minutes: "30",
      sponsorship_limit: "1",
      time_zone: "Europe/Paris",
    });
    expect(settings.headers.location).toBe(`${EVENT}/settings?flash=flash.saved#settings`);
    const event = await t.ctx.db.kysely.selectFrom("events").selectAll().executeTakeFirstOrThrow();
    expect(event).toMatchObject({ name: "Spring series", time_zone: "Europe/Paris" });
    const badZone = await owner.submit(`${EVENT}/settings`, `${EVENT}/settings`, {
      name: "x",
      time_zone: "Atlantis",
    });
    expect(badZone.statusCode).toBe(400);

    const quota = await owner.submit(`${EVENT}/quotas`, `${EVENT}/quotas`, {
      name: "Balcony",
      size: "40",
      ticket_types: String(typeId),
    });
    expect(quota.headers.location).toMatch(new RegExp(`^${EVENT}/quotas\\?flash=flash.saved#quota-\\d+$`));
    const voucher = await owner.submit(`${EVENT}/vouchers`, `${EVENT}/vouchers`, {
      code: "SPRING",
      max_usages: "3",
    });
    expect(voucher.headers.location).toMatch(
      new RegExp(`^${EVENT}/vouchers\\?flash=flash.saved#voucher-\\d+$`),
    );
    const bulk = await owner.submit(`${EVENT}/vouchers`, `${EVENT}/vouchers`, { code: "B", count: "3" });
    expect(bulk.headers.location).toBe(`${EVENT}/vouchers?flash=flash.saved#vouchers`);
  });

  it("shows a viewer the lists without forms and refuses the edit pages", async () => {
    const { call, dateId } = await seeded();
    const viewer = await registeredPerson(t, "Vera", "vera@example.org");
    await call(
      "POST",
      "/api/v1/organizers/org/grants",
      { grantee: "user", email: "vera@example.org", level: "view" },
      { expect: 201 },
    );
    const page = await viewer.browser.get(`${EVENT}/dates`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`id="date-${dateId}"`);
    expect(page.body).not.toContain('id="add-date"');
    expect(page.body).not.toContain(`${EVENT}/dates/${dateId}/edit`);
    expect((await viewer.browser.get(`${EVENT}/dates/${dateId}/edit`)).statusCode).toBe(403);
    const anonymous = await t.app.inject({
      method: "GET",
      url: `${EVENT}/dates`,
      headers: { accept: "text/html" },
    });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/login\?next=/);
  });
});
