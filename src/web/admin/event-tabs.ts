import type { FastifyRequest } from "fastify";
import { html, type SafeHtml } from "../../platform/http/html.js";
import type { MessageKey } from "../../platform/i18n/index.js";

/**
 * The sections of an event's backoffice, each its own page under the event's address, so that a form
 * posts back to the section it came from instead of the top of one long page.
 */
export type EventTab =
  | "dashboard"
  | "dates"
  | "ticket-types"
  | "quotas"
  | "vouchers"
  | "presentation"
  | "settings"
  | "waiting-room"
  | "orders";

const TABS: [tab: EventTab, path: string, label: MessageKey][] = [
  ["dashboard", "", "eventTabs.dashboard"],
  ["dates", "/dates", "eventTabs.dates"],
  ["ticket-types", "/ticket-types", "eventTabs.ticketTypes"],
  ["quotas", "/quotas", "eventTabs.quotas"],
  ["vouchers", "/vouchers", "eventTabs.vouchers"],
  ["presentation", "/presentation", "eventTabs.presentation"],
  ["settings", "/settings", "eventTabs.settings"],
  ["waiting-room", "/waiting-room", "eventTabs.waitingRoom"],
  ["orders", "/orders", "eventTabs.orders"],
];

/** The address of one section of an event's backoffice. */
export function eventTabPath(organizer: string, event: string, tab: EventTab): string {
  const path = TABS.find(([name]) => name === tab)?.[1] ?? "";
  return `/admin/organizers/${organizer}/events/${event}${path}`;
}

/** The event's name and its sections as a navigation, the current one marked. */
export function eventTabs(
  req: FastifyRequest,
  organizer: string,
  event: { slug: string; name: string },
  current: EventTab,
): SafeHtml {
  const { t } = req;
  return html`<p><a href="/admin/organizers/${organizer}">← ${t("admin.events.title")}</a></p>
<h1>${event.name}</h1>
<nav class="tabs" aria-label="${t("eventTabs.label")}">${TABS.map(
    ([tab, , label]) =>
      html`<a href="${eventTabPath(organizer, event.slug, tab)}"${tab === current ? html` aria-current="page"` : ""}>${t(label)}</a>`,
  )}</nav>`;
}
