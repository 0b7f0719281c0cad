import { type Locale, translator } from "../../platform/i18n/index.js";

/** "Anonymous" / "Anonym" / "Anonyme": what lists, exports and API responses show for erased people. */
export function anonymousLabel(locale: Locale = "en"): string {
  return translator(locale)("privacy.anonymous");
}

/** The stored value, or the localized label once the row was anonymized. */
export function personOr<T extends string | null>(
  value: T,
  anonymizedAt: string | null,
  locale: Locale = "en",
): T | string {
  return anonymizedAt === null ? value : anonymousLabel(locale);
}
