// The first steps on a new platform: setup link, organizers and their members, organizer settings
// (time zone), creating an event.
export const en = {
  "onboarding.slugHint": "Optional: left empty, it is made from the name (e.g. spring-festival).",
  "onboarding.setupDone.title": "Tessera is already set up",
  "onboarding.setupDone.body":
    "This setup link has been used and an administrator exists. Log in with that account.",
  "onboarding.setupDone.login": "Log in",
  "onboarding.setupUnknown.title": "This setup link does not work",
  "onboarding.setupUnknown.body":
    "It is unknown or has expired. Restart Tessera: it prints a new one-time link while no administrator exists.",
  "onboarding.members.none": "No members yet — invite the organizer’s owner.",
  "onboarding.settings.title": "Settings",
  "onboarding.settings.intro": "The organizer’s name and the time zone its events’ times are shown in.",
  "onboarding.settings.submit": "Save settings",
  "onboarding.timeZone": "Time zone",
  "onboarding.timeZoneHint":
    "Every page, mail and ticket shows the times of this organizer’s events in this zone. Its events still in the previous zone move with it; an event given a zone of its own keeps it.",
  "onboarding.currency": "Currency",
  "onboarding.eventCreated": "The event was created. Next: add its dates and ticket types.",
};

export const de: Record<keyof typeof en, string> = {
  "onboarding.slugHint": "Optional: Leer gelassen, wird er aus dem Namen gebildet (z. B. fruehlingsfest).",
  "onboarding.setupDone.title": "Tessera ist bereits eingerichtet",
  "onboarding.setupDone.body":
    "Dieser Einrichtungslink wurde schon benutzt, und es gibt einen Administrator. Melden Sie sich mit diesem Konto an.",
  "onboarding.setupDone.login": "Anmelden",
  "onboarding.setupUnknown.title": "Dieser Einrichtungslink funktioniert nicht",
  "onboarding.setupUnknown.body":
    "Er ist unbekannt oder abgelaufen. Starten Sie Tessera neu: Solange es keinen Administrator gibt, zeigt es einen neuen Einmal-Link an.",
  "onboarding.members.none": "Noch keine Mitglieder – laden Sie den Inhaber des Veranstalters ein.",
  "onboarding.settings.title": "Einstellungen",
  "onboarding.settings.intro":
    "Der Name des Veranstalters und die Zeitzone, in der die Zeiten seiner Veranstaltungen angezeigt werden.",
  "onboarding.settings.submit": "Einstellungen speichern",
  "onboarding.timeZone": "Zeitzone",
  "onboarding.timeZoneHint":
    "Alle Seiten, E-Mails und Tickets zeigen die Zeiten der Veranstaltungen in dieser Zone. Veranstaltungen in der bisherigen Zone ziehen mit um; eine Veranstaltung mit eigener Zone behält sie.",
  "onboarding.currency": "Währung",
  "onboarding.eventCreated":
    "Die Veranstaltung wurde angelegt. Als Nächstes: Termine und Ticketarten hinzufügen.",
};

export const fr: Record<keyof typeof en, string> = {
  "onboarding.slugHint":
    "Facultatif : laissé vide, il est formé à partir du nom (par ex. gala-de-printemps).",
  "onboarding.setupDone.title": "Tessera est déjà configuré",
  "onboarding.setupDone.body":
    "Ce lien de configuration a déjà servi et un administrateur existe. Connectez-vous avec ce compte.",
  "onboarding.setupDone.login": "Se connecter",
  "onboarding.setupUnknown.title": "Ce lien de configuration ne fonctionne pas",
  "onboarding.setupUnknown.body":
    "Il est inconnu ou a expiré. Redémarrez Tessera : tant qu’aucun administrateur n’existe, il affiche un nouveau lien à usage unique.",
  "onboarding.members.none": "Aucun membre pour l’instant — invitez le responsable de l’organisateur.",
  "onboarding.settings.title": "Paramètres",
  "onboarding.settings.intro":
    "Le nom de l’organisateur et le fuseau horaire dans lequel s’affichent les horaires de ses événements.",
  "onboarding.settings.submit": "Enregistrer les paramètres",
  "onboarding.timeZone": "Fuseau horaire",
  "onboarding.timeZoneHint":
    "Toutes les pages, e-mails et billets affichent les horaires des événements dans ce fuseau. Les événements restés dans l’ancien fuseau le suivent ; un événement doté de son propre fuseau le garde.",
  "onboarding.currency": "Devise",
  "onboarding.eventCreated":
    "L’événement a été créé. Étape suivante : ajoutez ses dates et ses types de billets.",
};
