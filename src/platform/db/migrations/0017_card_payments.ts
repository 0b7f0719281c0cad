import { type Kysely, sql } from "kysely";
import type { Dialect } from "../index.js";

// Forward-only: once landed, never edit this file; add a new migration instead.

// Card payments through Stripe (issue 23): "stripe" joins the providers an account and a payment may
// name. Webhook events are payment_notifications like every other provider's messages; their dedupe
// key makes a replayed event change nothing, so no table is added.
const PROVIDER_CHECKS = [
  { table: "payment_accounts", values: ["manual", "paypal", "lydia"] },
  { table: "payments", values: ["free", "manual", "paypal", "lydia"] },
] as const;

const inList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(", ");

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect === "postgres") {
    for (const { table, values } of PROVIDER_CHECKS) {
      await sql`alter table ${sql.table(table)} drop constraint if exists ${sql.ref(`${table}_provider_check`)}`.execute(
        db,
      );
      await sql`alter table ${sql.table(table)} add constraint ${sql.ref(`${table}_provider_check`)} check (provider in (${sql.raw(inList([...values, "stripe"]))}))`.execute(
        db,
      );
    }
    return;
  }
  await rebuildSqliteTables(db);
}

/**
 * SQLite cannot change a CHECK constraint in place, and the migration runs inside one transaction where
 * foreign keys stay on: dropping a parent table would cascade into its children. So the four payment
 * tables are copied as a family (children pointing at the new parents), the old ones dropped children
 * first, and the new ones renamed; the rename rewrites the references to the final names.
 */
async function rebuildSqliteTables(db: Kysely<unknown>) {
  const family = ["payment_accounts", "event_payment_accounts", "payments", "payment_notifications"];
  const rows = await sql<{ name: string; type: string; sql: string | null; tbl_name: string }>`
    select name, type, sql, tbl_name from sqlite_master
    where tbl_name in (${sql.join(family)}) and sql is not null`.execute(db);
  const renamed = (text: string) =>
    family.reduce((out, name) => out.replaceAll(`"${name}"`, `"${name}__new"`), text);
  for (const name of family) {
    const create = rows.rows.find((r) => r.type === "table" && r.name === name)?.sql;
    if (!create) throw new Error(`0017: table ${name} not found`);
    let next = renamed(create);
    for (const { table, values } of PROVIDER_CHECKS) {
      if (table !== name) continue;
      const before = `in (${inList(values)})`;
      if (!next.includes(before)) throw new Error(`0017: the provider check of ${name} is not as expected`);
      next = next.replace(before, `in (${inList([...values, "stripe"])})`);
    }
    await sql.raw(next).execute(db);
    await sql.raw(`insert into "${name}__new" select * from "${name}"`).execute(db);
  }
  for (const name of [...family].reverse()) await sql.raw(`drop table "${name}"`).execute(db);
  for (const name of family) await sql.raw(`alter table "${name}__new" rename to "${name}"`).execute(db);
  for (const index of rows.rows.filter((r) => r.type === "index")) {
    if (index.sql) await sql.raw(index.sql).execute(db);
  }
}
