import { afterEach, describe, expect, it, vi } from "vitest";
import { createTestDatabase, dialects, type TestDatabase } from "../../testing/databases.js";
import { backoffMs, claimNext, enqueue } from "./queue.js";
import { createWorker } from "./worker.js";

const quietLog = { warn() {}, error() {} };

describe.each(dialects)("job queue on %s", (dialect) => {
  let database: TestDatabase;
  afterEach(async () => database?.drop());

  it("runs a job once and marks it done", async () => {
    database = await createTestDatabase(dialect);
    const seen: unknown[] = [];
    await enqueue(database.db, "echo", { n: 1 });
    const worker = createWorker(
      database.db,
      new Map([["echo", async (p: unknown) => void seen.push(p)]]),
      quietLog,
    );
    expect(await worker.drain()).toBe(1);
    expect(await worker.drain()).toBe(0);
    expect(seen).toEqual([{ n: 1 }]);
    const job = await database.db.kysely.selectFrom("jobs").selectAll().executeTakeFirstOrThrow();
    expect(job.status).toBe("done");
    expect(job.attempts).toBe(1);
  });

  it("gives a job up at once when its handler says no retry can cure the failure", async () => {
    database = await createTestDatabase(dialect);
    const id = await enqueue(database.db, "bounce", {}, { maxAttempts: 15 });
    const final = Object.assign(new Error("mailbox unknown"), { permanent: true });
    const worker = createWorker(
      database.db,
      new Map([["bounce", async () => Promise.reject(final)]]),
      quietLog,
    );
    await worker.drain();
    const job = await database.db.kysely
      .selectFrom("jobs")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: "failed", attempts: 1, last_error: "mailbox unknown" });
  });

  it("runs a lane's kinds apart: a mail that hangs does not hold up an export queued after it", async () => {
    database = await createTestDatabase(dialect);
    await enqueue(database.db, "mail", {});
    await enqueue(database.db, "export", {});
    let releaseMail = () => {};
    const ran: string[] = [];
    const worker = createWorker(
      database.db,
      new Map([
        [
          "mail",
          () => new Promise<void>((resolve) => (releaseMail = resolve)).then(() => void ran.push("mail")),
        ],
        ["export", async () => void ran.push("export")],
      ]),
      quietLog,
      [],
      [["mail"]],
    );
    worker.start(10);
    await vi.waitFor(() => expect(ran).toEqual(["export"]));
    releaseMail();
    await vi.waitFor(() => expect(ran).toEqual(["export", "mail"]));
    await worker.stop();
    const statuses = await database.db.kysely
      .selectFrom("jobs")
      .select(["kind", "status"])
      .orderBy("id")
      .execute();
    expect(statuses).toEqual([
      { kind: "mail", status: "done" },
      { kind: "export", status: "done" },
    ]);
  });

  it("retries a failing job with growing backoff, then gives up", async () => {
    database = await createTestDatabase(dialect);
    const id = await enqueue(database.db, "flaky", {}, { maxAttempts: 2 });
    const worker = createWorker(
      database.db,
      new Map([["flaky", async () => Promise.reject(new Error("smtp down"))]]),
      quietLog,
    );
    await worker.drain();
    let job = await database.db.kysely
      .selectFrom("jobs")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(job.status).toBe("pending");
    expect(job.last_error).toBe("smtp down");
    expect(Date.parse(job.run_at)).toBeGreaterThan(Date.now());
    // Due again: make it due now and run the last attempt.
    await database.db.kysely
      .updateTable("jobs")
      .set({ run_at: new Date(0).toISOString() })
      .execute();
    await worker.drain();
    job = await database.db.kysely
      .selectFrom("jobs")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(job.status).toBe("failed");
    expect(job.attempts).toBe(2);
    expect(backoffMs(1)).toBeLessThan(backoffMs(2));
  });

  it("reclaims a job whose worker died (lease expired)", async () => {
    database = await createTestDatabase(dialect);
    await enqueue(database.db, "k", {});
    const first = await claimNext(database.db);
    expect(first).toBeDefined();
    expect(await claimNext(database.db)).toBeUndefined();
    const later = () => new Date(Date.now() + 10 * 60_000);
    const again = await claimNext(database.db, later);
    expect(again?.id).toBe(first?.id);
    expect(again?.attempts).toBe(2);
  });

  it("parallel claims never hand one job to two workers", async () => {
    database = await createTestDatabase(dialect);
    const total = 40;
    for (let i = 0; i < total; i++) await enqueue(database.db, "k", { i });
    const claims = await Promise.all(Array.from({ length: 60 }, () => claimNext(database.db)));
    const ids = claims.filter((c) => c !== undefined).map((c) => c.id);
    expect(ids.length).toBe(total);
    expect(new Set(ids).size).toBe(total);
  });
});
