// Default payment accounts for new events and the test mode of an event. English is the reference.
export const en = {
  "payments.admin.default": "New events",
  "payments.admin.defaultHint":
    "Accounts marked “Default” are ticked on every event you create from now on; events you already have keep their choice.",
  "payments.admin.isDefault": "Default",
  "payments.admin.makeDefault": "Make default",
  "payments.admin.unsetDefault": "No longer default",
  "dashboard.step.createPaymentAccount": "Set up a payment account",
  "dashboard.step.createPaymentAccount.hint":
    "Your organization has no payment account yet, so priced tickets cannot be paid for.",
  "testMode.banner": "Test mode — orders are not real",
  "testMode.bannerHint": "The organizer is trying this shop out. Orders placed now are test orders.",
  "testMode.label": "TEST",
  "testMode.orderNote": "This is a test order, placed while the event was in test mode: it is not real.",
  "testMode.subjectPrefix": "[TEST]",
  "testMode.ticket": "TEST — NOT A VALID TICKET",
  "testMode.setting": "Test mode",
  "testMode.settingHint":
    "While on, the shop says so on every page and orders placed are test orders: labelled TEST, left out of sales, exports and wallets. Switching it off deletes nothing.",
  "testMode.title": "Test orders",
  "testMode.none": "This event has no test orders.",
  "testMode.count.one": "This event has {count} test order.",
  "testMode.count.other": "This event has {count} test orders.",
  "testMode.delete": "Delete all test orders",
  "testMode.deleteQuestion": "Delete all test orders of {event}?",
  "testMode.deleteDetails":
    "They are deleted for good, with their tickets and payments; their places go back on sale. Real orders stay as they are.",
  "testMode.deleted": "The test orders were deleted.",
};

export const de: Record<keyof typeof en, string> = {
  "payments.admin.default": "Neue Veranstaltungen",
  "payments.admin.defaultHint":
    "Als „Standard“ markierte Konten werden bei jeder Veranstaltung angehakt, die Sie ab jetzt anlegen; bestehende Veranstaltungen behalten ihre Auswahl.",
  "payments.admin.isDefault": "Standard",
  "payments.admin.makeDefault": "Als Standard",
  "payments.admin.unsetDefault": "Nicht mehr Standard",
  "dashboard.step.createPaymentAccount": "Zahlungskonto einrichten",
  "dashboard.step.createPaymentAccount.hint":
    "Ihre Organisation hat noch kein Zahlungskonto, daher können kostenpflichtige Tickets nicht bezahlt werden.",
  "testMode.banner": "Testmodus — Bestellungen sind nicht echt",
  "testMode.bannerHint":
    "Der Veranstalter probiert diesen Shop aus. Bestellungen von jetzt sind Testbestellungen.",
  "testMode.label": "TEST",
  "testMode.orderNote":
    "Dies ist eine Testbestellung, aufgegeben während die Veranstaltung im Testmodus war: Sie ist nicht echt.",
  "testMode.subjectPrefix": "[TEST]",
  "testMode.ticket": "TEST — KEIN GÜLTIGES TICKET",
  "testMode.setting": "Testmodus",
  "testMode.settingHint":
    "Solange er an ist, sagt der Shop es auf jeder Seite, und Bestellungen sind Testbestellungen: mit TEST gekennzeichnet, nicht in Verkäufen, Exporten und Wallets. Ausschalten löscht nichts.",
  "testMode.title": "Testbestellungen",
  "testMode.none": "Diese Veranstaltung hat keine Testbestellungen.",
  "testMode.count.one": "Diese Veranstaltung hat {count} Testbestellung.",
  "testMode.count.other": "Diese Veranstaltung hat {count} Testbestellungen.",
  "testMode.delete": "Alle Testbestellungen löschen",
  "testMode.deleteQuestion": "Alle Testbestellungen von {event} löschen?",
  "testMode.deleteDetails":
    "Sie werden mit ihren Tickets und Zahlungen endgültig gelöscht; ihre Plätze gehen zurück in den Verkauf. Echte Bestellungen bleiben, wie sie sind.",
  "testMode.deleted": "Die Testbestellungen wurden gelöscht.",
};

export const fr: Record<keyof typeof en, string> = {
  "payments.admin.default": "Nouveaux événements",
  "payments.admin.defaultHint":
    "Les comptes marqués « Par défaut » sont cochés sur chaque événement que vous créez désormais ; les événements existants gardent leur choix.",
  "payments.admin.isDefault": "Par défaut",
  "payments.admin.makeDefault": "Mettre par défaut",
  "payments.admin.unsetDefault": "Ne plus mettre par défaut",
  "dashboard.step.createPaymentAccount": "Créer un compte de paiement",
  "dashboard.step.createPaymentAccount.hint":
    "Votre organisation n’a encore aucun compte de paiement : les billets payants ne peuvent pas être réglés.",
  "testMode.banner": "Mode test — les commandes ne sont pas réelles",
  "testMode.bannerHint":
    "L’organisateur essaie cette boutique. Les commandes passées maintenant sont des commandes de test.",
  "testMode.label": "TEST",
  "testMode.orderNote":
    "Ceci est une commande de test, passée pendant que l’événement était en mode test : elle n’est pas réelle.",
  "testMode.subjectPrefix": "[TEST]",
  "testMode.ticket": "TEST — BILLET NON VALABLE",
  "testMode.setting": "Mode test",
  "testMode.settingHint":
    "Tant qu’il est actif, la boutique l’indique sur chaque page et les commandes passées sont des commandes de test : marquées TEST, exclues des ventes, des exports et des wallets. Le désactiver ne supprime rien.",
  "testMode.title": "Commandes de test",
  "testMode.none": "Cet événement n’a aucune commande de test.",
  "testMode.count.one": "Cet événement a {count} commande de test.",
  "testMode.count.other": "Cet événement a {count} commandes de test.",
  "testMode.delete": "Supprimer toutes les commandes de test",
  "testMode.deleteQuestion": "Supprimer toutes les commandes de test de {event} ?",
  "testMode.deleteDetails":
    "Elles sont supprimées définitivement, avec leurs billets et paiements ; leurs places sont remises en vente. Les commandes réelles restent telles quelles.",
  "testMode.deleted": "Les commandes de test ont été supprimées.",
};
