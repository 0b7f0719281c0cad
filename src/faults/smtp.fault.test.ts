import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, dialects, type TestDatabase } from "../testing/databases.js";
import { ensureBuilt, type ServerProcess, startServer } from "../testing/processes.js";
import { elapsedMs, recordFault } from "../testing/reliability.js";
import { ORDERS, seed, TOKEN } from "../testing/rush.js";
import { startFaultySmtp } from "../testing/smtp-faults.js";

beforeAll(() => ensureBuilt(), 120_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const GREETING_TIMEOUT_MS = 1000;

async function until(check: () => Promise<boolean> | boolean, ms: number, what: string) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await sleep(100);
  }
}

function p99(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.ceil(sorted.length * 0.99) - 1] ?? 0);
}

// The mail server goes down, then hangs (accepts, never greets), then comes back, while buyers book:
// booking must not notice, and every confirmation mail must go out in the end.
describe.each(dialects)("SMTP faults on %s", (dialect) => {
  let database: TestDatabase;
  let server: ServerProcess | undefined;
  let smtp: Awaited<ReturnType<typeof startFaultySmtp>> | undefined;
  afterAll(async () => {
    await server?.stop("SIGKILL");
    await smtp?.close();
    await database?.drop();
  });

  it("orders answer 201 at once while SMTP is refused or silent; each mail is retried and delivered once SMTP is back", async () => {
    database = await createTestDatabase(dialect);
    const { dateId, typeId } = await seed(database.db, 500);
    smtp = await startFaultySmtp("refused");
    server = await startServer({
      DATA_DIR: database.dataDir,
      TESSERA_ADMIN_TOKEN: TOKEN,
      JOB_POLL_MS: "100",
      SMTP_URL: smtp.url,
      SMTP_TIMEOUT_MS: String(GREETING_TIMEOUT_MS),
      ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
    });
    const url = server.url;
    const emails: string[] = [];
    /** `count` orders, 4 in flight, each timed from request to answer. */
    const book = async (phase: string, count: number) => {
      const answers: { status: number; ms: number }[] = [];
      let next = 0;
      const buyer = async () => {
        while (next < count) {
          const email = `smtp-${phase}${next++}@example.org`;
          const started = performance.now();
          const res = await fetch(`${url}${ORDERS}`, {
            method: "POST",
            headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
            body: JSON.stringify({ email, positions: [{ ticket_type: typeId, date: dateId }] }),
          });
          await res.arrayBuffer();
          answers.push({ status: res.status, ms: performance.now() - started });
          if (res.status === 201) emails.push(email);
        }
      };
      await Promise.all(Array.from({ length: 4 }, buyer));
      return answers;
    };
    const jobs = () =>
      database.db.kysely
        .selectFrom("jobs")
        .select(["status", "attempts", "last_error"])
        .where("kind", "=", "mail.order")
        .execute();

    // (a) Nothing listens on the SMTP port.
    const refused = await book("refused", 20);
    await until(
      async () => (await jobs()).filter((j) => j.attempts >= 2).length === 20,
      30_000,
      "every mail tried twice against the refused port",
    );
    const refusedErrors = new Set((await jobs()).map((j) => j.last_error));

    // (b) The server accepts and never says a word.
    await smtp.set("silent");
    const silent = await book("silent", 20);
    await until(() => smtp!.gaveUpAfter().length >= 2, 30_000, "two sends given up on the silent server");
    const gaveUpMs = Math.round(Math.max(...smtp.gaveUpAfter()));
    const duringOutage = await jobs();
    const failedTries = duringOutage.reduce((sum, j) => sum + j.attempts, 0);

    // (c) The server is back on the same address.
    await smtp.set("up");
    const back = performance.now();
    const delivered = () => new Set(smtp!.received.flatMap((m) => m.to));
    await until(() => delivered().size >= emails.length, 90_000, "every mail delivered");
    const deliveredMs = elapsedMs(back);
    await until(async () => (await jobs()).every((j) => j.status === "done"), 10_000, "every mail job done");

    const answers = [...refused, ...silent];
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
    expect(p99(silent.map((a) => a.ms))).toBeLessThan(2000);
    expect(refusedErrors).toEqual(new Set(["SMTP ESOCKET (ECONNREFUSED) at CONN"]));
    expect(duringOutage.some((j) => j.last_error === "SMTP ETIMEDOUT (GREETING_TIMEOUT) at CONN")).toBe(true);
    expect(gaveUpMs).toBeLessThan(5 * GREETING_TIMEOUT_MS);
    const lost = emails.filter((e) => !delivered().has(e));
    expect(lost).toEqual([]);
    const final = await jobs();
    expect(final.filter((j) => j.status === "failed")).toHaveLength(0);
    // Neither the log nor the stored errors name a recipient.
    expect(server.output()).not.toMatch(/smtp-(refused|silent)\d+@/);
    expect(final.concat(duringOutage).filter((j) => j.last_error?.includes("@"))).toHaveLength(0);

    recordFault({
      scenario: "Mail server refused, then silent, then back, while buyers book",
      database: dialect,
      fault: `SMTP port closed during 20 orders, then a server that accepts and never greets during 20 more (SMTP_TIMEOUT_MS ${GREETING_TIMEOUT_MS}), then the real server back on the same address`,
      figures: {
        "orders placed": answers.length,
        "answered 201": answers.filter((a) => a.status === 201).length,
        "order p99 ms, SMTP refused": p99(refused.map((a) => a.ms)),
        "order p99 ms, SMTP silent": p99(silent.map((a) => a.ms)),
        "send given up after ms (silent server)": gaveUpMs,
        "failed send tries before SMTP came back": failedTries,
        "mails delivered after SMTP came back": delivered().size,
        "ms until the last one was delivered": deliveredMs,
        "mails lost": lost.length,
        "dead letters": final.filter((j) => j.status === "failed").length,
      },
      outcome:
        "every order 201 without waiting for mail; sends give up after the greeting timeout; every confirmation delivered once SMTP is back, none lost, no address in errors or logs",
    });
  }, 180_000);
});
