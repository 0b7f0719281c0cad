import { isDomainError } from "../../platform/errors.js";
import { hasMessage, type Translate } from "../../platform/i18n/index.js";
import type { FieldProblem } from "../../platform/validation.js";

/** The policy's refusals: who is asking may not do this at all, whatever the form says. */
const REFUSALS = new Set(["forbidden", "unauthenticated", "user_required"]);

/** A refusal is no mistake in the form: it goes on to the error page with its own status (401, 403). */
export function rethrowRefusal(error: unknown): asserts error is { code: string; message: string } {
  if (!isDomainError(error) || REFUSALS.has(error.code)) throw error;
}

const camel = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const lastPart = (field: string) => field.split(".").at(-1) ?? field;

/** A field's label where the form does not say it: the catalog's, else the name made readable. */
export function defaultLabel(t: Translate, field: string): string {
  const name = lastPart(field);
  const key = `field.${camel(name)}`;
  if (hasMessage(key)) return t(key);
  // A name a person wrote (a CSV line: "line 2: email") stays as it is; a plain field name is spelled out.
  if (!/^[a-z0-9_]+$/.test(name)) return field;
  const words = name.replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * One problem as a sentence in the reader's language, the field as its subject: "Das Passwort braucht
 * mindestens 10 Zeichen." Problems without a known code say which field, in English the reason too.
 */
export function problemSentence(t: Translate, problem: FieldProblem, label?: string): string {
  const name = lastPart(problem.field);
  const code = problem.code ?? "invalid";
  const params: Record<string, string | number> = { ...problem.params, detail: problem.message };
  if (typeof params.other === "string") params.other = defaultLabel(t, params.other);
  const special = `validation.${code}.${name}`;
  if (hasMessage(special)) return t(special, params);
  const subjectKey = `validation.subject.${name}`;
  const subject = hasMessage(subjectKey) ? t(subjectKey) : (label ?? defaultLabel(t, problem.field));
  const key = `validation.${code}`;
  return t(hasMessage(key) ? key : "validation.invalid", { ...params, subject });
}

/**
 * What a form shows after a failed post: the translated message on top and, by field name, the
 * sentence next to each offending input (a Map, so any field helper can take it).
 */
export class FieldErrors extends Map<string, string> {
  constructor(
    private readonly t: Translate,
    readonly message: string,
    readonly problems: FieldProblem[],
    /** The form's id prefix (field ids are f-<form>-<name>), for the summary's links. */
    readonly form?: string,
  ) {
    super();
    for (const p of problems) if (!this.has(p.field)) this.set(p.field, problemSentence(t, p));
  }

  /** The sentence for a field, with the form's own label where the catalog knows no subject. */
  sentence(name: string, label?: string): string | undefined {
    const problem = this.problems.find((p) => p.field === name);
    return problem ? problemSentence(this.t, problem, label) : undefined;
  }
}

/** The problems of a failed form post; a refusal is thrown on (see rethrowRefusal). */
export function fieldErrors(t: Translate, error: unknown, form?: string): FieldErrors {
  rethrowRefusal(error);
  const key = `error.${error.code}`;
  const message = hasMessage(key) ? t(key) : error.message;
  const details = isDomainError(error) ? error.details : undefined;
  return new FieldErrors(t, message, (details?.fields as FieldProblem[] | undefined) ?? [], form);
}
