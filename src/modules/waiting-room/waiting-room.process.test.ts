import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { superadmin } from "../../platform/auth/actor.js";
import { createTestDatabase, dialects, type TestDatabase } from "../../testing/databases.js";
import { ensureBuilt, type ServerProcess, startServer } from "../../testing/processes.js";
import { createEvent } from "../events/service.js";
import { createOrganizer } from "../organizers/service.js";
import { saveRoom } from "./room.js";

type Status = { token: string; state: string; position: number };

// Two app processes on one database: the queue and its counter live there, so whichever process a
// buyer reaches, places follow arrival and admissions follow places.
describe.each(dialects)("a waiting room served by two processes on %s", (dialect) => {
  let database: TestDatabase;
  const servers: ServerProcess[] = [];
  beforeAll(async () => {
    ensureBuilt();
    database = await createTestDatabase(dialect);
    const env = {
      DATA_DIR: database.dataDir,
      ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
    };
    for (let i = 0; i < 2; i++) servers.push(await startServer(env));
  }, 120_000);
  afterAll(async () => {
    for (const s of servers) await s.stop();
    await database?.drop();
  });

  it("gives places in arrival order and admits the first ones once, whichever process answers", async () => {
    const { db } = database;
    const org = await createOrganizer(db, superadmin, { slug: "org", name: "Org" });
    const event = await createEvent(db, superadmin, org, { slug: "sale", name: "Sale", is_series: true });
    const room = (opensAt: number) =>
      saveRoom(db, superadmin, event, {
        enabled: true,
        opens_at: new Date(opensAt).toISOString(),
        admit_per_minute: 24,
      });
    await room(Date.now() + 3_600_000);
    const at = (k: number) => servers[k % 2]?.url ?? "";
    const tokens: string[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await fetch(`${at(i)}/api/v1/waiting-room/org/sale/join`, {
        method: "POST",
        headers: { "x-forwarded-for": `10.0.0.${i + 1}` },
      });
      expect(res.status).toBe(201);
      const body = (await res.json()) as Status;
      expect(body.position).toBe(i + 1);
      tokens.push(body.token);
    }
    // Open a minute ago at 24 a minute: 10 s banked give 4 admissions. Everyone polls at once, each
    // on the other process than the one they joined on.
    await room(Date.now() - 60_000);
    const polls = await Promise.all(
      tokens.map(async (token, i) => {
        const res = await fetch(`${at(i + 1)}/api/v1/waiting-room/org/sale/position`, {
          headers: { "waiting-room-place": token },
        });
        return (await res.json()) as Status;
      }),
    );
    expect(polls.map((p) => p.state)).toEqual([...Array(4).fill("admitted"), ...Array(6).fill("waiting")]);
    expect(polls.slice(4).map((p) => p.position)).toEqual([1, 2, 3, 4, 5, 6]);
    const counter = await db.kysely.selectFrom("waiting_rooms").select("admitted").executeTakeFirstOrThrow();
    expect(counter.admitted).toBe(4);
  });
});
