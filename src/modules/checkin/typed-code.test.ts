import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { seedSeries } from "../../testing/ticketing.js";
import { formatTicketCode } from "../orders/ticket-code.js";
import { TYPED_CODE_GUESSES } from "./typed-code.js";

type Answer = { status: string; reason?: string; ticket?: { id: number; attendee_name: string | null } };
type Placed = { code: string; positions: { id: number; secret: string }[] };

describe.each(dialects)("typed ticket codes at the door on %s", (dialect) => {
  let t: TestApp;
  let seeded: Awaited<ReturnType<typeof seedSeries>>;
  let other: Awaited<ReturnType<typeof seedSeries>>;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    seeded = await seedSeries(t, { quota: 100 });
    other = await seedSeries(t, { quota: 100, slug: "other" });
  });
  afterAll(async () => t?.close());

  async function paidTicket(on = seeded) {
    const { body } = await on.call<Placed>(
      "POST",
      `${on.ev}/orders`,
      {
        email: "door@example.org",
        positions: [{ ticket_type: on.typeId, date: on.dateId, attendee_name: "Ada" }],
      },
      { expect: 201 },
    );
    await on.call("POST", `${on.ev}/orders/${body.code}/mark-paid`, undefined, { expect: 200 });
    const position = body.positions[0] ?? { id: 0, secret: "" };
    return { code: body.code, position, ticketCode: await ticketCodeOf(position.id) };
  }
  async function ticketCodeOf(positionId: number) {
    const row = await t.ctx.db.kysely
      .selectFrom("order_positions")
      .select("ticket_code")
      .where("id", "=", positionId)
      .executeTakeFirstOrThrow();
    if (!row.ticket_code) throw new Error("every new ticket has a code");
    return row.ticket_code;
  }
  async function list(on = seeded) {
    return (
      await on.call<{ id: number }>("POST", `${on.ev}/checkin-lists`, { name: "Door" }, { expect: 201 })
    ).body.id;
  }
  const redeem = (listId: number, secret: string, on = seeded) =>
    on.call<Answer>("POST", `${on.ev}/checkin-lists/${listId}/redeem`, { secret });
  const scan = async (listId: number, secret: string, on = seeded) => {
    const res = await redeem(listId, secret, on);
    expect(res.status).toBe(200);
    return res.body;
  };
  const failures = async () =>
    Number(
      (
        await t.ctx.db.kysely
          .selectFrom("login_attempts")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("gives every ticket its own code of 8 readable characters", async () => {
    const codes = await Promise.all([paidTicket(), paidTicket(), paidTicket()]);
    for (const { ticketCode } of codes) expect(ticketCode).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}$/);
    expect(new Set(codes.map((c) => c.ticketCode)).size).toBe(3);
    expect(formatTicketCode("K7QM4XPT")).toBe("K7QM-4XPT");
  });

  it("admits a typed code once, however it is typed, and then says it was used", async () => {
    const door = await list();
    const { position, ticketCode } = await paidTicket();
    const typed = ` ${formatTicketCode(ticketCode).toLowerCase().replace("-", " - ")} `;
    expect(await scan(door, typed)).toMatchObject({
      status: "ok",
      ticket: { id: position.id, attendee_name: "Ada" },
    });
    expect(await scan(door, ticketCode)).toMatchObject({ status: "error", reason: "already_redeemed" });
    // The code stands for the ticket: its QR secret is used up as well.
    expect(await scan(door, position.secret)).toMatchObject({ reason: "already_redeemed" });
    expect(await failures()).toBe(0);
  });

  it("refuses a wrong code, another event's code and a replaced ticket's old code, and counts them", async () => {
    const door = await list();
    const before = await failures();
    expect(await scan(door, "ZZZZ-ZZZZ")).toMatchObject({ status: "error", reason: "unknown" });
    const foreign = await paidTicket(other);
    expect(await scan(door, foreign.ticketCode)).toMatchObject({ status: "error", reason: "unknown" });
    // The other event's own door takes it.
    expect(await scan(await list(other), foreign.ticketCode, other)).toMatchObject({ status: "ok" });
    const { code, position, ticketCode } = await paidTicket();
    await seeded.call("POST", `${seeded.ev}/orders/${code}/positions/${position.id}/reissue`, undefined, {
      expect: 200,
    });
    const renewed = await ticketCodeOf(position.id);
    expect(renewed).not.toBe(ticketCode);
    expect(await scan(door, ticketCode)).toMatchObject({ status: "error", reason: "unknown" });
    expect(await failures()).toBe(before + 3);
    expect(await scan(door, renewed)).toMatchObject({ status: "ok" });
    // Every refusal is in the door's log, like any unknown scan.
    const scans = await seeded.call<{ status: string }[]>("GET", `${seeded.ev}/checkin-lists/${door}/scans`);
    expect(scans.body.map((s) => s.status).sort()).toEqual(["error", "error", "error", "ok"]);
  });

  it("stops a device that keeps typing wrong codes, even when it then types a right one", async () => {
    const door = await list();
    const { ticketCode } = await paidTicket();
    const already = await failures();
    for (let i = already; i < TYPED_CODE_GUESSES.max; i++) {
      expect((await scan(door, `WRONG${String(i).padStart(3, "0")}`)).reason).toBe("unknown");
    }
    const locked = await redeem(door, ticketCode);
    expect(locked.status).toBe(429);
    expect((locked.body as unknown as { error: { code: string } }).error.code).toBe("too_many_attempts");
    // Scanning the QR is not guessing: it still works.
    const scanned = await paidTicket();
    expect(await scan(door, scanned.position.secret)).toMatchObject({ status: "ok" });
    // Only this event's door is held back.
    expect(await scan(await list(other), (await paidTicket(other)).ticketCode, other)).toMatchObject({
      status: "ok",
    });
  });
});
