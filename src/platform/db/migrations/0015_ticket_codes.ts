import type { Kysely } from "kysely";
import { readableCode } from "../../codes.js";
import type { Dialect } from "../index.js";

// Forward-only: once landed, never edit this file; add a new migration instead.

// A short code per ticket (issue 23) that people can read off paper and type: at the door when the QR
// code will not scan, and as the security code of an experience booking. Stored ungrouped (8
// characters of the readable alphabet, ~40 bits); printed grouped as `K7QM-4XPT`.
// The column stays nullable: SQLite cannot add a NOT NULL column without a default. Every insert
// sets it, and the unique index (which allows any number of nulls in both dialects) keeps codes apart.
const LENGTH = 8;
const BATCH = 500;

type Positions = { order_positions: { id: number; ticket_code: string | null } };

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable("order_positions").addColumn("ticket_code", "text").execute();
  await backfillTicketCodes(db);
  await db.schema
    .createIndex("order_positions_ticket_code_idx")
    .on("order_positions")
    .column("ticket_code")
    .unique()
    .execute();
}

/**
 * Select then update, batch by batch: the same statements on both databases. Runs before the unique
 * index exists and no code exists yet, so remembering the ones handed out here keeps them apart.
 */
export async function backfillTicketCodes(db: Kysely<unknown>, batch = BATCH): Promise<void> {
  const kysely = db as unknown as Kysely<Positions>;
  const given = new Set<string>();
  const fresh = () => {
    let code = readableCode(LENGTH);
    while (given.has(code)) code = readableCode(LENGTH);
    given.add(code);
    return code;
  };
  let after = 0;
  for (;;) {
    const rows = await kysely
      .selectFrom("order_positions")
      .select("id")
      .where("id", ">", after)
      .where("ticket_code", "is", null)
      .orderBy("id")
      .limit(batch)
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      await kysely
        .updateTable("order_positions")
        .set({ ticket_code: fresh() })
        .where("id", "=", row.id)
        .execute();
    }
    after = rows[rows.length - 1]?.id ?? after;
  }
}
