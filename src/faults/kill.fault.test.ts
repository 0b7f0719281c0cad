import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, dialects, type TestDatabase } from "../testing/databases.js";
import { ensureBuilt, type ServerProcess, startServer } from "../testing/processes.js";
import { invariants, rush, seed, TOKEN } from "../testing/rush.js";

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
    const order = (i: number) => ({
      email: `crash${i}@example.org`,
      voucher: i % 3 === 0 ? "HALF" : i % 5 === 0 ? "GUEST" : undefined,
      positions: [{ ticket_type: typeId, date: dateId }],
    });

    const first = await startServer(env());
    servers.push(first);
    const firing = rush([first.url], 400, 40, order);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await first.stop("SIGKILL")).toBeNull();
    const before = await firing;
    expect(before.filter((s) => s === 0).length).toBeGreaterThan(0);

    let state = await invariants(database.db, quotaId);
    expect(state.emptyOrders).toBe(0);
    expect(state.paidWithoutPayment).toBe(0);
    expect(state.taken).toBe(state.liveTickets);
    expect(state.voucherUsed).toBe(state.voucherUsesOfLiveOrders);
    expect(state.voucherUsed).toBeLessThanOrEqual(state.voucherMax);

    const second = await startServer(env());
    servers.push(second);
    const after = await rush([second.url], 400, 40, (i) => order(1000 + i));
    state = await invariants(database.db, quotaId);
    expect(state).toMatchObject({ taken: 120, liveTickets: 120, emptyOrders: 0, paidWithoutPayment: 0 });
    expect(state.paidOrders).toBeGreaterThan(0);
    expect(state.voucherUsed).toBe(state.voucherUsesOfLiveOrders);
    expect(state.voucherUsed).toBeLessThanOrEqual(state.voucherMax);
    expect(after.every((s) => s === 201 || s === 409)).toBe(true);
  });

  /** `buyers` single-ticket orders across `urls` for a capacity of 100 seeded before the servers start. */
  async function sellsExactlyTheCapacity(urls: string[], buyers: number) {
    const statuses = await rush(urls, buyers, 40, (i) => ({
      email: `buyer${i}@example.org`,
      positions: [{ ticket_type: rushSeed.typeId, date: rushSeed.dateId }],
    }));
    expect(statuses.filter((s) => s === 201)).toHaveLength(100);
    expect(statuses.filter((s) => s === 409)).toHaveLength(buyers - 100);
    expect(await invariants(database.db, rushSeed.quotaId)).toMatchObject({
      taken: 100,
      liveTickets: 100,
      emptyOrders: 0,
    });
  }
  let rushSeed: Awaited<ReturnType<typeof seed>>;

  it("two server processes on one database under a rush never oversell", async () => {
    await database?.drop();
    database = await createTestDatabase(dialect);
    rushSeed = await seed(database.db, 100);
    const [a, b] = await Promise.all([startServer(env()), startServer(env())]);
    servers.push(a!, b!);
    await sellsExactlyTheCapacity([a!.url, b!.url], 600);
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
    await sellsExactlyTheCapacity([primary.url], 400);

    const [victim] = children();
    process.kill(Number(victim), "SIGKILL");
    let replaced: string[] = [];
    for (let i = 0; i < 100; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      replaced = children();
      if (replaced.length === 2 && !replaced.includes(victim as string)) break;
    }
    expect(replaced).toHaveLength(2);
    expect(replaced).not.toContain(victim);
    expect((await fetch(`${primary.url}/healthz`)).status).toBe(200);
    expect(await primary.stop("SIGTERM")).toBe(0);
  });
});
