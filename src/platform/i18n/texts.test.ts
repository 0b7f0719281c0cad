import { describe, expect, it } from "vitest";
import { Checker } from "../validation.js";
import { checkTranslations, formTranslations, localized, pickText } from "./texts.js";

describe("organizer texts per language", () => {
  const stored = JSON.stringify({
    de: { name: "Normalpreis" },
    fr: { name: "Plein tarif", description: "" },
  });

  it("picks the reader's language, else the text as entered", () => {
    expect(pickText(stored, "name", "de", "Standard")).toBe("Normalpreis");
    expect(pickText(stored, "name", "en", "Standard")).toBe("Standard");
    expect(pickText(stored, "description", "fr", "As entered")).toBe("As entered");
    expect(pickText(null, "name", "de", "Standard")).toBe("Standard");
    expect(pickText("{not json", "name", "de", "Standard")).toBe("Standard");
  });

  it("localizes a row's fields, leaving a null one (an unnamed date) null", () => {
    const row = { id: 1, name: "Standard", extra: null as string | null, translations: stored };
    expect(localized(row, "fr", ["name", "extra"])).toEqual({ ...row, name: "Plein tarif" });
    expect(localized({ name: null as string | null, translations: stored }, "de", ["name"]).name).toBeNull();
    expect(localized(row, "en", ["name"])).toBe(row);
  });

  it("keeps known languages and fields within their limits, and drops empty texts", () => {
    const check = new Checker();
    const json = checkTranslations(check, { de: { name: " Normalpreis " }, fr: { name: "" } }, { name: 20 });
    expect(check.problems).toEqual([]);
    expect(JSON.parse(json ?? "null")).toEqual({ de: { name: "Normalpreis" } });
    expect(checkTranslations(new Checker(), { fr: { name: "  " } }, { name: 20 })).toBeNull();
    expect(checkTranslations(new Checker(), undefined, { name: 20 })).toBeUndefined();

    const bad = new Checker();
    checkTranslations(
      bad,
      { es: { name: "x" }, de: { colour: "Rot", name: "x".repeat(21) }, fr: "x", constructor: {} },
      { name: 20 },
    );
    expect(bad.problems.map((p) => p.field)).toEqual([
      "translations.es",
      "translations.de.colour",
      "translations.de.name",
      "translations.fr",
      "translations.constructor",
    ]);
  });

  it("reads the admin forms' flat fields", () => {
    expect(formTranslations({ tr_de_name: "Normalpreis", tr_fr_name: "", other: "x" }, ["name"])).toEqual({
      de: { name: "Normalpreis" },
      fr: { name: "" },
    });
    expect(formTranslations({ name: "Standard" }, ["name"])).toBeUndefined();
  });
});
