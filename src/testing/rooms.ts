import { findCheckinList, listCheckinLists } from "../modules/checkin/lists.js";
import { redeem } from "../modules/checkin/redeem.js";
import { superadmin } from "../platform/auth/actor.js";
import type { TestApp } from "./app.js";
import { api } from "./ticketing.js";

type Placed = { code: string; positions: { id: number; secret: string }[] };

const inDays = (days: number, hours = 0) =>
  new Date(Date.now() + days * 86_400_000 + hours * 3_600_000).toISOString();

/**
 * An organizer with a BigBlueButton server (the fake's URL), a room "workshop", and a series whose
 * dates are held in it: one running now, four in the coming weeks, one in the past. Its ticket type asks
 * for a call sign and a video consent.
 */
export async function seedRoomSeries(t: TestApp, bbbUrl: string, bbbSecret: string) {
  const call = api(t);
  await call("POST", "/api/v1/organizers", { slug: "club", name: "Radio Club" }, { expect: 201 });
  const server = await call<{ id: number }>(
    "POST",
    "/api/v1/organizers/club/bbb-servers",
    { name: "Club BBB", url: bbbUrl, secret: bbbSecret },
    { expect: 201 },
  );
  await call(
    "POST",
    "/api/v1/organizers/club/rooms",
    {
      slug: "workshop",
      name: "Antenna workshop",
      server: server.body.id,
      call_sign_field: "Call sign",
      video_consent_field: "Video consent",
    },
    { expect: 201 },
  );
  await call(
    "POST",
    "/api/v1/organizers/club/events",
    { slug: "evenings", name: "Club evenings", currency: "EUR", is_series: true },
    { expect: 201 },
  );
  const ev = "/api/v1/organizers/club/events/evenings";
  const date = async (name: string, starts: string, ends: string) =>
    (
      await call<{ id: number }>(
        "POST",
        `${ev}/dates`,
        { name, starts_at: starts, ends_at: ends, meta: { room: "workshop" } },
        { expect: 201 },
      )
    ).body.id;
  const dates = {
    past: await date("Last month", inDays(-30), inDays(-30, 2)),
    now: await date("Tonight", inDays(0, -1), inDays(0, 2)),
    week1: await date("Week 1", inDays(7), inDays(7, 2)),
    week2: await date("Week 2", inDays(14), inDays(14, 2)),
    week3: await date("Week 3", inDays(21), inDays(21, 2)),
    week4: await date("Week 4", inDays(28), inDays(28, 2)),
  };
  const type = (
    await call<{ id: number }>("POST", `${ev}/ticket-types`, { name: "Seat", price: "0" }, { expect: 201 })
  ).body.id;
  const field = async (label: string) =>
    (
      await call<{ id: number }>(
        "POST",
        `${ev}/ticket-types/${type}/fields`,
        { label, kind: "text", required: false },
        { expect: 201 },
      )
    ).body.id;
  const fields = { callSign: await field("Call sign"), consent: await field("Video consent") };

  async function ticket(
    dateId: number,
    attendee: string,
    answers: { callSign?: string; consent?: string } = {},
  ) {
    const { body } = await call<Placed>(
      "POST",
      `${ev}/orders`,
      {
        email: "member@example.org",
        positions: [{ ticket_type: type, date: dateId, attendee_name: attendee }],
      },
      { expect: 201 },
    );
    const position = body.positions[0] ?? { id: 0, secret: "" };
    const base = `${ev}/orders/${body.code}/positions/${position.id}/information`;
    if (answers.callSign)
      await call("PUT", `${base}/${fields.callSign}`, { value: answers.callSign }, { expect: 200 });
    if (answers.consent)
      await call("PUT", `${base}/${fields.consent}`, { value: answers.consent }, { expect: 200 });
    const links = await call<{ ticket: number; url: string }[]>(
      "GET",
      `${ev}/orders/${body.code}/room-links`,
      undefined,
      { expect: 200 },
    );
    return { code: body.code, position, link: links.body[0]?.url ?? "" };
  }
  /** The ticket entered the room on an earlier day (its check-in carries that day's nonce). */
  async function enteredOnAnotherDay(position: { id: number; secret: string }) {
    const event = await t.ctx.db.kysely
      .selectFrom("events")
      .selectAll()
      .where("slug", "=", "evenings")
      .executeTakeFirstOrThrow();
    const [first] = await listCheckinLists(t.ctx.db, superadmin, event);
    const list = await findCheckinList(t.ctx.db, event, first?.id ?? 0);
    const nonce = `room:${position.id}:2000-01-01`;
    return redeem(t.ctx.db, superadmin, event, list, { secret: position.secret, nonce }, "UTC", {
      device: "room",
    });
  }
  return { call, ev, dates, ticket, enteredOnAnotherDay };
}
