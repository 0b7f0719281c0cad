import { type Kysely, sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../testing/app.js";
import { dialects } from "../../../testing/databases.js";
import { seedSeries } from "../../../testing/ticketing.js";
import { backfillTicketCodes } from "./0015_ticket_codes.js";

describe.each(dialects)("migration 0015 (ticket codes) on %s", (dialect) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it("gives every ticket written before it a code of its own, batch by batch", async () => {
    t = await createTestApp(dialect);
    const { call, ev, typeId, dateId } = await seedSeries(t);
    const positions = Array.from({ length: 5 }, (_, i) => ({
      ticket_type: typeId,
      date: dateId,
      attendee_name: `Guest ${i}`,
    }));
    await call("POST", `${ev}/orders`, { email: "old@example.org", positions }, { expect: 201 });
    // The tickets as they were before 0015: no code and no index.
    const db = t.ctx.db.kysely;
    await sql`drop index order_positions_ticket_code_idx`.execute(db);
    await db.updateTable("order_positions").set({ ticket_code: null }).execute();

    await backfillTicketCodes(db as unknown as Kysely<unknown>, 2);
    const rows = await db.selectFrom("order_positions").select("ticket_code").execute();
    expect(rows).toHaveLength(5);
    for (const row of rows) expect(row.ticket_code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}$/);
    expect(new Set(rows.map((r) => r.ticket_code)).size).toBe(5);
  });
});
