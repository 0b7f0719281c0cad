import type { FastifyRequest } from "fastify";
import type { PriceSummary } from "../../modules/catalog/prices.js";

/** A price as a buyer reads it in a summary: "€15", "€12.50" (whole amounts without cents). */
function shortMoney(minor: number, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    trailingZeroDisplay: "stripIfInteger",
  }).format(minor / 100);
}

/** "from €15", "€15" (one price), "Free", "Free – €25"; "" when nothing is on sale to everyone. */
export function priceLabel(req: FastifyRequest, summary: PriceSummary | null | undefined): string {
  if (!summary) return "";
  const { t } = req;
  const money = (minor: number) => shortMoney(minor, summary.currency, req.locale);
  if (summary.max === 0) return t("price.free");
  if (summary.min === summary.max) return money(summary.min);
  if (summary.min === 0) return t("price.freeUpTo", { price: money(summary.max) });
  return t("price.from", { price: money(summary.min) });
}
