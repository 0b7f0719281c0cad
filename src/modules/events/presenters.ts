import type { Selectable } from "kysely";
import type { EventDatesTable } from "../../platform/db/schema.js";
import { parseTranslations } from "../../platform/i18n/texts.js";
import { coverPath } from "./presentation.js";
import type { EventRow } from "./service.js";

export function presentEvent(event: EventRow) {
  return {
    id: event.id,
    slug: event.slug,
    name: event.name,
    is_series: event.kind === "series",
    kind: event.kind,
    currency: event.currency,
    visibility: event.visibility,
    one_order_per_person: Boolean(event.one_order_per_person),
    pending_minutes: event.pending_minutes,
    sponsorship_limit: event.sponsorship_limit,
    test_mode: Boolean(event.test_mode),
    time_zone: event.time_zone,
    venue: event.venue,
    description: event.description,
    cover_url: coverPath(event),
    created_at: event.created_at,
    translations: parseTranslations(event.translations),
  };
}

type DateRow = Omit<Selectable<EventDatesTable>, "metadata"> & { metadata: string | Record<string, string> };

export function presentDate(date: DateRow) {
  const meta =
    typeof date.metadata === "string" ? (JSON.parse(date.metadata) as Record<string, string>) : date.metadata;
  return {
    id: date.id,
    name: date.name,
    starts_at: date.starts_at,
    ends_at: date.ends_at,
    location: date.location,
    venue: date.venue,
    meta,
    requires_voucher: Boolean(date.requires_voucher),
    translations: parseTranslations(date.translations),
  };
}
