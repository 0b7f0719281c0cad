import { sql } from "kysely";
import type { DbHandle } from "../../platform/db/index.js";
import { isoNow } from "../../platform/time.js";

/** A named position in a stream (an id, a provider cursor), with what its last run did. */
export async function readCursor(db: DbHandle, name: string): Promise<string> {
  const row = await db.selectFrom("sync_cursors").select("value").where("name", "=", name).executeTakeFirst();
  if (row) return row.value;
  await db
    .insertInto("sync_cursors")
    .values({ name, value: "0", last_run_at: null, last_error: null })
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
  return "0";
}

/**
 * Moves a cursor from what was read to where the batch ended, in the batch's own transaction. The
 * condition on the old value makes a second process that read the same batch fail here and roll back:
 * no batch is applied twice, none is lost.
 */
export async function advanceCursor(db: DbHandle, name: string, from: string, to: string, count: number) {
  const result = await db
    .updateTable("sync_cursors")
    .set({
      value: to,
      last_run_at: isoNow(),
      last_count: count,
      total_count: sql`total_count + ${count}`,
      last_error: null,
    })
    .where("name", "=", name)
    .where("value", "=", from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function recordCursorError(db: DbHandle, name: string, error: string) {
  await db
    .updateTable("sync_cursors")
    .set({ last_error: error.slice(0, 500), last_run_at: isoNow() })
    .where("name", "=", name)
    .execute();
}

export class CursorMoved extends Error {
  constructor(name: string) {
    super(`Cursor ${name} was moved by another process`);
    this.name = "CursorMoved";
  }
}
