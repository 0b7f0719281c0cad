import type { Kysely } from "kysely";
import type { Dialect } from "../index.js";

// Forward-only: once landed, never edit this file; add a new migration instead.
export async function up(_db: Kysely<unknown>, _dialect: Dialect): Promise<void> {}
