import { describe, expect, it } from "vitest";
import { domainError } from "../../platform/errors.js";
import { type Locale, translator } from "../../platform/i18n/index.js";
import { Checker } from "../../platform/validation.js";
import { errorMessage, field, fieldErrors } from "./forms.js";

/** The problems a Checker finds in `fill`, as the page in `locale` says them. */
function sentences(locale: Locale, fill: (check: Checker) => void): string[] {
  const check = new Checker();
  fill(check);
  try {
    check.done();
  } catch (error) {
    return [...fieldErrors(translator(locale), error).values()];
  }
  return [];
}

describe("field messages", () => {
  it("says each kind of problem as a sentence about the field, in three languages", () => {
    const kinds = (check: Checker) => {
      check.text("name", "");
      check.text("location", "ab", { min: 3 });
      check.text("school", "x".repeat(9), { max: 8 });
      check.email("email", "nobody");
      check.slug("slug", "Not a slug");
      check.optionalInt("quantity", "0", 1, 10);
      check.dateTime("starts_at", "tomorrow-ish");
      check.oneOf("role", "king", ["member", "owner"] as const);
      check.timeZone("time_zone", "Mars/Olympus");
    };
    expect(sentences("en", kinds)).toEqual([
      "The name is required.",
      "The location needs at least 3 characters.",
      "The school must be at most 8 characters.",
      "The e-mail address must be an e-mail address like name@example.org.",
      "The short name may only hold lowercase letters, digits and dashes, e.g. spring-festival.",
      "The quantity must be a whole number from 1 to 10.",
      "The start must be a date and time.",
      "The role: please choose one of the options.",
      "The time zone must be a time zone like Europe/Berlin.",
    ]);
    expect(sentences("de", kinds)).toEqual([
      "Der Name ist ein Pflichtfeld.",
      "Der Ort braucht mindestens 3 Zeichen.",
      "Die Schule darf höchstens 8 Zeichen lang sein.",
      "Die E-Mail-Adresse muss eine E-Mail-Adresse wie name@example.org sein.",
      "Der Kurzname darf nur Kleinbuchstaben, Ziffern und Bindestriche enthalten, z. B. fruehlingsfest.",
      "Die Anzahl muss eine ganze Zahl von 1 bis 10 sein.",
      "Der Beginn muss ein Datum mit Uhrzeit sein.",
      "Die Rolle: Bitte wählen Sie eine der Möglichkeiten.",
      "Die Zeitzone muss eine Zeitzone wie Europe/Berlin sein.",
    ]);
    expect(sentences("fr", kinds)).toEqual([
      "Le nom est obligatoire.",
      "Le lieu doit comporter au moins 3 caractères.",
      "L’école doit comporter au plus 8 caractères.",
      "L’adresse e-mail doit être une adresse e-mail comme nom@example.org.",
      "Le nom court ne peut contenir que des minuscules, des chiffres et des tirets, par ex. gala-de-printemps.",
      "La quantité doit être un nombre entier de 1 à 10.",
      "Le début doit être une date et une heure.",
      "Le rôle : veuillez choisir l’une des options.",
      "Le fuseau horaire doit être un fuseau horaire comme Europe/Paris.",
    ]);
  });

  it("starts with the form's label where no subject is known, and keeps the reason in English", () => {
    const t = translator("en");
    const errors = fieldErrors(
      t,
      domainError("validation_failed", "Invalid", 400, {
        fields: [
          {
            field: "doors_close",
            code: "after",
            message: "must be after doors_open",
            params: { other: "doors_open" },
          },
          { field: "positions", message: "must list at least one ticket" },
        ],
      }),
    );
    expect(errors.sentence("doors_close", "Doors close")).toBe("Doors close must be after “Doors open”.");
    expect(errors.get("positions")).toBe("Positions: must list at least one ticket.");
    expect(translator("de")("validation.invalid", { subject: "Positionen" })).toBe(
      "Positionen ist ungültig.",
    );
  });

  it("marks the input, keeps errorMessage's one line, and lets a refusal through to the error page", () => {
    const t = translator("en");
    const check = new Checker();
    check.password("password", "short");
    let failure: unknown;
    try {
      check.done();
    } catch (error) {
      failure = error;
    }
    const html = field("New password", "password", {
      type: "password",
      errors: fieldErrors(t, failure),
    }).value;
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('aria-describedby="f-password-error"');
    expect(errorMessage(t, failure)).toBe(
      "Please check your input. The password needs at least 10 characters.",
    );
    expect(() => errorMessage(t, domainError("forbidden", "no", 403))).toThrow("no");
    // Any Map of sentences will do for a field, not only fieldErrors'.
    expect(field("Code", "code", { errors: new Map([["code", "Taken."]]) }).value).toContain("Taken.");
  });
});
