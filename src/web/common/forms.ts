import type { FastifyReply, FastifyRequest } from "fastify";
import { isDomainError } from "../../platform/errors.js";
import { html, type SafeHtml } from "../../platform/http/html.js";
import { hasMessage, type Translate } from "../../platform/i18n/index.js";
import type { FieldProblem } from "../../platform/validation.js";

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
}

const fieldId = (name: string, form?: string) => (form ? `f-${form}-${name}` : `f-${name}`);

export function field(label: string, name: string, options: FieldOptions = {}): SafeHtml {
  const id = fieldId(name, options.form);
  return html`<label for="${id}">${label}</label>
<input id="${id}" name="${name}" type="${options.type ?? "text"}" value="${options.value ?? ""}"
  ${options.required ? html`required` : ""} ${options.autocomplete ? html`autocomplete="${options.autocomplete}"` : ""}
  ${options.min !== undefined ? html`min="${options.min}"` : ""} ${options.max !== undefined ? html`max="${options.max}"` : ""}
  ${options.placeholder ? html`placeholder="${options.placeholder}"` : ""}
  ${options.hint ? html`aria-describedby="${id}-hint"` : ""}>
${options.hint ? html`<div class="hint" id="${id}-hint">${options.hint}</div>` : ""}`;
}

export function select(
  label: string,
  name: string,
  choices: [value: string, text: string][],
  selected?: string | null,
  form?: string,
): SafeHtml {
  const id = fieldId(name, form);
  return html`<label for="${id}">${label}</label>
<select id="${id}" name="${name}">${choices.map(
    ([value, text]) =>
      html`<option value="${value}" ${value === selected ? html`selected` : ""}>${text}</option>`,
  )}</select>`;
}

/** A form body as plain strings (formbody gives strings; anything else is ignored). */
export function formBody(req: FastifyRequest): Record<string, string> {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) if (typeof value === "string") out[key] = value;
  return out;
}

/** The policy's refusals: who is asking may not do this at all, whatever the form says. */
const REFUSALS = new Set(["forbidden", "unauthenticated", "user_required"]);

/**
 * The message a form shows for a domain error: translated by code, with the offending fields. A
 * refusal is no mistake in the form: it goes on to the error page with its own status (401, 403).
 */
export function errorMessage(t: Translate, error: unknown): string {
  if (!isDomainError(error) || REFUSALS.has(error.code)) throw error;
  const key = `error.${error.code}`;
  const message = hasMessage(key) ? t(key) : error.message;
  const fields = (error.details?.fields as FieldProblem[] | undefined) ?? [];
  if (fields.length === 0) return message;
  return `${message} ${fields.map((f) => `${f.field}: ${f.message}`).join("; ")}`;
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
