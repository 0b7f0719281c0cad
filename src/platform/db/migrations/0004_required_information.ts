import { type Kysely, sql } from "kysely";
import { withId } from "../columns.js";
import type { Dialect } from "../index.js";

// Forward-only: once landed, never edit this file; add a new migration instead.
const oneOf = (column: string, values: readonly string[]) =>
  sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

// Required information (seed 003, "informations supplémentaires"): fields defined per ticket type, each
// blocking payment or admission until its value is filled. The kind is fixed at creation. Values live
// per position (ticket); an admin's validation is a one-way stamp. Uploaded files are bytes on disk
// under DATA_DIR/uploads/<random key>; only their metadata is here.
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const s = db.schema;

  await withId(s.createTable("information_fields"), dialect)
    .addColumn("ticket_type_id", "integer", (c) =>
      c.notNull().references("ticket_types.id").onDelete("cascade"),
    )
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) =>
      c.notNull().check(oneOf("kind", ["text", "number", "choice", "date", "file", "boolean"])),
    )
    .addColumn("required", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("blocks", "text", (c) => c.notNull().check(oneOf("blocks", ["payment", "admission"])))
    // JSON array of strings for choice fields; null otherwise.
    .addColumn("choices", "text")
    // File fields: the largest accepted upload and a JSON array of accepted MIME types.
    .addColumn("max_bytes", "integer", (c) => c.check(sql`max_bytes is null or max_bytes > 0`))
    .addColumn("allowed_types", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await s
    .createIndex("information_fields_tt_idx")
    .on("information_fields")
    .column("ticket_type_id")
    .execute();

  // One row per (ticket, field) once somebody wrote it; no row = not filled. `value` is the normalised
  // text form (numbers as decimal text, dates as YYYY-MM-DD, booleans as "true"/"false").
  await s
    .createTable("information_values")
    .addColumn("position_id", "integer", (c) =>
      c.notNull().references("order_positions.id").onDelete("cascade"),
    )
    .addColumn("field_id", "integer", (c) =>
      c.notNull().references("information_fields.id").onDelete("cascade"),
    )
    .addColumn("value", "text")
    .addColumn("file_key", "text")
    .addColumn("file_type", "text")
    .addColumn("file_size", "integer", (c) => c.check(sql`file_size is null or file_size >= 0`))
    .addColumn("file_name", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("updated_by", "text", (c) => c.notNull())
    .addColumn("validated_at", "text")
    .addColumn("validated_by", "text")
    .addPrimaryKeyConstraint("information_values_pk", ["position_id", "field_id"])
    .execute();
  await s.createIndex("information_values_field_idx").on("information_values").column("field_id").execute();
}
