import type { Checker } from "./validation.js";

/** Money is integer minor units everywhere inside; the API speaks decimal strings ("12.50"). */
export function formatMoney(minor: number): string {
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

export function parseMoney(value: unknown): number | null {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : "";
  const match = /^(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "0").padEnd(2, "0"));
}

export function checkMoney(check: Checker, field: string, value: unknown): number {
  const minor = parseMoney(value);
  if (minor === null) {
    check.problem(field, "amount", 'must be an amount like "12.50"');
    return 0;
  }
  return minor;
}

// Building an Intl.NumberFormat costs about as much as a checkout's SQL; mails and pages format many
// amounts in a handful of locale × currency pairs, so each pair's formatter is made once.
const formatters = new Map<string, Intl.NumberFormat>();

export function displayMoney(minor: number, currency: string, locale: string): string {
  const key = `${locale}|${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: "currency", currency });
    if (formatters.size < 1000) formatters.set(key, formatter);
  }
  return formatter.format(minor / 100);
}
