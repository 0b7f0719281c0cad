import type { Locale } from "../../platform/i18n/index.js";
import { localized, localizedRows } from "../../platform/i18n/texts.js";

/** The longest description (Markdown) an event may have, in any language. */
export const MAX_DESCRIPTION = 20_000;

/** What an event's and a date's translations may hold, with the default texts' limits. */
export const EVENT_TEXTS = { name: 200, description: MAX_DESCRIPTION } as const;
export const DATE_TEXTS = { name: 200 } as const;

/** The event as a reader in `locale` sees it: name and description in their language where given. */
export const localizedEvent = <E extends { name: string; description?: string; translations: string | null }>(
  event: E,
  locale: Locale,
) => localized(event, locale, ["name", "description"]);

/** Dates with their names in `locale`; an unnamed date stays unnamed. */
export const localizedDates = <D extends { name: string | null; translations: string | null }>(
  dates: readonly D[],
  locale: Locale,
) => localizedRows(dates, locale, ["name"]);
