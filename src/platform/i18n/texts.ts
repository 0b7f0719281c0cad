import type { Checker } from "../validation.js";
import { isLocale, LOCALES, type Locale } from "./index.js";

/**
 * Organizer texts per language: {"de":{"name":"…"},"fr":{"name":"…","description":"…"}}, stored as
 * JSON text in the row's own `translations` column. The text as entered (the row's `name` …) is the
 * default: a language without its own text shows it.
 */
export type Translations = Partial<Record<Locale, Record<string, string>>>;

/** The stored JSON as an object; anything unreadable counts as no translations (the default shows). */
export function parseTranslations(raw: string | null | undefined): Translations {
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return {};
    const out: Translations = {};
    for (const [locale, fields] of Object.entries(parsed)) {
      if (!isLocale(locale) || typeof fields !== "object" || fields === null) continue;
      const texts = Object.entries(fields).filter(
        (e): e is [string, string] => typeof e[1] === "string" && e[1] !== "",
      );
      if (texts.length > 0) out[locale] = Object.fromEntries(texts);
    }
    return out;
  } catch {
    return {};
  }
}

/** The text of `field` for `locale`, else the default. */
export function pickText(
  raw: string | null | undefined,
  field: string,
  locale: Locale,
  fallback: string,
): string {
  return parseTranslations(raw)[locale]?.[field] ?? fallback;
}

type Translatable = { translations?: string | null };

/**
 * A copy of the row with its translated fields in `locale` (the others as they are): done once where
 * rows are loaded for a reader, so views and mails keep reading `row.name`. A field that is null (an
 * unnamed date) stays null: a translation names what the default names.
 */
export function localized<T extends Translatable>(row: T, locale: Locale, fields: readonly (keyof T)[]): T {
  const texts = parseTranslations(row.translations)[locale];
  if (!texts) return row;
  const copy = { ...row };
  for (const field of fields) {
    const text = texts[field as string];
    if (text !== undefined && typeof copy[field] === "string") copy[field] = text as T[typeof field];
  }
  return copy;
}

export function localizedRows<T extends Translatable>(
  rows: readonly T[],
  locale: Locale,
  fields: readonly (keyof T)[],
): T[] {
  return rows.map((row) => localized(row, locale, fields));
}

/** How long each translatable field of a kind of row may be (the default's own limit). */
export type TranslatableFields = Record<string, number>;

/**
 * Checks `translations` from a form or the API: an object of known locales, each an object of known
 * fields with text up to the field's limit. Returns the JSON to store (null: none), or undefined when
 * the input did not mention translations (keep what is stored). Empty texts are dropped: they mean
 * "use the default".
 */
export function checkTranslations(
  check: Checker,
  value: unknown,
  fields: TranslatableFields,
): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === "") return null;
  if (typeof value !== "object" || Array.isArray(value)) {
    check.problem("translations", "invalid", "must be an object of languages");
    return null;
  }
  const out: Translations = {};
  for (const [locale, texts] of Object.entries(value)) {
    if (!isLocale(locale)) {
      check.problem(`translations.${locale}`, "one_of", `must be one of ${LOCALES.join(", ")}`, {
        allowed: LOCALES.join(", "),
      });
      continue;
    }
    if (texts === null) continue;
    if (typeof texts !== "object" || Array.isArray(texts)) {
      check.problem(`translations.${locale}`, "invalid", "must be an object of texts");
      continue;
    }
    const kept: Record<string, string> = {};
    for (const [field, text] of Object.entries(texts as Record<string, unknown>)) {
      const max = fields[field];
      const name = `translations.${locale}.${field}`;
      if (max === undefined || !Object.hasOwn(fields, field)) {
        check.problem(name, "one_of", `must be one of ${Object.keys(fields).join(", ")}`, {
          allowed: Object.keys(fields).join(", "),
        });
        continue;
      }
      if (text === null || text === undefined) continue;
      if (typeof text !== "string") {
        check.problem(name, "invalid", "must be a text");
        continue;
      }
      const trimmed = text.replace(/\r\n?/g, "\n").trim();
      if (trimmed === "") continue;
      if (trimmed.length > max) {
        check.problem(name, "too_long", `must be at most ${max} characters`, { max });
        continue;
      }
      kept[field] = trimmed;
    }
    if (Object.keys(kept).length > 0) out[locale] = kept;
  }
  return Object.keys(out).length > 0 ? JSON.stringify(out) : null;
}

/**
 * Translations from a form's flat fields `tr_<locale>_<field>` (what the admin disclosure posts), in
 * the shape checkTranslations reads; undefined when the form had none of them.
 */
export function formTranslations(
  body: Record<string, unknown>,
  fields: readonly string[],
): Record<string, Record<string, string>> | undefined {
  let seen = false;
  const out: Record<string, Record<string, string>> = {};
  for (const locale of LOCALES) {
    for (const field of fields) {
      const value = body[`tr_${locale}_${field}`];
      if (typeof value !== "string") continue;
      seen = true;
      out[locale] ??= {};
      out[locale][field] = value;
    }
  }
  return seen ? out : undefined;
}

/** For updates: the checked translations, or `current` when the input did not mention them. */
export function changedTranslations(
  check: Checker,
  value: unknown,
  fields: TranslatableFields,
  current: string | null,
): string | null {
  const checked = checkTranslations(check, value, fields);
  return checked === undefined ? current : checked;
}
