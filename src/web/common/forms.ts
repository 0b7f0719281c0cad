import type { FastifyReply, FastifyRequest } from "fastify";
import { html, type SafeHtml } from "../../platform/http/html.js";
import type { Translate } from "../../platform/i18n/index.js";
import { FieldErrors, fieldErrors } from "./field-errors.js";

export { FieldErrors, fieldErrors } from "./field-errors.js";

export interface FieldOptions {
  /** Distinguishes fields of the same name in several forms on one page (ids must be unique). */
  form?: string;
  type?: string;
  value?: string | number | null;
  required?: boolean;
  autocomplete?: string;
  hint?: string;
  min?: number;
  max?: number;
  placeholder?: string;
  /** A failed post's problems by field name (fieldErrors): this field's sentence is shown at it. */
  errors?: ReadonlyMap<string, string>;
  /** Extra attributes a script hooks on, e.g. the slug a name fills in (data-slug-from). */
  data?: Record<string, string>;
}

export const fieldId = (name: string, form?: string) => (form ? `f-${form}-${name}` : `f-${name}`);

/** The message shown at an input and the attributes that tie it to the input for screen readers. */
function problemAt(id: string, label: string, name: string, errors?: ReadonlyMap<string, string>) {
  const sentence = errors instanceof FieldErrors ? errors.sentence(name, label) : errors?.get(name);
  return {
    message: sentence ? html`<div class="field-error" id="${id}-error">${sentence}</div>` : html``,
    invalid: sentence ? html`aria-invalid="true"` : html``,
    describedBy: sentence ? [`${id}-error`] : [],
  };
}

export function field(label: string, name: string, options: FieldOptions = {}): SafeHtml {
  const id = fieldId(name, options.form);
  const problem = problemAt(id, label, name, options.errors);
  const describedBy = [...problem.describedBy, ...(options.hint ? [`${id}-hint`] : [])].join(" ");
  const data = Object.entries(options.data ?? {}).map(([k, v]) => html` data-${k}="${v}"`);
  return html`<label for="${id}">${label}</label>
<input id="${id}" name="${name}" type="${options.type ?? "text"}" value="${options.value ?? ""}"
  ${options.required ? html`required` : ""} ${options.autocomplete ? html`autocomplete="${options.autocomplete}"` : ""}
  ${options.min !== undefined ? html`min="${options.min}"` : ""} ${options.max !== undefined ? html`max="${options.max}"` : ""}
  ${options.placeholder ? html`placeholder="${options.placeholder}"` : ""} ${problem.invalid}${data}
  ${describedBy ? html`aria-describedby="${describedBy}"` : ""}>${problem.message}
${options.hint ? html`<div class="hint" id="${id}-hint">${options.hint}</div>` : ""}`;
}

export function select(
  label: string,
  name: string,
  choices: [value: string, text: string][],
  selected?: string | null,
  form?: string,
  errors?: ReadonlyMap<string, string>,
): SafeHtml {
  const id = fieldId(name, form);
  const problem = problemAt(id, label, name, errors);
  const describedBy = problem.describedBy.join(" ");
  return html`<label for="${id}">${label}</label>
<select id="${id}" name="${name}" ${problem.invalid} ${describedBy ? html`aria-describedby="${describedBy}"` : ""}>${choices.map(
    ([value, text]) =>
      html`<option value="${value}" ${value === selected ? html`selected` : ""}>${text}</option>`,
  )}</select>${problem.message}`;
}

/** A form body as plain strings (formbody gives strings; anything else is ignored). */
export function formBody(req: FastifyRequest): Record<string, string> {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) if (typeof value === "string") out[key] = value;
  return out;
}

/**
 * The message a form shows for a domain error: translated by code, with each offending field's
 * sentence. A refusal is no mistake in the form: it goes on to the error page with its own status.
 */
export function errorMessage(t: Translate, error: unknown): string {
  const errors = fieldErrors(t, error);
  return [errors.message, ...errors.values()].join(" ");
}

/**
 * The top of a form after a failed post: the message and, when fields are at fault, each one's sentence
 * linking to its input (the input itself shows it too, see field()).
 */
export function errorSummary(errors: FieldErrors | undefined): SafeHtml {
  if (!errors) return html``;
  if (errors.size === 0) return html`<div class="alert error" role="alert">${errors.message}</div>`;
  return html`<div class="alert error error-summary" role="alert"><p>${errors.message}</p><ul>${[
    ...errors.entries(),
  ].map(
    ([name, sentence]) =>
      html`<li><a class="problem-link" href="#${fieldId(name, errors.form)}">${sentence}</a></li>`,
  )}</ul></div>`;
}

/** Post/redirect/get with a one-shot flash message in the query string (translated message keys only). */
export function redirectWithFlash(reply: FastifyReply, to: string, flash: string) {
  const sep = to.includes("?") ? "&" : "?";
  return reply.redirect(`${to}${sep}flash=${encodeURIComponent(flash)}`, 303);
}

/** A checkbox posts a hidden "false" and, when ticked, "true" after it under one name: the last one wins. */
export function lastFormValue(body: unknown, name: string): unknown {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return Array.isArray(value) ? value.at(-1) : value;
}
