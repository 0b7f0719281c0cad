import { Type } from "typebox";
import { Nullable } from "../platform/http/schemas.js";
import { LOCALES } from "../platform/i18n/index.js";

/**
 * `translations` of an organizer text: per language the fields it translates, each up to its default's
 * length. Unknown languages and fields are refused (400), so a typo never silently shows the default.
 */
export function TranslationsBody(fields: Record<string, number>) {
  const texts = Type.Object(
    Object.fromEntries(
      Object.entries(fields).map(([field, max]) => [
        field,
        Type.Optional(Nullable(Type.String({ maxLength: max }))),
      ]),
    ),
    { additionalProperties: false },
  );
  return Nullable(
    Type.Object(Object.fromEntries(LOCALES.map((locale) => [locale, Type.Optional(Nullable(texts))])), {
      additionalProperties: false,
      description:
        'texts per language, e.g. {"de":{"name":"…"}}; a language without one shows the default. Replaces ' +
        "what is stored; null clears",
    }),
  );
}

export function TranslationsOut(fields: Record<string, number>) {
  const texts = Type.Object(
    Object.fromEntries(Object.keys(fields).map((field) => [field, Type.Optional(Type.String())])),
  );
  return Type.Object(Object.fromEntries(LOCALES.map((locale) => [locale, Type.Optional(texts)])), {
    description: "the texts given per language; absent: the default shows",
  });
}
