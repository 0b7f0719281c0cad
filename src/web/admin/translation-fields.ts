import type { FastifyRequest } from "fastify";
import { html, type SafeHtml } from "../../platform/http/html.js";
import { LOCALE_NAMES, LOCALES } from "../../platform/i18n/index.js";
import { formTranslations, parseTranslations } from "../../platform/i18n/texts.js";

export interface TranslatedField {
  /** The row's field (`name`, `label`, `description`): the inputs post `tr_<locale>_<field>`. */
  name: string;
  label: string;
  multiline?: boolean;
}

/**
 * The organizer's texts per language, folded away under "Translations" so the form stays short. Open
 * when something is filled in already. `values` is a refused post's body (what was typed stays).
 */
export function translationFields(
  req: FastifyRequest,
  form: string,
  fields: TranslatedField[],
  stored: string | null | undefined,
  values?: Record<string, string>,
): SafeHtml {
  const { t } = req;
  const current = parseTranslations(stored);
  const typed = (locale: (typeof LOCALES)[number], field: string) =>
    values ? (values[`tr_${locale}_${field}`] ?? "") : (current[locale]?.[field] ?? "");
  const filled = LOCALES.some((l) => fields.some((f) => typed(l, f.name) !== ""));
  return html`<details class="translations" ${filled ? html`open` : ""}><summary>${t("translations.title")}</summary>
  <p class="hint">${t("translations.hint")}</p>
  ${fields.map(
    (f) =>
      html`<fieldset><legend>${f.label}</legend>${LOCALES.map((locale) => {
        const id = `f-${form}-tr-${locale}-${f.name}`;
        const value = typed(locale, f.name);
        // Labelled by the language alone, inside the field's group: "Name, Deutsch" to a screen reader.
        return f.multiline
          ? html`<label for="${id}">${LOCALE_NAMES[locale]}</label><textarea id="${id}" name="tr_${locale}_${f.name}" lang="${locale}" rows="4">${value}</textarea>`
          : html`<label for="${id}">${LOCALE_NAMES[locale]}</label><input id="${id}" name="tr_${locale}_${f.name}" lang="${locale}" type="text" value="${value}">`;
      })}</fieldset>`,
  )}</details>`;
}

/** What a form posted under translationFields, for the service (undefined: the form had none). */
export const postedTranslations = (body: Record<string, string>, fields: readonly string[]) =>
  formTranslations(body, fields);
