// The sections of an event's backoffice (src/web/admin/event-tabs.ts).
export const en = {
  "eventTabs.label": "Event sections",
  "eventTabs.dashboard": "Dashboard",
  "eventTabs.dates": "Dates",
  "eventTabs.ticketTypes": "Ticket types",
  "eventTabs.quotas": "Quotas",
  "eventTabs.vouchers": "Vouchers",
  "eventTabs.presentation": "Description & image",
  "eventTabs.settings": "Settings",
  "eventTabs.waitingRoom": "Waiting room",
  "eventTabs.orders": "Orders",
};

export const de: Record<keyof typeof en, string> = {
  "eventTabs.label": "Bereiche der Veranstaltung",
  "eventTabs.dashboard": "Übersicht",
  "eventTabs.dates": "Termine",
  "eventTabs.ticketTypes": "Ticketarten",
  "eventTabs.quotas": "Kontingente",
  "eventTabs.vouchers": "Gutscheine",
  "eventTabs.presentation": "Beschreibung & Bild",
  "eventTabs.settings": "Einstellungen",
  "eventTabs.waitingRoom": "Warteraum",
  "eventTabs.orders": "Bestellungen",
};

export const fr: Record<keyof typeof en, string> = {
  "eventTabs.label": "Rubriques de l’événement",
  "eventTabs.dashboard": "Tableau de bord",
  "eventTabs.dates": "Dates",
  "eventTabs.ticketTypes": "Types de billets",
  "eventTabs.quotas": "Contingents",
  "eventTabs.vouchers": "Bons",
  "eventTabs.presentation": "Description et image",
  "eventTabs.settings": "Paramètres",
  "eventTabs.waitingRoom": "File d’attente",
  "eventTabs.orders": "Commandes",
};
