import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, dialects, type TestDatabase } from "../testing/databases.js";
import { ensureBuilt, type ServerProcess, startServer } from "../testing/processes.js";
import { elapsedMs, recordFault } from "../testing/reliability.js";
import { type Answer, invariants, missingOrders, rush, seed, TOKEN, tally } from "../testing/rush.js";

beforeAll(() => ensureBuilt(), 120_000);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// Far above what a drain takes, so that a drain held up by idle keep-alive connections would show.
const SHUTDOWN_TIMEOUT_S = 20;
/** Orders the server answered, by its own log line per request (written once the answer is sent). */
const answeredByServer = (output: string) =>
  output.split("\n").filter((line) => line.includes('"msg":"request"') && line.includes("/orders")).length;

describe.each(dialects)("SIGTERM on %s", (dialect) => {
  let database: TestDatabase | undefined;
  let server: ServerProcess | undefined;
  afterEach(async () => {
    await server?.stop("SIGKILL");
    await database?.drop();
  });

  it.each(["1", "2"])(
    "PROCESSES=%s: SIGTERM mid-rush answers the requests in flight, then exits 0",
    async (processes) => {
      const db = await createTestDatabase(dialect);
      database = db;
      const { dateId, typeId, quotaId } = await seed(db.db, 150);
      const email = (i: number) => `drain${i}@example.org`;
      server = await startServer({
        DATA_DIR: db.dataDir,
        TESSERA_ADMIN_TOKEN: TOKEN,
        JOB_POLL_MS: "200",
        LOG_LEVEL: "info",
        PROCESSES: processes,
        SHUTDOWN_TIMEOUT: String(SHUTDOWN_TIMEOUT_S),
        ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
      });
      const answers = tally();
      const failures: Record<string, number> = {};
      const watch = (answer: Answer) => {
        answers.watch(answer);
        if (answer.failure) failures[answer.failure] = (failures[answer.failure] ?? 0) + 1;
      };
      const order = (i: number) => ({
        email: email(i),
        voucher: i % 3 === 0 ? "HALF" : undefined,
        positions: [{ ticket_type: typeId, date: dateId }],
      });
      let exited = false;
      const firing = rush([server.url], 5000, 40, order, { watch, stop: () => exited });
      while (answers.total() < 100) await pause(10);

      const signalled = performance.now();
      const code = await server.stop("SIGTERM");
      const drainMs = elapsedMs(signalled);
      exited = true;
      await firing;

      const answered = answers.count("201") + answers.count("409");
      const lost = answeredByServer(server.output()) - answered;
      const refused = failures.ECONNREFUSED ?? 0;
      // Reset before the server read a byte of them: connections still in the listen queue when it
      // stopped listening (the drain itself closes only connections with no request in progress).
      const unread = answers.count("lost") - refused;
      const state = await invariants(db.db, quotaId);
      const oversold = Math.max(0, state.liveTickets - state.size);
      recordFault({
        scenario: "SIGTERM during a rush",
        database: dialect,
        fault: `SIGTERM to the server (PROCESSES=${processes}) while 40 clients keep ordering`,
        figures: {
          answered,
          "answered by the server, lost on the way": lost,
          "refused at connect after close": refused,
          "reset before being read": unread,
          "exit code": String(code),
          "drain ms": drainMs,
          oversold,
        },
        outcome: "every request the server took in was answered; exit 0; taken = live tickets; none oversold",
      });

      expect(code).toBe(0);
      // The deadline never had to cut a request in progress.
      expect(server.output()).not.toContain("were cut");
      expect(drainMs).toBeLessThan(SHUTDOWN_TIMEOUT_S * 1000);
      expect(lost).toBe(0);
      expect(Object.keys(answers.kinds).sort()).toEqual(
        ["201", "409", "lost"].filter((k) => answers.count(k)),
      );
      expect(answers.malformed).toEqual([]);
      // The rush outlived the server: later orders found nothing listening.
      expect(refused).toBeGreaterThan(0);
      // An order committed is an order answered 201, and the other way round.
      expect(await missingOrders(db.db, answers.created.map(email))).toBe(0);
      expect(state.liveTickets).toBe(answers.created.length);
      expect(state).toMatchObject({ taken: state.liveTickets, emptyOrders: 0, paidWithoutPayment: 0 });
      expect(oversold).toBe(0);
    },
  );
});
