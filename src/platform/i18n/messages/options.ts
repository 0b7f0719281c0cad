// English is the reference; de and fr are typed by its keys.
// Pages translate a domain error by its code (`error.<code>`).
export const en = {
  "error.option_group_conflict": "Choose at most one option of each group.",
} as const;
export const de: Record<keyof typeof en, string> = {
  "error.option_group_conflict": "Bitte wählen Sie höchstens eine Option pro Gruppe.",
};
export const fr: Record<keyof typeof en, string> = {
  "error.option_group_conflict": "Choisissez au plus une option par groupe.",
};
