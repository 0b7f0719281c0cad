import { afterEach, describe, expect, it } from "vitest";
import type { Actor } from "../../platform/auth/actor.js";
import { superadmin } from "../../platform/auth/actor.js";
import type { Db } from "../../platform/db/index.js";
import { createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { api } from "../../testing/ticketing.js";
import { upsertInternalUser } from "../accounts/internal-users.js";
import { actorForUser, registerExternal } from "../accounts/service.js";
import { createQuota } from "../catalog/quotas.js";
import { createTicketType } from "../catalog/service.js";
import { createEvent, type EventRow, findBookableEvent } from "../events/service.js";
import { createOrganizer } from "../organizers/service.js";
import { type PlaceOrderInput, placeOrder } from "./checkout.js";
import { type GiveInput, giveTickets } from "./give.js";
import { cancelOrder } from "./lifecycle.js";

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

describe.each(dialects)("booking rules on %s", (dialect) => {
  let t: TestApp;
  const book = (db: Db, actor: Actor, event: EventRow, input: PlaceOrderInput) =>
    placeOrder(db, actor, event, input, t.ctx.signer);
  const give = (db: Db, actor: Actor, event: EventRow, input: GiveInput) =>
    giveTickets(db, actor, event, input, t.ctx.signer);
  afterEach(async () => t?.close());

  async function setup() {
    t = await createTestApp(dialect);
    const db = t.database.db;
    const org = await createOrganizer(db, superadmin, { slug: "school", name: "School" });
    await createEvent(db, superadmin, org, { slug: "gala", name: "Gala", visibility: "audience" });
    const event = await findBookableEvent(db, "school", "gala");
    const members = await createTicketType(db, superadmin, event, {
      name: "Members",
      price: "10.00",
      audiences: [{ school: "N7", membership: "BDE" }],
    });
    const sponsored = await createTicketType(db, superadmin, event, {
      name: "Friends",
      price: "15.00",
      audiences: [{ school: "N7" }],
      allow_sponsorship: true,
    });
    const open = await createTicketType(db, superadmin, event, { name: "Guests", price: "20.00" });
    await createQuota(db, superadmin, event, {
      name: "Hall",
      size: 100,
      ticket_types: [members.id, sponsored.id, open.id],
    });
    await upsertInternalUser(db, superadmin, {
      email: "member@n7.example",
      name: "Member",
      school: "N7",
      class_year: 2027,
      memberships: ["BDE"],
    });
    await upsertInternalUser(db, superadmin, {
      email: "student@n7.example",
      name: "Student",
      school: "N7",
      class_year: 2027,
    });
    const outsider = await registerExternal(db, {
      email: "outsider@example.org",
      name: "Outsider",
      password: "outsider-pass-1",
    });
    const idOf = async (email: string) =>
      (await db.kysely.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow())
        .id;
    const as = async (email: string): Promise<Actor> => actorForUser(db, await idOf(email));
    return { db, event, members, sponsored, open, as, outsiderId: outsider.id };
  }

  it("restricted ticket types admit only their audience; the event defaults to one order per person", async () => {
    const { db, event, members, open, as } = await setup();
    expect(Boolean(event.one_order_per_person)).toBe(true);
    const member = await as("member@n7.example");
    const student = await as("student@n7.example");
    const outsider = await as("outsider@example.org");
    // The outsider matches no audience: the event is hidden from them (see below); the student sees it.
    expect(await codeOf(book(db, outsider, event, { positions: [{ ticket_type: members.id }] }))).toBe(
      "not_found",
    );
    expect(await codeOf(book(db, student, event, { positions: [{ ticket_type: members.id }] }))).toBe(
      "restricted",
    );
    expect(await codeOf(book(db, member, event, { positions: [{ ticket_type: members.id }] }))).toBe("ok");
    expect(await codeOf(book(db, member, event, { positions: [{ ticket_type: open.id }] }))).toBe(
      "already_ordered",
    );
    // An admin may book anything for anyone.
    expect(
      await codeOf(
        book(db, superadmin, event, {
          email: "vip@example.org",
          positions: [{ ticket_type: members.id }],
        }),
      ),
    ).toBe("ok");
  });

  it("an audience event hidden from a buyer is an unknown event to the order API, as in the shop; nothing is written", async () => {
    const { db, event, members, open, as } = await setup();
    const call = api(t);
    const anonymous = { headers: {} };
    const orders = "/api/v1/organizers/school/events/gala/orders";
    const unknown = await call(
      "POST",
      "/api/v1/organizers/school/events/nope/orders",
      {
        email: "a@example.org",
        positions: [{ ticket_type: open.id }],
      },
      anonymous,
    );
    expect(unknown.status).toBe(404);
    // Unrestricted and restricted types alike, and whatever the body: the answer of an unknown event.
    for (const body of [
      { email: "a@example.org", positions: [{ ticket_type: open.id }] },
      { email: "a@example.org", positions: [{ ticket_type: members.id }] },
      { positions: [{ ticket_type: open.id }] }, // no e-mail: a 400 would tell the event exists
    ]) {
      const hidden = await call("POST", orders, body, anonymous);
      expect(hidden).toEqual(unknown);
    }
    const outsider = await as("outsider@example.org");
    expect(await codeOf(book(db, outsider, event, { positions: [{ ticket_type: open.id }] }))).toBe(
      "not_found",
    );
    // The shop's pages answer as before: the reserved page, and no calendar.
    const page = (url: string) => t.app.inject({ method: "GET", url, headers: { accept: "text/html" } });
    expect((await page("/e/school/gala")).statusCode).toBe(403);
    expect((await page("/e/school/gala/calendar.ics")).statusCode).toBe(404);
    const taken = async () =>
      (
        await db.kysely
          .selectFrom("quotas")
          .select("taken")
          .where("event_id", "=", event.id)
          .executeTakeFirstOrThrow()
      ).taken;
    expect(await db.kysely.selectFrom("orders").select("id").execute()).toEqual([]);
    expect(await taken()).toBe(0);

    // Whoever the event shows itself to still books, the unrestricted type included.
    const student = await as("student@n7.example");
    expect(await codeOf(book(db, student, event, { positions: [{ ticket_type: open.id }] }))).toBe("ok");
    const byAdmin = await call("POST", orders, {
      email: "vip@example.org",
      positions: [{ ticket_type: open.id }],
    });
    expect(byAdmin.status).toBe(201);
    expect(await taken()).toBe(2);
  });

  it("sponsorship: restricted tickets for others only where allowed and up to the event's limit; unrestricted ones freely", async () => {
    const { db, event, members, sponsored, open, as } = await setup();
    const member = await as("member@n7.example");
    expect(
      await codeOf(
        book(db, member, event, {
          positions: [{ ticket_type: members.id }, { ticket_type: members.id }],
        }),
      ),
    ).toBe("sponsorship_not_allowed");
    expect(
      await codeOf(
        book(db, member, event, {
          positions: [
            { ticket_type: sponsored.id },
            { ticket_type: sponsored.id },
            { ticket_type: sponsored.id },
          ],
        }),
      ),
    ).toBe("sponsorship_limit");
    const openMany = Array.from({ length: 8 }, () => ({ ticket_type: open.id }));
    expect(
      await codeOf(
        book(db, member, event, {
          positions: [
            { ticket_type: sponsored.id, attendee_name: "Me" },
            { ticket_type: sponsored.id, attendee_name: "My friend" },
            ...openMany,
          ],
        }),
      ),
    ).toBe("ok");
  });

  it("an admin gives tickets to an account: attached to it, settled, logged; unknown accounts are refused", async () => {
    const { db, event, members, as } = await setup();
    const given = await give(db, superadmin, event, {
      email: "student@n7.example",
      positions: [{ ticket_type: members.id }],
    });
    expect(given.status).toBe("paid");
    const student = await as("student@n7.example");
    expect(student.kind === "user" && given.user_id === student.user.id).toBe(true);
    const log = await db.kysely
      .selectFrom("order_log")
      .select("action")
      .where("order_id", "=", given.id)
      .orderBy("id")
      .execute();
    expect(log.map((l) => l.action)).toEqual(["placed", "given", "paid"]);
    expect(
      await codeOf(
        give(db, superadmin, event, {
          email: "ghost@example.org",
          positions: [{ ticket_type: members.id }],
        }),
      ),
    ).toBe("unknown_user");
    expect(
      await codeOf(
        give(db, student, event, {
          email: "student@n7.example",
          positions: [{ ticket_type: members.id }],
        }),
      ),
    ).toBe("forbidden");
  });

  it("one order per person holds under parallel checkouts and frees up when the order is cancelled", async () => {
    const { db, event, open, as } = await setup();
    // The student sees the audience event (one of its types is theirs) and books its open type.
    const student = await as("student@n7.example");
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        codeOf(book(db, student, event, { positions: [{ ticket_type: open.id }] })),
      ),
    );
    expect(results.filter((r) => r === "ok")).toHaveLength(1);
    expect(results.filter((r) => r === "already_ordered")).toHaveLength(19);
    const order = await db.kysely.selectFrom("orders").selectAll().executeTakeFirstOrThrow();
    await cancelOrder(db, student, event, { ...order, positions: [], payments: [] });
    expect(await codeOf(book(db, student, event, { positions: [{ ticket_type: open.id }] }))).toBe("ok");
  });
});
