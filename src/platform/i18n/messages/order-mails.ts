// Mails about orders. English is the reference; de and fr are typed by its keys.
export const en = {
  "mail.order.hello": "Hello,",
  "mail.order.code": "Booking code",
  "mail.order.event": "Event",
  "mail.order.ticket": "Ticket",
  "mail.order.total": "Total",
  "mail.order.view": "View your booking",
  "mail.order.pay": "Pay now",
  "mail.order.confirmation.subject": "Your booking {code} for {event}",
  "mail.order.confirmation.thanks": "thank you for your booking for {event}.",
  "mail.order.confirmation.pending":
    "Your places are held until {until}. Please pay {total} before then; use the booking code {code} as the payment reference.",
  "mail.order.confirmation.paid": "Your booking is confirmed.",
  "mail.order.tickets.attached":
    "Your tickets are attached to this mail as a PDF: print them or show them on your phone.",
  "mail.order.tickets.waiting":
    "Your tickets will be available as soon as the information the organizer asks for is complete. Please fill it in on your booking page.",
  "mail.order.paid.subject": "Payment received: booking {code}",
  "mail.order.paid.body": "we have received your payment of {total} for {event}.",
  "mail.order.opposition.subject": "Order {code} put in opposition ({event})",
  "mail.order.opposition.body":
    "A payment for order {code} of {event} did not match what was expected ({problems}). The order has been put in opposition automatically: its tickets are invalid and the record is kept. Please check the payment and settle or refund it with the buyer.",
  "mail.order.opposition.open": "Open the order",
  "mail.order.opposition.buyer.subject": "Your booking {code} needs attention",
  "mail.order.opposition.buyer.body":
    "there was a problem with the payment for your booking {code} ({event}). The organizer has been told and will get in touch with you; your tickets are on hold until then.",
  "mail.order.discounted": "{paid} instead of {list}",
  "mail.order.timeZone": "Times in",
  "mail.order.transfer.intro": "To pay by bank transfer:",
  "mail.order.transfer.amount":
    "Amount: {total}. Reference: {code} (please write only the booking code, so that we can match your payment).",
  "mail.order.questions":
    "The organizer asks a few questions about your tickets that still need an answer ({count} open). Please answer them on your booking page; your tickets only admit once they are answered: {url}",
  "mail.order.footer": "Sent by Tessera for {organizer}.",
} as const;

export const de: Record<keyof typeof en, string> = {
  "mail.order.hello": "Hallo,",
  "mail.order.code": "Buchungscode",
  "mail.order.event": "Veranstaltung",
  "mail.order.ticket": "Ticket",
  "mail.order.total": "Summe",
  "mail.order.view": "Buchung ansehen",
  "mail.order.pay": "Jetzt bezahlen",
  "mail.order.confirmation.subject": "Ihre Buchung {code} für {event}",
  "mail.order.confirmation.thanks": "vielen Dank für Ihre Buchung für {event}.",
  "mail.order.confirmation.pending":
    "Ihre Plätze sind bis {until} reserviert. Bitte bezahlen Sie {total} bis dahin und geben Sie den Buchungscode {code} als Verwendungszweck an.",
  "mail.order.confirmation.paid": "Ihre Buchung ist bestätigt.",
  "mail.order.tickets.attached":
    "Ihre Tickets hängen als PDF an dieser Mail: Drucken Sie sie aus oder zeigen Sie sie auf dem Handy vor.",
  "mail.order.tickets.waiting":
    "Ihre Tickets stehen bereit, sobald die vom Veranstalter verlangten Angaben vollständig sind. Bitte ergänzen Sie sie auf Ihrer Buchungsseite.",
  "mail.order.paid.subject": "Zahlung erhalten: Buchung {code}",
  "mail.order.paid.body": "wir haben Ihre Zahlung über {total} für {event} erhalten.",
  "mail.order.opposition.subject": "Bestellung {code} gesperrt ({event})",
  "mail.order.opposition.body":
    "Eine Zahlung für die Bestellung {code} von {event} entsprach nicht dem Erwarteten ({problems}). Die Bestellung wurde automatisch gesperrt: Ihre Tickets sind ungültig, der Vorgang bleibt erhalten. Bitte prüfen Sie die Zahlung und klären oder erstatten Sie sie mit der Käuferin oder dem Käufer.",
  "mail.order.opposition.open": "Bestellung öffnen",
  "mail.order.opposition.buyer.subject": "Ihre Buchung {code}: bitte beachten",
  "mail.order.opposition.buyer.body":
    "bei der Zahlung für Ihre Buchung {code} ({event}) ist ein Problem aufgetreten. Der Veranstalter ist informiert und meldet sich bei Ihnen; bis dahin sind Ihre Tickets gesperrt.",
  "mail.order.discounted": "{paid} statt {list}",
  "mail.order.timeZone": "Zeiten in",
  "mail.order.transfer.intro": "Zahlung per Überweisung:",
  "mail.order.transfer.amount":
    "Betrag: {total}. Verwendungszweck: {code} (bitte nur den Buchungscode, damit wir Ihre Zahlung zuordnen können).",
  "mail.order.questions":
    "Der Veranstalter stellt zu Ihren Tickets noch unbeantwortete Pflichtfragen ({count} offen). Bitte beantworten Sie sie auf Ihrer Buchungsseite; erst dann gewähren Ihre Tickets Einlass: {url}",
  "mail.order.footer": "Gesendet von Tessera für {organizer}.",
};

export const fr: Record<keyof typeof en, string> = {
  "mail.order.hello": "Bonjour,",
  "mail.order.code": "Code de réservation",
  "mail.order.event": "Évènement",
  "mail.order.ticket": "Billet",
  "mail.order.total": "Total",
  "mail.order.view": "Voir votre réservation",
  "mail.order.pay": "Payer maintenant",
  "mail.order.confirmation.subject": "Votre réservation {code} pour {event}",
  "mail.order.confirmation.thanks": "merci pour votre réservation pour {event}.",
  "mail.order.confirmation.pending":
    "Vos places sont retenues jusqu'au {until}. Merci de payer {total} d'ici là, avec le code de réservation {code} comme référence.",
  "mail.order.confirmation.paid": "Votre réservation est confirmée.",
  "mail.order.tickets.attached":
    "Vos billets sont joints à ce message en PDF : imprimez-les ou présentez-les sur votre téléphone.",
  "mail.order.tickets.waiting":
    "Vos billets seront disponibles dès que les informations demandées par l'organisateur seront complètes. Merci de les renseigner sur la page de votre réservation.",
  "mail.order.paid.subject": "Paiement reçu : réservation {code}",
  "mail.order.paid.body": "nous avons bien reçu votre paiement de {total} pour {event}.",
  "mail.order.opposition.subject": "Commande {code} mise en opposition ({event})",
  "mail.order.opposition.body":
    "Un paiement pour la commande {code} de {event} ne correspond pas à ce qui était attendu ({problems}). La commande a été mise en opposition automatiquement : ses billets sont invalides et la trace est conservée. Vérifiez le paiement et régularisez ou remboursez-le avec l'acheteur.",
  "mail.order.opposition.open": "Ouvrir la commande",
  "mail.order.opposition.buyer.subject": "Votre réservation {code} demande votre attention",
  "mail.order.opposition.buyer.body":
    "le paiement de votre réservation {code} ({event}) pose problème. L'organisateur est prévenu et vous contactera ; vos billets sont suspendus d'ici là.",
  "mail.order.discounted": "{paid} au lieu de {list}",
  "mail.order.timeZone": "Heures en",
  "mail.order.transfer.intro": "Pour payer par virement :",
  "mail.order.transfer.amount":
    "Montant : {total}. Référence : {code} (indiquez seulement le code de réservation, pour que nous retrouvions votre paiement).",
  "mail.order.questions":
    "L’organisateur pose des questions obligatoires sur vos billets qui attendent encore une réponse ({count} en attente). Répondez-y sur la page de votre réservation ; vos billets ne permettent d’entrer qu’ensuite : {url}",
  "mail.order.footer": "Envoyé par Tessera pour {organizer}.",
};
