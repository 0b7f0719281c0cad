import type http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { superadmin } from "../../platform/auth/actor.js";
import { createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { startFakeServer } from "../../testing/fakes/http.js";
import { startFakeWalletProvider } from "../../testing/fakes/wallet.js";
import { seedSeries } from "../../testing/ticketing.js";
import { applyWalletReport } from "./apply.js";
import { saveWalletSettings } from "./settings.js";
import {
  BUSINESS_FAMILY,
  type BusinessStatus,
  businessMoveAllowed,
  WALLET_STATUSES,
  WALLET_TRANSITIONS,
  type WalletStatus,
  walletMoveAllowed,
} from "./statuses.js";
import { pullCursorName, syncWallet } from "./sync.js";
import { trackLifecycle } from "./tracker.js";
import { webhookHandler, webhookSignature } from "./webhooks.js";

const KEY = "provider-api-key-1";
const HOOK_SECRET = "webhook-secret-123";

describe("the transition tables", () => {
  it("every wallet status is reachable from 'not applicable', DELETED is final, only DELETION_PENDING leads to it", () => {
    const reached = new Set<string>(["NA"]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const from of [...reached])
        for (const to of WALLET_TRANSITIONS[from as WalletStatus | "NA"])
          if (!reached.has(to)) {
            reached.add(to);
            grew = true;
          }
    }
    expect([...reached].sort()).toEqual(["NA", ...WALLET_STATUSES].sort());
    expect(WALLET_TRANSITIONS.DELETED).toEqual([]);
    for (const from of WALLET_STATUSES)
      expect(walletMoveAllowed(from, "DELETED")).toBe(from === "DELETION_PENDING");
    for (const from of WALLET_STATUSES) expect(walletMoveAllowed(from, from)).toBe(false);
  });

  it("business moves: cancelled is final, nothing starts elsewhere than reserved or issued", () => {
    const statuses = Object.keys(BUSINESS_FAMILY) as BusinessStatus[];
    for (const to of statuses)
      expect(businessMoveAllowed(null, to)).toBe(to === "reserved" || to === "issued");
    for (const to of statuses) expect(businessMoveAllowed("cancelled", to)).toBe(false);
    expect(new Set(Object.values(BUSINESS_FAMILY))).toEqual(
      new Set(["reserved", "printed", "controlled", "invalidated", "cancelled"]),
    );
  });
});

describe.each(dialects)("ticket lifecycle and wallet sync on %s", (dialect) => {
  let t: TestApp;
  let provider: Awaited<ReturnType<typeof startFakeWalletProvider>>;
  let hooks: Awaited<ReturnType<typeof startFakeServer>>;
  const delivered: { body: string; signature: string }[] = [];
  let hookStatus = 200;
  let seeded: Awaited<ReturnType<typeof seedSeries>>;
  let organizerId: number;
  const deps = () => ({ db: t.ctx.db, secrets: t.ctx.secrets });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    provider = await startFakeWalletProvider(KEY);
    hooks = await startFakeServer((req: http.IncomingMessage, body, res) => {
      delivered.push({ body, signature: String(req.headers["x-tessera-signature"]) });
      res.writeHead(hookStatus).end();
    });
    seeded = await seedSeries(t, { quota: 500, price: "5.00" });
    organizerId = (await t.ctx.db.kysely.selectFrom("organizers").select("id").executeTakeFirstOrThrow()).id;
    await saveWalletSettings(t.ctx.db, t.ctx.secrets, superadmin, organizerId, {
      provider_url: provider.apiUrl,
      api_key: KEY,
      custom_parameters: "TIXNGO_LIFECYCLE_MODE=lifecycle",
      batch_size: 1000,
      webhook_url: `${hooks.url}/hooks`,
      webhook_secret: HOOK_SECRET,
    });
  });
  afterAll(async () => {
    await provider?.close();
    await hooks?.close();
    await t?.close();
  });

  async function order(options: { pay?: boolean } = {}) {
    const { body } = await seeded.call<{ code: string; positions: { id: number; secret: string }[] }>(
      "POST",
      `${seeded.ev}/orders`,
      {
        email: "wallet@example.org",
        positions: [{ ticket_type: seeded.typeId, date: seeded.dateId, attendee_name: "Walt" }],
      },
      { expect: 201 },
    );
    if (options.pay !== false)
      await seeded.call("POST", `${seeded.ev}/orders/${body.code}/mark-paid`, undefined, { expect: 200 });
    return { code: body.code, position: body.positions[0] ?? { id: 0, secret: "" } };
  }
  const state = (positionId: number) =>
    t.ctx.db.kysely
      .selectFrom("ticket_states")
      .selectAll()
      .where("position_id", "=", positionId)
      .executeTakeFirstOrThrow();
  const settle = async () => {
    await trackLifecycle(t.ctx.db);
    await syncWallet(deps(), organizerId);
  };

  it("follows a ticket from reservation to the door, through download, transfer and activation", async () => {
    const { code, position } = await order({ pay: false });
    await trackLifecycle(t.ctx.db);
    // Reserved: not valid anywhere, never sent: "not applicable".
    expect(await state(position.id)).toMatchObject({
      business_status: "reserved",
      family: "reserved",
      wallet_status: null,
    });
    await seeded.call("POST", `${seeded.ev}/orders/${code}/mark-paid`, undefined, { expect: 200 });
    await settle();
    expect(await state(position.id)).toMatchObject({
      business_status: "issued",
      family: "printed",
      wallet_status: "INJECTED",
    });
    expect(provider.passes.get(String(position.id))?.barcode).toBe(position.secret);

    const id = String(position.id);
    provider.download(id);
    provider.assign(id, "Holder One");
    provider.startTransfer(id);
    provider.acceptTransfer(id, "Holder Two");
    provider.activate(id, "BT_ACTIVATED");
    await settle();
    expect(await state(position.id)).toMatchObject({
      wallet_status: "BT_ACTIVATED",
      wallet_holder: "Holder Two",
    });

    const list = await seeded.call<{ id: number }>(
      "POST",
      `${seeded.ev}/checkin-lists`,
      { name: "Door" },
      { expect: 201 },
    );
    await seeded.call(
      "POST",
      `${seeded.ev}/checkin-lists/${list.body.id}/redeem`,
      { secret: position.secret },
      { expect: 200 },
    );
    await settle();
    // Controlled at the door: the activation method's status until the provider confirms.
    expect(await state(position.id)).toMatchObject({
      business_status: "controlled",
      family: "controlled",
      wallet_status: "BT_ACTIVATED",
    });
    provider.feedback();
    await syncWallet(deps(), organizerId);
    expect((await state(position.id)).wallet_status).toBe("CONTROLLED");

    // A late, impossible report from the provider is refused and logged, never applied.
    provider.report(id, "INJECTED");
    await syncWallet(deps(), organizerId);
    expect((await state(position.id)).wallet_status).toBe("CONTROLLED");
    const history = await t.ctx.db.kysely
      .selectFrom("ticket_transitions")
      .select(["kind", "from_status", "to_status", "cause", "applied"])
      .where("position_id", "=", position.id)
      .orderBy("id")
      .execute();
    expect(history.filter((h) => h.kind === "business").map((h) => h.to_status)).toEqual([
      "reserved",
      "issued",
      "controlled",
    ]);
    expect(history.filter((h) => h.kind === "wallet").map((h) => `${h.to_status}:${h.applied}`)).toEqual([
      "INJECTED:1",
      "DOWNLOADED:1",
      "ASSIGNED:1",
      "PENDING_TRANSFER:1",
      "TRANSFERRED:1",
      "BT_ACTIVATED:1",
      "CONTROLLED:1",
      "INJECTED:0",
    ]);
  });

  it("opposition deletes the pass (DELETION_PENDING, then DELETED on feedback); a ticket never sent stays not applicable", async () => {
    const opposed = await order();
    const cancelled = await order({ pay: false });
    await settle();
    await seeded.call(
      "POST",
      `${seeded.ev}/orders/${opposed.code}/oppose`,
      { reason: "chargeback" },
      { expect: 200 },
    );
    await seeded.call("POST", `${seeded.ev}/orders/${cancelled.code}/cancel`, undefined, { expect: 200 });
    await settle();
    expect(await state(opposed.position.id)).toMatchObject({
      family: "invalidated",
      wallet_status: "DELETION_PENDING",
    });
    expect(await state(cancelled.position.id)).toMatchObject({ family: "cancelled", wallet_status: null });
    provider.feedback();
    await syncWallet(deps(), organizerId);
    expect((await state(opposed.position.id)).wallet_status).toBe("DELETED");
    expect(provider.passes.has(String(cancelled.position.id))).toBe(false);
  });

  it("a reprint re-injects the pass with the new barcode", async () => {
    const { code, position } = await order();
    await settle();
    const reissued = await seeded.call<{ secret: string }>(
      "POST",
      `${seeded.ev}/orders/${code}/positions/${position.id}/reissue`,
      undefined,
      { expect: 200 },
    );
    await settle();
    expect(await state(position.id)).toMatchObject({ business_status: "reprinted", family: "printed" });
    expect(provider.passes.get(String(position.id))?.barcode).toBe(reissued.body.secret);
  });

  it("applies exactly the legal wallet moves, for every pair of statuses", async () => {
    const { position } = await order();
    await trackLifecycle(t.ctx.db);
    for (const from of [null, ...WALLET_STATUSES]) {
      for (const to of WALLET_STATUSES) {
        await t.ctx.db.kysely
          .updateTable("ticket_states")
          .set({ wallet_status: from })
          .where("position_id", "=", position.id)
          .execute();
        const before = await t.ctx.db.kysely
          .selectFrom("ticket_transitions")
          .select("id")
          .orderBy("id", "desc")
          .executeTakeFirst();
        await t.ctx.db.kysely
          .transaction()
          .execute((trx) => applyWalletReport(trx, { positionId: position.id, status: to, cause: "test" }));
        const after = await t.ctx.db.kysely
          .selectFrom("ticket_transitions")
          .select(["applied"])
          .where("id", ">", before?.id ?? 0)
          .execute();
        const legal = walletMoveAllowed(from, to);
        expect((await state(position.id)).wallet_status, `${from} → ${to}`).toBe(legal ? to : from);
        expect(
          after.map((a) => Boolean(a.applied)),
          `${from} → ${to}`,
        ).toEqual(from === to ? [] : [legal]);
      }
    }
  });

  it("resumes a sync that crashed mid-batch without losing or repeating a change", async () => {
    const tickets = [];
    for (let i = 0; i < 12; i++) tickets.push((await order()).position);
    await settle();
    await t.ctx.db.kysely.updateTable("wallet_settings").set({ batch_size: 5 }).execute();
    for (const ticket of tickets) provider.download(String(ticket.id));
    for (const ticket of tickets) provider.assign(String(ticket.id), `Holder ${ticket.id}`);
    let seen = 0;
    await expect(
      syncWallet(deps(), organizerId, () => {
        if (++seen === 13) throw new Error("power cut");
      }),
    ).rejects.toThrow("power cut");
    const cursor = await t.ctx.db.kysely
      .selectFrom("sync_cursors")
      .selectAll()
      .where("name", "=", pullCursorName(organizerId))
      .executeTakeFirstOrThrow();
    expect(cursor.last_error).toBe("power cut");
    // The provider is down for a moment too: the run fails, records why, and the next one goes on.
    provider.failNext(1);
    await expect(syncWallet(deps(), organizerId)).rejects.toThrow(/503/);
    await syncWallet(deps(), organizerId);
    for (const ticket of tickets) {
      expect(await state(ticket.id)).toMatchObject({
        wallet_status: "ASSIGNED",
        wallet_holder: `Holder ${ticket.id}`,
      });
      const moves = await t.ctx.db.kysely
        .selectFrom("ticket_transitions")
        .select("to_status")
        .where("position_id", "=", ticket.id)
        .where("kind", "=", "wallet")
        .execute();
      expect(moves.map((m) => m.to_status)).toEqual(["INJECTED", "DOWNLOADED", "ASSIGNED"]);
    }
    await t.ctx.db.kysely.updateTable("wallet_settings").set({ batch_size: 1000 }).execute();
  });

  it("delivers signed webhooks for transitions and throws on a failed delivery so the queue retries", async () => {
    delivered.length = 0;
    await order();
    await trackLifecycle(t.ctx.db);
    const job = await t.ctx.db.kysely
      .selectFrom("jobs")
      .select("payload")
      .where("kind", "=", "wallet.webhook")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    const deliver = webhookHandler(deps());
    hookStatus = 500;
    await expect(deliver(JSON.parse(job.payload))).rejects.toThrow(/500/);
    hookStatus = 200;
    await deliver(JSON.parse(job.payload));
    const last = delivered.at(-1);
    const timestamp = Number(/t=(\d+)/.exec(last?.signature ?? "")?.[1]);
    expect(last?.signature).toBe(webhookSignature(HOOK_SECRET, timestamp, last?.body ?? ""));
    expect(JSON.parse(last?.body ?? "{}")).toMatchObject({
      type: "ticket.transitions",
      events: expect.arrayContaining([
        expect.objectContaining({ kind: "business", to: "issued", family: "printed", cause: "payment" }),
      ]),
    });
    expect(last?.body).not.toContain("Walt");
  });
});

describe.each(dialects)("history mode (deprecated, the default) on %s", (dialect) => {
  let t: TestApp;
  let provider: Awaited<ReturnType<typeof startFakeWalletProvider>>;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    provider = await startFakeWalletProvider(KEY);
  });
  afterAll(async () => {
    await provider?.close();
    await t?.close();
  });

  it("reads legacy statuses, actions and states; RECEIVED with a holder is an assignment", async () => {
    const seeded = await seedSeries(t, { quota: 10, price: "0" });
    const organizerId = (
      await t.ctx.db.kysely.selectFrom("organizers").select("id").executeTakeFirstOrThrow()
    ).id;
    await saveWalletSettings(t.ctx.db, t.ctx.secrets, superadmin, organizerId, {
      provider_url: provider.apiUrl,
      api_key: KEY,
    });
    const { body } = await seeded.call<{ positions: { id: number }[] }>(
      "POST",
      `${seeded.ev}/orders`,
      { email: "h@example.org", positions: [{ ticket_type: seeded.typeId, date: seeded.dateId }] },
      { expect: 201 },
    );
    const id = body.positions[0]?.id ?? 0;
    await trackLifecycle(t.ctx.db);
    await syncWallet({ db: t.ctx.db, secrets: t.ctx.secrets }, organizerId);
    provider.download(String(id));
    provider.assign(String(id), "Holder H");
    await syncWallet({ db: t.ctx.db, secrets: t.ctx.secrets }, organizerId);
    expect(
      await t.ctx.db.kysely
        .selectFrom("ticket_states")
        .selectAll()
        .where("position_id", "=", id)
        .executeTakeFirstOrThrow(),
    ).toMatchObject({
      wallet_status: "ASSIGNED",
      wallet_holder: "Holder H",
      wallet_legacy_status: "RECEIVED",
      wallet_action: "INJECT",
      wallet_state: "CONFIRMED",
    });
  });
});
