import { parseTranslations } from "../../platform/i18n/texts.js";
import { formatMoney } from "../../platform/money.js";
import type { TicketType } from "./service.js";

export function presentTicketType(t: TicketType) {
  return {
    id: t.id,
    name: t.name,
    price: formatMoney(t.price_minor),
    restricted: Boolean(t.restricted),
    audiences: t.audiences,
    sales_start: t.sales_start,
    sales_end: t.sales_end,
    max_per_order: t.max_per_order,
    requires_voucher: Boolean(t.requires_voucher),
    allow_sponsorship: Boolean(t.allow_sponsorship),
    translations: parseTranslations(t.translations),
  };
}
