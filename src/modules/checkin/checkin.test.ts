import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { seedSeries } from "../../testing/ticketing.js";
import { offlineVerifier } from "../credentials/secrets.js";

type Answer = { status: string; reason?: string; ticket?: { id: number; attendee_name: string | null } };
type Placed = { code: string; positions: { id: number; secret: string }[] };

describe.each(dialects)("check-in on %s", (dialect) => {
  let t: TestApp;
  let seeded: Awaited<ReturnType<typeof seedSeries>>;
  let secondDate: number;
  let vipType: number;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    seeded = await seedSeries(t, { quota: 500, price: "5.00" });
    secondDate = (
      await seeded.call<{ id: number }>(
        "POST",
        `${seeded.ev}/dates`,
        { starts_at: "2031-03-02T19:00:00Z" },
        { expect: 201 },
      )
    ).body.id;
    vipType = (
      await seeded.call<{ id: number }>(
        "POST",
        `${seeded.ev}/ticket-types`,
        { name: "VIP", price: "50.00" },
        { expect: 201 },
      )
    ).body.id;
  });
  afterAll(async () => t?.close());

  async function paidTicket(options: { date?: number; type?: number; pay?: boolean } = {}) {
    const { body } = await seeded.call<Placed>(
      "POST",
      `${seeded.ev}/orders`,
      {
        email: "door@example.org",
        positions: [
          {
            ticket_type: options.type ?? seeded.typeId,
            date: options.date ?? seeded.dateId,
            attendee_name: "Ada",
          },
        ],
      },
      { expect: 201 },
    );
    if (options.pay !== false)
      await seeded.call("POST", `${seeded.ev}/orders/${body.code}/mark-paid`, undefined, { expect: 200 });
    return { code: body.code, position: body.positions[0] ?? { id: 0, secret: "" } };
  }
  async function list(body: Record<string, unknown>) {
    return (await seeded.call<{ id: number }>("POST", `${seeded.ev}/checkin-lists`, body, { expect: 201 }))
      .body.id;
  }
  const scan = async (listId: number, body: Record<string, unknown>) =>
    (await seeded.call<Answer>("POST", `${seeded.ev}/checkin-lists/${listId}/redeem`, body, { expect: 200 }))
      .body;

  it("admits a paid ticket once, says why it refuses the others, and logs every scan", async () => {
    const door = await list({
      name: "Main door",
      date: seeded.dateId,
      ticket_types: [seeded.typeId],
      entry_policy: "once",
    });
    const { position } = await paidTicket();
    expect(await scan(door, { secret: position.secret })).toMatchObject({
      status: "ok",
      ticket: { id: position.id, attendee_name: "Ada" },
    });
    expect(await scan(door, { secret: position.secret })).toMatchObject({
      status: "error",
      reason: "already_redeemed",
    });
    expect(await scan(door, { secret: "nope" })).toMatchObject({ status: "error", reason: "unknown" });
    expect(await scan(door, { secret: (await paidTicket({ pay: false })).position.secret })).toMatchObject({
      reason: "unpaid",
    });
    expect(
      await scan(door, { secret: (await paidTicket({ date: secondDate })).position.secret }),
    ).toMatchObject({ reason: "wrong_date" });
    expect(await scan(door, { secret: (await paidTicket({ type: vipType })).position.secret })).toMatchObject(
      { reason: "wrong_ticket_type" },
    );
    const opposed = await paidTicket();
    await seeded.call("POST", `${seeded.ev}/orders/${opposed.code}/oppose`, undefined, { expect: 200 });
    expect(await scan(door, { secret: opposed.position.secret })).toMatchObject({ reason: "opposed" });
    const cancelled = await paidTicket({ pay: false });
    await seeded.call("POST", `${seeded.ev}/orders/${cancelled.code}/cancel`, undefined, { expect: 200 });
    expect(await scan(door, { secret: cancelled.position.secret })).toMatchObject({ reason: "cancelled" });
    const scans = await seeded.call<{ status: string; device: string }[]>(
      "GET",
      `${seeded.ev}/checkin-lists/${door}/scans`,
    );
    expect(scans.body).toHaveLength(8);
    expect(scans.body.every((s) => s.device === "superadmin")).toBe(true);
  });

  it("answers a retried nonce with its first answer and records nothing new", async () => {
    const door = await list({ name: "Retry door" });
    const { position } = await paidTicket();
    const first = await scan(door, { secret: position.secret, nonce: "scan-1" });
    expect(first.status).toBe("ok");
    expect(await scan(door, { secret: position.secret, nonce: "scan-1" })).toEqual(first);
    expect(await scan(door, { secret: position.secret, nonce: "scan-2" })).toMatchObject({
      reason: "already_redeemed",
    });
    const scans = await seeded.call<unknown[]>("GET", `${seeded.ev}/checkin-lists/${door}/scans`);
    expect(scans.body).toHaveLength(2);
  });

  it("a retried nonce keeps its first answer even when the ticket changed since, also in parallel", async () => {
    const door = await list({ name: "Retry refusal door" });
    const { code, position } = await paidTicket({ pay: false });
    const refused = await scan(door, { secret: position.secret, nonce: "unpaid-1" });
    expect(refused).toMatchObject({ status: "error", reason: "unpaid" });
    await seeded.call("POST", `${seeded.ev}/orders/${code}/mark-paid`, undefined, { expect: 200 });
    // The retry is of the scan that was answered, not a new scan: it admits no one.
    const retries = await Promise.all(
      Array.from({ length: 10 }, () => scan(door, { secret: position.secret, nonce: "unpaid-1" })),
    );
    for (const answer of retries) expect(answer).toEqual(refused);
    expect(await scan(door, { secret: "no-such-ticket", nonce: "unknown-1" })).toMatchObject({
      reason: "unknown",
    });
    expect(await scan(door, { secret: "no-such-ticket", nonce: "unknown-1" })).toMatchObject({
      reason: "unknown",
    });
    const scans = await seeded.call<unknown[]>("GET", `${seeded.ev}/checkin-lists/${door}/scans`);
    expect(scans.body).toHaveLength(2);
    // A new scan of the now paid ticket is admitted.
    expect(await scan(door, { secret: position.secret, nonce: "unpaid-2" })).toMatchObject({ status: "ok" });
  });

  it("lets exactly one of many simultaneous scans of a ticket through", async () => {
    const door = await list({ name: "Rush door" });
    const { position } = await paidTicket();
    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, i) => scan(door, { secret: position.secret, nonce: `gate-${i}` })),
    );
    expect(answers.filter((a) => a.status === "ok")).toHaveLength(1);
    expect(answers.filter((a) => a.reason === "already_redeemed")).toHaveLength(24);
  });

  it("daily and unlimited lists: once a day; with exit required, in and out", async () => {
    const daily = await list({ name: "Festival", entry_policy: "daily" });
    const inOut = await list({ name: "Hall", entry_policy: "unlimited", exit_required: true });
    const { position } = await paidTicket();
    expect((await scan(daily, { secret: position.secret })).status).toBe("ok");
    expect((await scan(daily, { secret: position.secret })).reason).toBe("already_redeemed");
    expect((await scan(inOut, { secret: position.secret })).status).toBe("ok");
    expect((await scan(inOut, { secret: position.secret })).reason).toBe("already_redeemed");
    expect((await scan(inOut, { secret: position.secret, type: "exit" })).status).toBe("ok");
    expect((await scan(inOut, { secret: position.secret })).status).toBe("ok");
  });

  it("signs secrets for offline checks and revokes the old secret when a ticket is reissued", async () => {
    const door = await list({ name: "Offline door" });
    const { code, position } = await paidTicket();
    const key = await seeded.call<{ public_key: string; event_id: number; revoked: unknown[] }>(
      "GET",
      `${seeded.ev}/ticket-key`,
    );
    const verify = offlineVerifier(key.body.public_key, key.body.event_id);
    expect(verify(position.secret)).toBe(true);
    expect(verify(`${position.secret.split(".")[0]}.${"A".repeat(86)}`)).toBe(false);
    expect(offlineVerifier(key.body.public_key, key.body.event_id + 1)(position.secret)).toBe(false);
    const reissued = await seeded.call<{ secret: string }>(
      "POST",
      `${seeded.ev}/orders/${code}/positions/${position.id}/reissue`,
      undefined,
      { expect: 200 },
    );
    expect(verify(reissued.body.secret)).toBe(true);
    expect(await scan(door, { secret: position.secret })).toMatchObject({
      status: "error",
      reason: "revoked",
    });
    expect((await scan(door, { secret: reissued.body.secret })).status).toBe("ok");
    const after = await seeded.call<{ revoked: { secret: string }[] }>("GET", `${seeded.ev}/ticket-key`);
    expect(after.body.revoked.map((r) => r.secret)).toEqual([position.secret]);
  });

  it("gives a scanner its offline download: rules, key, revocations and tickets by secret hash only", async () => {
    const lounge = (
      await seeded.call<{ id: number }>(
        "POST",
        `${seeded.ev}/ticket-types`,
        { name: "Lounge", price: "30.00" },
        { expect: 201 },
      )
    ).body.id;
    const door = await list({ name: "Lounge door", ticket_types: [lounge], entry_policy: "once" });
    const { position: inside } = await paidTicket({ type: lounge });
    const { position: outside } = await paidTicket({ type: lounge });
    await paidTicket({ type: lounge, pay: false });
    await paidTicket();
    expect((await scan(door, { secret: inside.secret })).status).toBe("ok");
    const { body } = await seeded.call<{
      list: { slot: string; ticket_types: number[] };
      tickets: { id: number; hash: string; status: string; admitted: boolean }[];
      revoked: string[];
    }>("GET", `${seeded.ev}/checkin-lists/${door}/offline`, undefined, { expect: 200 });
    expect(body.list).toMatchObject({ slot: "once", ticket_types: [lounge] });
    expect(body.tickets.map((x) => x.status).sort()).toEqual(["paid", "paid", "pending"]);
    const sha = (s: string) => createHash("sha256").update(s).digest("hex");
    expect(body.tickets.find((x) => x.id === inside.id)).toMatchObject({
      hash: sha(inside.secret),
      admitted: true,
    });
    expect(body.tickets.find((x) => x.id === outside.id)).toMatchObject({ admitted: false });
    expect(JSON.stringify(body)).not.toContain(inside.secret);
    const counts = await seeded.call("GET", `${seeded.ev}/checkin-lists/${door}/counts`, undefined, {
      expect: 200,
    });
    expect(counts.body).toEqual({ tickets: 2, admitted: 1, scans_ok: 1, scans_refused: 0 });
    const device = await seeded.call<{ token: string }>(
      "POST",
      "/api/v1/organizers/org/tokens",
      { name: "Gate 2", level: "checkin" },
      { expect: 201 },
    );
    const asDevice = { headers: { authorization: `Bearer ${device.body.token}` } };
    await seeded.call("GET", `${seeded.ev}/checkin-lists/${door}/offline`, undefined, {
      ...asDevice,
      expect: 200,
    });
    await seeded.call("POST", `${seeded.ev}/checkin-lists`, { name: "no" }, { ...asDevice, expect: 403 });
  });

  /** A ticket type whose one text field must be filled before its tickets are admitted. */
  async function typeAskingInformation(name: string, price: string) {
    const type = (
      await seeded.call<{ id: number }>("POST", `${seeded.ev}/ticket-types`, { name, price }, { expect: 201 })
    ).body.id;
    await seeded.call(
      "POST",
      `${seeded.ev}/ticket-types/${type}/fields`,
      { label: "Certificate number", kind: "text", required: true, blocks: "admission" },
      { expect: 201 },
    );
    return type;
  }
  async function fillInformation(type: number, code: string, positionId: number) {
    const field = (await seeded.call<{ id: number }[]>("GET", `${seeded.ev}/ticket-types/${type}/fields`))
      .body[0];
    await seeded.call(
      "PUT",
      `${seeded.ev}/orders/${code}/positions/${positionId}/information/${field?.id}`,
      { value: "C-42" },
      { expect: 200 },
    );
  }

  it("refuses a ticket whose required information is missing", async () => {
    const type = await typeAskingInformation("Climbing", "0.00");
    const door = await list({ name: "Wall" });
    const { code, position } = await paidTicket({ type, pay: false });
    expect(await scan(door, { secret: position.secret })).toMatchObject({ reason: "incomplete" });
    await fillInformation(type, code, position.id);
    expect((await scan(door, { secret: position.secret })).status).toBe("ok");
  });

  it("gives offline scanners what the door's other rules need: missing information, the event's other tickets", async () => {
    const type = await typeAskingInformation("Diving", "9.00");
    const door = await list({ name: "Pool", date: seeded.dateId, ticket_types: [type] });
    const { position: missing } = await paidTicket({ type });
    const { code, position: filled } = await paidTicket({ type });
    await fillInformation(type, code, filled.id);
    const { position: otherDate } = await paidTicket({ type, date: secondDate });
    const { position: otherType } = await paidTicket();
    const { body } = await seeded.call<{
      tickets: { id: number; incomplete: boolean }[];
      others: Record<string, unknown>[];
    }>("GET", `${seeded.ev}/checkin-lists/${door}/offline`, undefined, { expect: 200 });
    expect(body.tickets.map((x) => [x.id, x.incomplete])).toEqual([
      [missing.id, true],
      [filled.id, false],
    ]);
    const sha = (s: string) => createHash("sha256").update(s).digest("hex");
    const others = new Map(body.others.map((o) => [o.id, o]));
    expect(others.get(otherDate.id)).toEqual({
      hash: sha(otherDate.secret),
      id: otherDate.id,
      status: "paid",
      ticket_type_id: type,
      date: secondDate,
      anonymized: false,
    });
    expect(others.get(otherType.id)).toMatchObject({ ticket_type_id: seeded.typeId, date: seeded.dateId });
    expect(JSON.stringify(body.others)).not.toContain("Ada");
    // The door refuses them for the reasons the scanner now finds offline.
    expect(await scan(door, { secret: missing.secret })).toMatchObject({ reason: "incomplete" });
    expect(await scan(door, { secret: otherDate.secret })).toMatchObject({ reason: "wrong_date" });
    expect(await scan(door, { secret: otherType.secret })).toMatchObject({ reason: "wrong_ticket_type" });
    expect((await scan(door, { secret: filled.secret })).status).toBe("ok");
  });
});
