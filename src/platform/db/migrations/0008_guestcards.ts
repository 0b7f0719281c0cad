import { type Kysely, sql } from "kysely";
import { withId } from "../columns.js";
import type { Dialect } from "../index.js";

// Forward-only: once landed, never edit this file; add a new migration instead.
const oneOf = (column: string, values: readonly string[]) =>
  sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

// Guest cards (seed 001). Municipalities keep the numeric ids partners already know (given, not
// generated) and belong to one organizer. A registration form (Meldeschein) has one or more guests;
// each guest has a random 8-character auth code, globally unique (unique index), so a partner lookup
// is one indexed read. Partner clients log in with a username and a hashed password and may query the
// municipalities listed for them.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const s = db.schema;

  await s
    .createTable("municipalities")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("organizer_id", "integer", (c) => c.notNull().references("organizers.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await s.createIndex("municipalities_org_idx").on("municipalities").column("organizer_id").execute();

  await withId(s.createTable("registration_forms"), dialect)
    .addColumn("organizer_id", "integer", (c) => c.notNull().references("organizers.id").onDelete("cascade"))
    .addColumn("municipality_id", "integer", (c) => c.notNull().references("municipalities.id"))
    .addColumn("number", "text", (c) => c.notNull())
    // Calendar dates, YYYY-MM-DD.
    .addColumn("arrival_date", "text", (c) => c.notNull())
    .addColumn("departure_date", "text", (c) => c.notNull())
    .addColumn("travel_days", "integer", (c) => c.notNull())
    .addColumn("overnight_stays", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(oneOf("status", ["active", "cancelled"])))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("cancelled_at", "text")
    .execute();
  await s
    .createIndex("registration_forms_number_uq")
    .on("registration_forms")
    .columns(["municipality_id", "number"])
    .unique()
    .execute();
  await s
    .createIndex("registration_forms_org_idx")
    .on("registration_forms")
    .columns(["organizer_id", "id"])
    .execute();

  await withId(s.createTable("guests"), dialect)
    .addColumn("form_id", "integer", (c) =>
      c.notNull().references("registration_forms.id").onDelete("cascade"),
    )
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("first_name", "text", (c) => c.notNull())
    .addColumn("last_name", "text", (c) => c.notNull())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("tariff_id", "integer", (c) => c.notNull())
    .addColumn("tariff_alias", "text", (c) => c.notNull())
    .addColumn("auth_code", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await s.createIndex("guests_auth_code_uq").on("guests").column("auth_code").unique().execute();
  await s.createIndex("guests_form_idx").on("guests").columns(["form_id", "position"]).execute();

  await withId(s.createTable("partner_clients"), dialect)
    .addColumn("organizer_id", "integer", (c) => c.notNull().references("organizers.id").onDelete("cascade"))
    .addColumn("username", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_login_at", "text")
    .addColumn("disabled_at", "text")
    .execute();
  await s
    .createIndex("partner_clients_username_uq")
    .on("partner_clients")
    .column("username")
    .unique()
    .execute();

  await s
    .createTable("partner_client_municipalities")
    .addColumn("client_id", "integer", (c) =>
      c.notNull().references("partner_clients.id").onDelete("cascade"),
    )
    .addColumn("municipality_id", "integer", (c) =>
      c.notNull().references("municipalities.id").onDelete("cascade"),
    )
    .addPrimaryKeyConstraint("partner_client_municipalities_pk", ["client_id", "municipality_id"])
    .execute();
}
