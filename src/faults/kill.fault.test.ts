import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, dialects, type TestDatabase } from "../testing/databases.js";
import { ensureBuilt, type ServerProcess, startServer } from "../testing/processes.js";
import { elapsedMs, recordFault } from "../testing/reliability.js";
import { invariants, missingOrders, rush, seed, TOKEN, tally } from "../testing/rush.js";

beforeAll(() => ensureBuilt(), 120_000);

describe.each(dialects)("faults on %s", (dialect) => {
  let database: TestDatabase;
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    for (const s of servers) await s.stop("SIGKILL");
    await database?.drop();
  });
  const env = () => ({
    DATA_DIR: database.dataDir,
    TESSERA_ADMIN_TOKEN: TOKEN,
    JOB_POLL_MS: "0",
    ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
  });

  it("kill -9 during a rush loses nothing half-written; after restart the rush sells exactly the capacity", async () => {
    database = await createTestDatabase(dialect);
    const { dateId, typeId, quotaId } = await seed(database.db, 120);
    const email = (i: number) => `crash${i}@example.org`;
    const order = (i: number) => ({
      email: email(i),
      voucher: i % 3 === 0 ? "HALF" : i % 5 === 0 ? "GUEST" : undefined,
      positions: [{ ticket_type: typeId, date: dateId }],
    });

    const first = await startServer(env());
    servers.push(first);
    const before = tally();
    // Killed once orders are committing, so some are done, some half-way, and more are on the wire.
    let killed: Promise<number | null> | undefined;
    await rush([first.url], 400, 40, order, {
      watch: (answer) => {
        before.watch(answer);
        if (!killed && before.count("201") >= 10) killed = first.stop("SIGKILL");
      },
    });
    expect(await killed).toBeNull();
    expect(before.count("lost")).toBeGreaterThan(0);

    const crashed = await invariants(database.db, quotaId);
    const missing = await missingOrders(database.db, before.created.map(email));
    expect(missing).toBe(0);
    expect(crashed.emptyOrders).toBe(0);
    expect(crashed.paidWithoutPayment).toBe(0);
    expect(crashed.taken).toBe(crashed.liveTickets);
    expect(crashed.voucherUsed).toBe(crashed.voucherUsesOfLiveOrders);
    expect(crashed.voucherUsed).toBeLessThanOrEqual(crashed.voucherMax);

    const restarted = performance.now();
    const second = await startServer(env());
    const restartMs = elapsedMs(restarted);
    servers.push(second);
    const after = tally();
    await rush([second.url], 400, 40, (i) => order(1000 + i), { watch: after.watch });
    const state = await invariants(database.db, quotaId);
    expect(state).toMatchObject({
      taken: 120,
      liveTickets: 120,
      oversold: 0,
      emptyOrders: 0,
      paidWithoutPayment: 0,
    });
    expect(state.paidOrders).toBeGreaterThan(0);
    expect(state.voucherUsed).toBe(state.voucherUsesOfLiveOrders);
    expect(state.voucherUsed).toBeLessThanOrEqual(state.voucherMax);
    expect(after.count("201") + after.count("409")).toBe(400);
    recordFault({
      scenario: "Server killed with -9 mid-rush, then restarted",
      database: dialect,
      fault:
        "SIGKILL to the only server process once 10 of 400 orders (40 in flight, capacity 120) were answered 201",
      figures: {
        "answered 201 before the kill": before.count("201"),
        "connections lost or refused": before.count("lost"),
        "201 answers missing after the kill": missing,
        "taken = live tickets after the kill": `${crashed.taken} = ${crashed.liveTickets}`,
        "orders without positions": crashed.emptyOrders,
        "restart (ms)": restartMs,
        "second rush 201 / 409": `${after.count("201")} / ${after.count("409")}`,
        "taken / capacity": `${state.taken} / ${state.size}`,
        oversold: state.oversold,
        "HALF voucher uses / limit": `${state.voucherUsed} / ${state.voucherMax}`,
      },
      outcome: "no half order, nothing answered 201 lost, taken = live tickets, 0 oversold",
    });
  });

  /** `buyers` single-ticket orders across `urls` for a capacity of 100 seeded before the servers start. */
  async function sellsExactlyTheCapacity(urls: string[], buyers: number) {
    const seen = tally();
    await rush(
      urls,
      buyers,
      40,
      (i) => ({
        email: `buyer${i}@example.org`,
        positions: [{ ticket_type: rushSeed.typeId, date: rushSeed.dateId }],
      }),
      { watch: seen.watch },
    );
    expect(seen.count("201")).toBe(100);
    expect(seen.count("409")).toBe(buyers - 100);
    const state = await invariants(database.db, rushSeed.quotaId);
    expect(state).toMatchObject({ taken: 100, liveTickets: 100, oversold: 0, emptyOrders: 0 });
    return { "orders 201 / 409": `${seen.count("201")} / ${seen.count("409")}`, oversold: state.oversold };
  }
  let rushSeed: Awaited<ReturnType<typeof seed>>;

  it("two server processes on one database under a rush never oversell", async () => {
    await database?.drop();
    database = await createTestDatabase(dialect);
    rushSeed = await seed(database.db, 100);
    const [a, b] = await Promise.all([startServer(env()), startServer(env())]);
    servers.push(a!, b!);
    const figures = await sellsExactlyTheCapacity([a!.url, b!.url], 600);
    recordFault({
      scenario: "Several server processes on one database under a rush",
      database: dialect,
      fault: "two separate server processes, 600 orders round robin (40 in flight) for 100 places",
      figures,
      outcome: "exactly 100 sold, the rest 409 sold out, 0 oversold",
    });
  });

  it("PROCESSES=2 serves one port from two processes, never oversells, and replaces a process killed with -9", async () => {
    await database?.drop();
    database = await createTestDatabase(dialect);
    rushSeed = await seed(database.db, 100);
    const primary = await startServer({ ...env(), PROCESSES: "2" });
    servers.push(primary);
    const children = () =>
      execFileSync("pgrep", ["-P", String(primary.child.pid)], { encoding: "utf8" })
        .trim()
        .split("\n");
    expect(children()).toHaveLength(2);
    const figures = await sellsExactlyTheCapacity([primary.url], 400);

    const [victim] = children();
    const killed = performance.now();
    process.kill(Number(victim), "SIGKILL");
    let replaced: string[] = [];
    for (let i = 0; i < 100; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      replaced = children();
      if (replaced.length === 2 && !replaced.includes(victim as string)) break;
    }
    expect(replaced).toHaveLength(2);
    expect(replaced).not.toContain(victim);
    const replacedMs = elapsedMs(killed);
    expect((await fetch(`${primary.url}/healthz`)).status).toBe(200);
    expect(await primary.stop("SIGTERM"), primary.output()).toBe(0);
    recordFault({
      scenario: "Several server processes on one database under a rush",
      database: dialect,
      fault: "PROCESSES=2 on one port, 400 orders for 100 places, then one process killed with -9",
      figures: { ...figures, "killed process replaced within (ms)": replacedMs },
      outcome: "exactly 100 sold, 0 oversold; the killed process replaced, /healthz 200, clean exit 0",
    });
  });
});
