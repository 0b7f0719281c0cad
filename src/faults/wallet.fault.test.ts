import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WALLET_TIMEOUT_MS } from "../modules/wallet/provider.js";
import { scheduleWalletSyncs } from "../modules/wallet/schedule.js";
import { saveWalletSettings } from "../modules/wallet/settings.js";
import { WALLET_SYNC_JOB } from "../modules/wallet/sync.js";
import { trackLifecycle } from "../modules/wallet/tracker.js";
import { WEBHOOK_JOB, WEBHOOK_TIMEOUT_MS } from "../modules/wallet/webhooks.js";
import { superadmin } from "../platform/auth/actor.js";
import { createTestApp, type TestApp } from "../testing/app.js";
import { dialects } from "../testing/databases.js";
import { type FaultyPartner, startFaultyPartner } from "../testing/fakes/faulty.js";
import { startFakeServer } from "../testing/fakes/http.js";
import { startFakeWalletProvider } from "../testing/fakes/wallet.js";
import {
  drainWith,
  expectBackedOff,
  expectNoLeak,
  FAULTS,
  jobsOf,
  MARGIN_MS,
  makeDue,
  PARTNER_SCENARIO,
  timedAll,
  yesNo,
} from "../testing/partner-faults.js";
import { recordFault } from "../testing/reliability.js";
import { adminHeaders, seedSeries } from "../testing/ticketing.js";

// The wallet provider and the organizer's webhook receiver hang or answer 500. Buying and paying never
// wait on them (passes and webhooks go out from jobs); the jobs fail, are retried with growing delays,
// and once the partner answers again every pass and every webhook goes out, none twice.
const KEY = "provider-api-key-fault";

describe.each(dialects)("the wallet provider and webhook receiver hanging or failing on %s", (dialect) => {
  let t: TestApp;
  let provider: Awaited<ReturnType<typeof startFakeWalletProvider>>;
  let hooks: Awaited<ReturnType<typeof startFakeServer>>;
  let providerLine: FaultyPartner;
  let hookLine: FaultyPartner;
  let seeded: Awaited<ReturnType<typeof seedSeries>>;
  const delivered: string[] = [];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    provider = await startFakeWalletProvider(KEY);
    hooks = await startFakeServer((_req, body, res) => {
      delivered.push(body);
      res.writeHead(200).end();
    });
    providerLine = await startFaultyPartner(provider.apiUrl);
    hookLine = await startFaultyPartner(`${hooks.url}/hooks`);
    seeded = await seedSeries(t, { quota: 100, price: "5.00" });
    const organizer = await t.ctx.db.kysely.selectFrom("organizers").select("id").executeTakeFirstOrThrow();
    await saveWalletSettings(t.ctx.db, t.ctx.secrets, superadmin, organizer.id, {
      provider_url: providerLine.url,
      api_key: KEY,
      custom_parameters: "TIXNGO_LIFECYCLE_MODE=lifecycle",
      batch_size: 1000,
      webhook_url: hookLine.url,
      webhook_secret: "webhook-secret-fault",
    });
  });
  // A failed test leaves no fault behind for the next one.
  afterEach(() => {
    providerLine.set("ok");
    hookLine.set("ok");
  });
  afterAll(async () => {
    await providerLine?.close();
    await hookLine?.close();
    await provider?.close();
    await hooks?.close();
    await t?.close();
  });

  /** A buyer's order, paid: the moment a pass is due. Answered without asking the provider. */
  async function buyAndPay(i: number) {
    const placed = await t.app.inject({
      method: "POST",
      url: `${seeded.ev}/orders`,
      headers: adminHeaders,
      payload: {
        email: `wallet${i}@example.org`,
        positions: [{ ticket_type: seeded.typeId, date: seeded.dateId, attendee_name: `Holder ${i}` }],
      },
    });
    const { code, positions } = placed.json<{ code: string; positions: { id: number }[] }>();
    const paid = await t.app.inject({
      method: "POST",
      url: `${seeded.ev}/orders/${code}/mark-paid`,
      headers: adminHeaders,
    });
    return Object.assign(paid, { positionId: positions[0]?.id ?? 0 });
  }
  const walletStatuses = async (ids: number[]) =>
    (
      await t.ctx.db.kysely
        .selectFrom("ticket_states")
        .select("wallet_status")
        .where("position_id", "in", ids)
        .execute()
    ).map((s) => s.wallet_status);
  const pendingOf = async (kind: string) => (await jobsOf(t, kind)).filter((j) => j.status !== "done");

  /** Every open job of the kind failed once more and waits out the backoff its attempt earned. */
  async function expectRetrying(kind: string, attempts: number, since: number) {
    const open = await pendingOf(kind);
    expect(open.length).toBeGreaterThan(0);
    for (const job of open) expectBackedOff(job, attempts, since);
    return open.length;
  }

  it.each(FAULTS)(
    "%s: buying is unaffected, the jobs retry with backoff, then every pass and webhook goes out",
    async (mode, fault) => {
      providerLine.set(mode);
      hookLine.set(mode);
      const buyers = await timedAll(4, buyAndPay);
      expect(buyers.answers.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
      expect(buyers.max).toBeLessThan(MARGIN_MS);
      const ids = buyers.answers.map((r) => r.positionId);

      await drainWith(t, 1); // the buyers' mails, which do not involve the partners
      await trackLifecycle(t.ctx.db);
      // The once-a-minute sweep, a minute after the last run.
      expect(await scheduleWalletSyncs(t.ctx.db, Date.now() + 61_000)).toBe(1);
      const started = performance.now();
      const since = Date.now();
      const [, admin] = await Promise.all([
        drainWith(t, 2),
        timedAll(1, () =>
          t.app.inject({ method: "POST", url: "/api/v1/organizers/org/wallet/sync", headers: adminHeaders }),
        ),
      ]);
      const jobMs = Math.round(performance.now() - started);
      const sync = admin.answers[0];
      expect(sync?.statusCode).toBe(502);
      expect(sync?.json()).toMatchObject({ error: { code: "wallet_provider_unavailable" } });
      expectNoLeak(sync?.body ?? "");
      expect(admin.max).toBeLessThan(WALLET_TIMEOUT_MS + MARGIN_MS);
      expect(jobMs).toBeLessThan(Math.max(WALLET_TIMEOUT_MS, WEBHOOK_TIMEOUT_MS) + MARGIN_MS);
      let retries =
        (await expectRetrying(WALLET_SYNC_JOB, 1, since)) + (await expectRetrying(WEBHOOK_JOB, 1, since));
      expect(await walletStatuses(ids)).toEqual([null, null, null, null]);

      if (mode === "error") {
        // Still down at the next attempt: the delay doubles.
        await makeDue(t, WALLET_SYNC_JOB);
        await makeDue(t, WEBHOOK_JOB);
        const again = Date.now();
        await drainWith(t, 2);
        retries +=
          (await expectRetrying(WALLET_SYNC_JOB, 2, again)) + (await expectRetrying(WEBHOOK_JOB, 2, again));
      }
      const reached = providerLine.faulted() + hookLine.faulted();

      providerLine.set("ok");
      hookLine.set("ok");
      const hooksBefore = delivered.length;
      await makeDue(t, WALLET_SYNC_JOB);
      await makeDue(t, WEBHOOK_JOB);
      await drainWith(t, 2);
      expect(await pendingOf(WALLET_SYNC_JOB)).toEqual([]);
      expect(await pendingOf(WEBHOOK_JOB)).toEqual([]);
      expect(await walletStatuses(ids)).toEqual(["INJECTED", "INJECTED", "INJECTED", "INJECTED"]);
      for (const id of ids) expect(provider.passes.get(String(id))?.status).toBe("INJECTED");
      const issued = delivered
        .slice(hooksBefore)
        .flatMap((body) => (JSON.parse(body) as { events: { ticketId: number; to: string }[] }).events)
        .filter((e) => ids.includes(e.ticketId) && e.to === "issued");
      expect(issued).toHaveLength(ids.length); // each transition delivered, none twice
      recordFault({
        scenario: PARTNER_SCENARIO,
        database: dialect,
        fault: `Wallet provider and webhook receiver: each ${fault}; buyers pay, the sync and webhook jobs run`,
        figures: {
          requests: buyers.answers.length,
          "buyer saw": `${buyers.statuses} (paid; the pass follows from the job)`,
          "ms max": buyers.max,
          "ms p50": buyers.p50,
          "deadline ms": `${WALLET_TIMEOUT_MS} (provider), ${WEBHOOK_TIMEOUT_MS} (webhook); admin "Sync now": ${sync?.statusCode} in ${admin.max} ms`,
          "calls reaching the fault": reached,
          "job retries": `${retries} failed attempts, each rescheduled by the backoff`,
          "recovered after healing": yesNo(true),
        },
        outcome:
          "payments answered at once; jobs retried with growing run_at; all passes and webhooks out once after",
      });
    },
  );
});
