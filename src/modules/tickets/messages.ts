// Ticket documents and their downloads. English is the reference; de and fr are typed by its keys.
export const en = {
  "tickets.code": "Booking code",
  "tickets.date": "Date",
  "tickets.type": "Ticket",
  "tickets.attendee": "Name",
  "tickets.options": "Options",
  "tickets.organizer": "Organizer",
  "tickets.download": "Download tickets (PDF)",
  "tickets.downloadOne": "PDF",
  "tickets.template": "Ticket template",
  "tickets.templateHint":
    "PNG or JPEG, landscape, exactly 2480 × 1169 px; keep the QR and details areas white.",
  "tickets.templateUpload": "Upload template",
  "tickets.templateSample": "Download the sample template",
  "tickets.templateCurrent": "Current template",
  "tickets.templateNone": "No template: the default design is used.",
  "tickets.templateRemove": "Remove template",
} as const;

export const de: Record<keyof typeof en, string> = {
  "tickets.code": "Buchungscode",
  "tickets.date": "Datum",
  "tickets.type": "Ticket",
  "tickets.attendee": "Name",
  "tickets.options": "Optionen",
  "tickets.organizer": "Veranstalter",
  "tickets.download": "Tickets herunterladen (PDF)",
  "tickets.downloadOne": "PDF",
  "tickets.template": "Ticketvorlage",
  "tickets.templateHint":
    "PNG oder JPEG, Querformat, genau 2480 × 1169 px; die Bereiche für QR-Code und Angaben weiß lassen.",
  "tickets.templateUpload": "Vorlage hochladen",
  "tickets.templateSample": "Beispielvorlage herunterladen",
  "tickets.templateCurrent": "Aktuelle Vorlage",
  "tickets.templateNone": "Keine Vorlage: Das Standarddesign wird verwendet.",
  "tickets.templateRemove": "Vorlage entfernen",
};

export const fr: Record<keyof typeof en, string> = {
  "tickets.code": "Code de réservation",
  "tickets.date": "Date",
  "tickets.type": "Billet",
  "tickets.attendee": "Nom",
  "tickets.options": "Options",
  "tickets.organizer": "Organisateur",
  "tickets.download": "Télécharger les billets (PDF)",
  "tickets.downloadOne": "PDF",
  "tickets.template": "Modèle de billet",
  "tickets.templateHint":
    "PNG ou JPEG, paysage, exactement 2480 × 1169 px ; laissez blanches les zones du QR code et des informations.",
  "tickets.templateUpload": "Importer le modèle",
  "tickets.templateSample": "Télécharger le modèle d'exemple",
  "tickets.templateCurrent": "Modèle actuel",
  "tickets.templateNone": "Pas de modèle : le design par défaut est utilisé.",
  "tickets.templateRemove": "Supprimer le modèle",
};
