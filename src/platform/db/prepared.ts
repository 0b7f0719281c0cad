import { type Compilable, type CompiledQuery, createQueryId, type Kysely, type QueryResult } from "kysely";
import type { Database } from "./schema.js";

/** What a prepared query may be called with: scalars only, each bound to one `?`/`$n`. */
export type PreparedArgument = string | number | null;

interface Template {
  sql: string;
  query: CompiledQuery["query"];
  /** Per bound parameter: the index of the caller's argument, or a constant written in the builder. */
  slots: Array<number | { constant: unknown }>;
}

const MARK = "\u0000tessera-argument:";

/**
 * A hot query built and compiled once per database instead of on every call. Kysely rebuilds and
 * recompiles identical query shapes each time (on a door scan that was a quarter of the CPU); here
 * the builder runs once with a marker in place of each argument, and later calls only put the
 * arguments where the markers were bound. So the builder must use its arguments only as values
 * (no `if` on them, no arrays for `in`): a marker that does not come out as exactly one bound
 * parameter is refused when the query is first compiled.
 */
export function prepared<Args extends PreparedArgument[], O>(
  build: (db: Kysely<Database>, ...args: Args) => Compilable<O>,
) {
  // One template per dialect adapter: a database and its transactions share theirs.
  const templates = new WeakMap<object, Template>();

  function template(db: Kysely<Database>, arity: number): Template {
    const adapter = db.getExecutor().adapter;
    const known = templates.get(adapter);
    if (known) return known;
    const markers = Array.from({ length: arity }, (_, i) => `${MARK}${i}`);
    const compiled = build(db, ...(markers as Args)).compile();
    const seen = new Set<number>();
    const slots = compiled.parameters.map((value) => {
      if (typeof value === "string" && value.startsWith(MARK)) {
        const index = Number(value.slice(MARK.length));
        seen.add(index);
        return index;
      }
      return { constant: value };
    });
    if (seen.size !== arity || compiled.sql.includes(MARK))
      throw new Error("A prepared query must bind each of its arguments as a parameter");
    const made = { sql: compiled.sql, query: compiled.query, slots };
    templates.set(adapter, made);
    return made;
  }

  async function execute(db: Kysely<Database>, ...args: Args): Promise<QueryResult<O>> {
    const { sql, query, slots } = template(db, args.length);
    const parameters = slots.map((slot) => (typeof slot === "number" ? args[slot] : slot.constant));
    return db.executeQuery<O>({ sql, query, parameters, queryId: createQueryId() });
  }

  return {
    execute,
    async all(db: Kysely<Database>, ...args: Args): Promise<O[]> {
      return (await execute(db, ...args)).rows;
    },
    async first(db: Kysely<Database>, ...args: Args): Promise<O | undefined> {
      return (await execute(db, ...args)).rows[0];
    },
  };
}
