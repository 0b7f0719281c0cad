import type { Db } from "../../platform/db/index.js";
import type { Locale } from "../../platform/i18n/index.js";
import { localizedRows, parseTranslations } from "../../platform/i18n/texts.js";

/**
 * The catalog as a reader in `locale` sees it: ticket types, options and groups with their names in
 * that language where the organizer gave one. Applied once where the rows are loaded for a page; the
 * checkout itself keeps the rows as entered (what it copies into an order stays as booked).
 */
export const localizedTypes = <T extends { name: string; translations: string | null }>(
  rows: readonly T[],
  locale: Locale,
) => localizedRows(rows, locale, ["name"]);

export const localizedOptions = localizedTypes;

/**
 * Positions of an order with the ticket type's name in `locale` (one query for the order's types). The
 * options chosen stay as booked: their names were copied into the order.
 */
export async function localizedPositions<P extends { ticket_type_id: number; ticket_type_name: string }>(
  db: Db,
  positions: readonly P[],
  locale: Locale,
): Promise<P[]> {
  if (positions.length === 0) return [];
  const rows = await db.kysely
    .selectFrom("ticket_types")
    .select(["id", "translations"])
    .where("id", "in", [...new Set(positions.map((p) => p.ticket_type_id))])
    .execute();
  const names = new Map(
    rows.flatMap((r) => {
      const name = parseTranslations(r.translations)[locale]?.name;
      return name ? [[r.id, name] as const] : [];
    }),
  );
  return positions.map((p) => {
    const name = names.get(p.ticket_type_id);
    return name ? { ...p, ticket_type_name: name } : p;
  });
}
