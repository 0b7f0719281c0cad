import { afterEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { seedSeries } from "../../testing/ticketing.js";
import { MAX_RECURRING_DATES } from "./recurrence.js";

interface EventDate {
  id: number | null;
  name: string | null;
  starts_at: string;
  ends_at: string | null;
  location: string | null;
  requires_voucher: boolean;
}
interface ErrorBody {
  error: { code: string; message: string; details?: { fields?: { field: string; message: string }[] } };
}
interface Recurring {
  preview: boolean;
  time_zone: string;
  dates: EventDate[];
  skipped: string[];
}

const errorOf = (r: { body: unknown }) => (r.body as ErrorBody).error;
const fieldsOf = (r: { body: unknown }) => (errorOf(r).details?.fields ?? []).map((f) => f.field);

/** Thursdays at 20:00 in Berlin around the change to summer time (Sunday 30 March 2031). */
const THURSDAYS = {
  weekdays: [4],
  time: "20:00",
  duration_minutes: 150,
  from: "2031-03-17",
  until: "2031-04-13",
};

describe.each(dialects)("dates and ticket types of an event through the API on %s", (dialect) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  async function seeded() {
    t = await createTestApp(dialect);
    const seed = await seedSeries(t);
    const order = async (typeId = seed.typeId, dateId = seed.dateId) =>
      (
        await seed.call<{ code: string; positions: { price: string }[] }>(
          "POST",
          `${seed.ev}/orders`,
          { email: "ada@example.org", positions: [{ ticket_type: typeId, date: dateId }] },
          { expect: 201 },
        )
      ).body;
    const dates = async () =>
      (await seed.call<EventDate[]>("GET", `${seed.ev}/dates`, undefined, { expect: 200 })).body;
    return { ...seed, order, dates };
  }

  it("changes a date, and refuses a date that ends before it starts or belongs to another event", async () => {
    const { call, ev, dateId } = await seeded();
    const changed = await call<EventDate>(
      "PATCH",
      `${ev}/dates/${dateId}`,
      {
        starts_at: "2031-03-02T18:30:00+01:00",
        ends_at: "2031-03-02T21:00:00+01:00",
        name: "Premiere",
        location: null,
        requires_voucher: true,
      },
      { expect: 200 },
    );
    expect(changed.body).toMatchObject({
      id: dateId,
      name: "Premiere",
      starts_at: "2031-03-02T17:30:00.000Z",
      ends_at: "2031-03-02T20:00:00.000Z",
      location: null,
      requires_voucher: true,
    });
    const backwards = await call("PATCH", `${ev}/dates/${dateId}`, { ends_at: "2031-03-02T10:00:00Z" });
    expect(backwards.status).toBe(400);
    expect(errorOf(backwards).code).toBe("validation_failed");
    expect(fieldsOf(backwards)).toEqual(["ends_at"]);
    const cleared = await call<EventDate>(
      "PATCH",
      `${ev}/dates/${dateId}`,
      { ends_at: null },
      { expect: 200 },
    );
    expect(cleared.body.ends_at).toBeNull();

    await call("POST", "/api/v1/organizers/org/events", { slug: "other", name: "Other" }, { expect: 201 });
    const elsewhere = await call("PATCH", `/api/v1/organizers/org/events/other/dates/${dateId}`, {
      name: "x",
    });
    expect(elsewhere.status).toBe(404);
    expect((await call("DELETE", `${ev}/dates/999999`)).status).toBe(404);
  });

  it("deletes an unbooked date with its own quota, and keeps a booked one unchanged with a clear 409", async () => {
    const { call, ev, dateId, typeId, order, dates } = await seeded();
    const spare = await call<EventDate>(
      "POST",
      `${ev}/dates`,
      { starts_at: "2031-05-01T19:00:00Z" },
      { expect: 201 },
    );
    await call(
      "POST",
      `${ev}/quotas`,
      { name: "May", size: 5, ticket_types: [typeId], date: spare.body.id },
      { expect: 201 },
    );
    await call("DELETE", `${ev}/dates/${spare.body.id}`, undefined, { expect: 204 });
    expect((await dates()).map((d) => d.id)).toEqual([dateId]);
    const quotas = await call<{ date: number | null }[]>("GET", `${ev}/quotas`, undefined, { expect: 200 });
    expect(quotas.body.map((q) => q.date)).toEqual([dateId]);

    const before = await dates();
    const { code } = await order();
    // Even a cancelled order keeps its tickets' date: its documents and exports name it.
    await call("POST", `${ev}/orders/${code}/cancel`, undefined, { expect: 200 });
    const refused = await call("DELETE", `${ev}/dates/${dateId}`);
    expect(refused.status).toBe(409);
    expect(errorOf(refused)).toMatchObject({
      code: "date_has_orders",
      message: "This date has orders and cannot be deleted; change its time or stop its sales instead",
    });
    expect(await dates()).toEqual(before);
  });

  it("changes a ticket type's price for new orders only, and its audience only while unsold", async () => {
    const { call, ev, typeId, order } = await seeded();
    const first = await order();
    expect(first.positions[0]?.price).toBe("12.50");
    const changed = await call<{ name: string; price: string; max_per_order: number | null }>(
      "PATCH",
      `${ev}/ticket-types/${typeId}`,
      { name: "Regular", price: "15.00", max_per_order: 4, sales_end: "2031-02-28T23:00:00Z" },
      { expect: 200 },
    );
    expect(changed.body).toMatchObject({ name: "Regular", price: "15.00", max_per_order: 4 });
    const kept = await call<{ total: string; positions: { price: string }[] }>(
      "GET",
      `${ev}/orders/${first.code}`,
      undefined,
      { expect: 200 },
    );
    expect(kept.body.total).toBe("12.50");
    expect(kept.body.positions[0]?.price).toBe("12.50");
    expect((await order()).positions[0]?.price).toBe("15.00");

    const window = await call("PATCH", `${ev}/ticket-types/${typeId}`, {
      sales_start: "2031-03-01T00:00:00Z",
    });
    expect(fieldsOf(window)).toEqual(["sales_end"]);
    const audience = await call("PATCH", `${ev}/ticket-types/${typeId}`, { audiences: [{ school: "N7" }] });
    expect(audience.status).toBe(409);
    expect(errorOf(audience).code).toBe("ticket_type_has_orders");
    const fresh = await call<{ id: number }>(
      "POST",
      `${ev}/ticket-types`,
      { name: "Pupils", price: "0" },
      { expect: 201 },
    );
    const restricted = await call<{ restricted: boolean; audiences: { school: string | null }[] }>(
      "PATCH",
      `${ev}/ticket-types/${fresh.body.id}`,
      { audiences: [{ school: "N7" }] },
      { expect: 200 },
    );
    expect(restricted.body).toMatchObject({ restricted: true, audiences: [{ school: "N7" }] });

    const deleted = await call("DELETE", `${ev}/ticket-types/${typeId}`);
    expect(deleted.status).toBe(409);
    expect(errorOf(deleted).message).toBe(
      "This ticket type has orders and cannot be deleted; end its sales instead",
    );
    await call("DELETE", `${ev}/ticket-types/${fresh.body.id}`, undefined, { expect: 204 });
  });

  it("previews and creates weekly dates at the same local time across the DST change, within the cap", async () => {
    const { call, ev, dates } = await seeded();
    const zone = await call<{ time_zone: string | null }>(
      "PATCH",
      ev,
      { time_zone: "Europe/Berlin" },
      { expect: 200 },
    );
    expect(zone.body.time_zone).toBe("Europe/Berlin");
    const before = await dates();

    const preview = await call<Recurring>(
      "POST",
      `${ev}/dates/recurring`,
      { ...THURSDAYS, preview: true },
      { expect: 200 },
    );
    expect(preview.body.preview).toBe(true);
    expect(preview.body.time_zone).toBe("Europe/Berlin");
    // 20:00 in Berlin: 19:00 UTC in winter (CET), 18:00 UTC from 30 March (CEST).
    expect(preview.body.dates.map((d) => [d.id, d.starts_at, d.ends_at])).toEqual([
      [null, "2031-03-20T19:00:00.000Z", "2031-03-20T21:30:00.000Z"],
      [null, "2031-03-27T19:00:00.000Z", "2031-03-27T21:30:00.000Z"],
      [null, "2031-04-03T18:00:00.000Z", "2031-04-03T20:30:00.000Z"],
      [null, "2031-04-10T18:00:00.000Z", "2031-04-10T20:30:00.000Z"],
    ]);
    expect(await dates()).toEqual(before);

    const created = await call<Recurring>(
      "POST",
      `${ev}/dates/recurring`,
      { ...THURSDAYS, name: "Jazz night", location: "Cellar" },
      { expect: 201 },
    );
    expect(created.body.dates).toHaveLength(4);
    expect(created.body.dates.every((d) => typeof d.id === "number" && d.name === "Jazz night")).toBe(true);
    expect((await dates()).length).toBe(before.length + 4);

    const again = await call<Recurring>("POST", `${ev}/dates/recurring`, THURSDAYS, { expect: 201 });
    expect(again.body.dates).toEqual([]);
    expect(again.body.skipped).toHaveLength(4);

    // An end time before the start means the next morning, again in local time.
    const late = await call<Recurring>(
      "POST",
      `${ev}/dates/recurring`,
      {
        weekdays: [6],
        time: "23:00",
        end_time: "01:30",
        from: "2031-03-29",
        until: "2031-03-29",
        preview: true,
      },
      { expect: 200 },
    );
    expect(late.body.dates.map((d) => [d.starts_at, d.ends_at])).toEqual([
      ["2031-03-29T22:00:00.000Z", "2031-03-30T00:30:00.000Z"],
    ]);

    const everyDay = {
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      time: "10:00",
      from: "2031-01-01",
      until: "2032-12-31",
    };
    const tooMany = await call("POST", `${ev}/dates/recurring`, everyDay);
    expect(tooMany.status).toBe(400);
    expect(errorOf(tooMany).code).toBe("validation_failed");
    expect(errorOf(tooMany).details?.fields?.[0]).toMatchObject({
      field: "until",
      message: `the rule makes more than ${MAX_RECURRING_DATES} dates; create them in several steps`,
    });
    expect((await dates()).length).toBe(before.length + 4);

    const noDay = await call("POST", `${ev}/dates/recurring`, { ...THURSDAYS, from: "2031-02-30" });
    expect(noDay.status).toBe(400);
    expect(fieldsOf(noDay)).toEqual(["from"]);
    const both = await call("POST", `${ev}/dates/recurring`, { ...THURSDAYS, end_time: "22:00" });
    expect(fieldsOf(both)).toEqual(["duration_minutes"]);
    const backwards = await call("POST", `${ev}/dates/recurring`, { ...THURSDAYS, until: "2031-03-01" });
    expect(fieldsOf(backwards)).toEqual(["until"]);
    expect((await call("PATCH", ev, { time_zone: "Mars/Olympus" })).status).toBe(400);
  });

  it("starts a new event in its organizer's time zone", async () => {
    const { call } = await seeded();
    await t.ctx.db.kysely.updateTable("organizers").set({ time_zone: "America/New_York" }).execute();
    const event = await call<{ time_zone: string | null }>(
      "POST",
      "/api/v1/organizers/org/events",
      { slug: "gala", name: "Gala" },
      { expect: 201 },
    );
    expect(event.body.time_zone).toBe("America/New_York");
    const followed = await call<{ time_zone: string | null }>(
      "PATCH",
      "/api/v1/organizers/org/events/gala",
      { time_zone: null },
      { expect: 200 },
    );
    expect(followed.body.time_zone).toBeNull();
  });

  it("refuses every change to a token of the view level", async () => {
    const { call, ev, dateId, typeId } = await seeded();
    const token = (
      await call<{ token: string }>(
        "POST",
        "/api/v1/organizers/org/tokens",
        { name: "v", level: "view" },
        { expect: 201 },
      )
    ).body.token;
    const headers = { authorization: `Bearer ${token}` };
    const as = (method: "PATCH" | "DELETE" | "POST", url: string, body?: unknown) =>
      call(method, url, body, { headers });
    expect((await call("GET", `${ev}/dates`, undefined, { headers })).status).toBe(200);
    for (const res of [
      await as("PATCH", `${ev}/dates/${dateId}`, { name: "x" }),
      await as("DELETE", `${ev}/dates/${dateId}`),
      await as("POST", `${ev}/dates/recurring`, { ...THURSDAYS, preview: true }),
      await as("PATCH", `${ev}/ticket-types/${typeId}`, { price: "1.00" }),
    ])
      expect(res.status).toBe(403);
  });
});
