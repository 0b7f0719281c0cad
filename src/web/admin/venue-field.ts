import type { FastifyRequest } from "fastify";
import { html, type SafeHtml } from "../../platform/http/html.js";
import { FieldErrors, fieldId } from "../common/forms.js";

/** The venue as a few lines (name, street, town): a textarea, its hint and its problem after a failed post. */
export function venueField(
  req: FastifyRequest,
  form: string,
  value: string,
  hint: string,
  errors?: ReadonlyMap<string, string>,
): SafeHtml {
  const label = req.t("adminEvent.venue");
  const id = fieldId("venue", form);
  const problem = errors instanceof FieldErrors ? errors.sentence("venue", label) : errors?.get("venue");
  const describedBy = [...(problem ? [`${id}-error`] : []), `${id}-hint`].join(" ");
  return html`<label for="${id}">${label}</label>
<textarea id="${id}" name="venue" rows="3" maxlength="2000" aria-describedby="${describedBy}" ${problem ? html`aria-invalid="true"` : ""}>${value}</textarea>
${problem ? html`<div class="field-error" id="${id}-error">${problem}</div>` : ""}<div class="hint" id="${id}-hint">${hint}</div>`;
}
