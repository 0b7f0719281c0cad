// English is the reference; de and fr are typed by its keys.
// The organizer's own texts per language (platform/i18n/texts.ts): the admin forms' disclosure.
export const en = {
  "translations.title": "Translations",
  "translations.hint": "The texts in other languages. Left empty, a language shows the text above.",
} as const;
export const de: Record<keyof typeof en, string> = {
  "translations.title": "Übersetzungen",
  "translations.hint": "Die Texte in anderen Sprachen. Leer gelassen, zeigt eine Sprache den Text oben.",
};
export const fr: Record<keyof typeof en, string> = {
  "translations.title": "Traductions",
  "translations.hint":
    "Les textes dans d’autres langues. Laissée vide, une langue affiche le texte ci-dessus.",
};
