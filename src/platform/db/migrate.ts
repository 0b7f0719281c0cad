import { type Kysely, type Migration, type MigrationResult, Migrator, sql } from "kysely";
import type { Db, Dialect } from "./index.js";
import * as foundation from "./migrations/0001_foundation.js";
import * as ticketing from "./migrations/0002_ticketing.js";
import * as options from "./migrations/0003_options.js";
import * as requiredInformation from "./migrations/0004_required_information.js";
import * as paymentsDocumentsExports from "./migrations/0005_payments_documents_exports.js";
import * as checkin from "./migrations/0006_checkin.js";
import * as rooms from "./migrations/0007_rooms.js";
import * as guestcards from "./migrations/0008_guestcards.js";
import * as experiences from "./migrations/0009_experiences.js";
import * as wallet from "./migrations/0010_wallet.js";
import * as privacy from "./migrations/0011_privacy.js";
import * as backoffice from "./migrations/0012_backoffice.js";
import * as idempotency from "./migrations/0013_idempotency.js";
import * as waitingRoom from "./migrations/0014_waiting_room.js";
import * as ticketCodes from "./migrations/0015_ticket_codes.js";
import * as emailConfirmation from "./migrations/0016_email_confirmation.js";
import * as cardPayments from "./migrations/0017_card_payments.js";
import * as venues from "./migrations/0018_venues.js";
import * as translations from "./migrations/0019_translations.js";
import * as testMode from "./migrations/0020_test_mode.js";
import type { Database } from "./schema.js";

type DialectMigration = { up(db: Kysely<unknown>, dialect: Dialect): Promise<void> };

// Order is by name; append new migrations here.
const MIGRATIONS: Record<string, DialectMigration> = {
  "0001_foundation": foundation,
  "0002_ticketing": ticketing,
  "0003_options": options,
  "0004_required_information": requiredInformation,
  "0005_payments_documents_exports": paymentsDocumentsExports,
  "0006_checkin": checkin,
  "0007_rooms": rooms,
  "0008_guestcards": guestcards,
  "0009_experiences": experiences,
  "0010_wallet": wallet,
  "0011_privacy": privacy,
  "0012_backoffice": backoffice,
  "0013_idempotency": idempotency,
  "0014_waiting_room": waitingRoom,
  "0015_ticket_codes": ticketCodes,
  "0016_email_confirmation": emailConfirmation,
  "0017_card_payments": cardPayments,
  "0018_venues": venues,
  "0019_translations": translations,
  "0020_test_mode": testMode,
};

function providerFor(dialect: Dialect) {
  const migrations: Record<string, Migration> = {};
  for (const [name, migration] of Object.entries(MIGRATIONS)) {
    migrations[name] = { up: (db) => migration.up(db, dialect) };
  }
  return { getMigrations: async () => migrations };
}

// Arbitrary constant shared by every Tessera process: serialises concurrent starts on PostgreSQL.
const MIGRATION_LOCK_KEY = 7_265_001;

export async function migrateToLatest(db: Db): Promise<MigrationResult[]> {
  const run = async (kysely: Kysely<Database>, disableTransactions = false) => {
    const migrator = new Migrator({ db: kysely, provider: providerFor(db.dialect), disableTransactions });
    const { error, results } = await migrator.migrateToLatest();
    if (error) throw error;
    return results ?? [];
  };
  if (db.dialect === "sqlite") {
    // Kysely's SQLite lock is a no-op; BEGIN IMMEDIATE takes the write lock before anything is read,
    // so a second process waits (busy_timeout) and then finds the migrations done.
    return db.kysely.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
        const results = await run(conn, true);
        await sql`commit`.execute(conn);
        return results;
      } catch (error) {
        await sql`rollback`.execute(conn);
        throw error;
      }
    });
  }
  // Kysely's own lock table cannot protect the creation of that very table, so two processes
  // starting at once would race on it: an advisory lock on one pinned connection covers it all.
  return db.kysely.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(conn);
    try {
      return await run(conn);
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(conn);
    }
  });
}
