// The buyer's payment pages and the admin's view of payments. English is the reference.
export const en = {
  "payments.title": "Pay your booking",
  "payments.amount": "Amount",
  "payments.reference": "Reference",
  "payments.choose": "Choose how to pay",
  "payments.payWith": "Pay with {account}",
  "payments.none": "The organizer has not set up online payment for this event. Please contact them.",
  "payments.notPending": "This booking does not need paying.",
  "payments.informationFirst": "Please fill in the required information first; then you can pay.",
  "payments.backToOrder": "Back to your booking",
  "payments.manual.title": "Pay by bank transfer",
  "payments.manual.intro":
    "Transfer the amount below using the booking code as the reference. The organizer marks your booking as paid when the money arrives; you will then get your tickets by e-mail.",
  "payments.paypal.title": "Pay with PayPal",
  "payments.paypal.intro":
    "You will now go to PayPal to pay. Your booking is marked paid as soon as PayPal confirms the payment; you will get your tickets by e-mail.",
  "payments.paypal.continue": "Continue to PayPal",
  "payments.paypal.returned": "Thank you! Your booking shows as paid as soon as PayPal confirms the payment.",
  "payments.paypal.cancelled":
    "The PayPal payment was cancelled; your places stay reserved until the payment deadline.",
  "payments.admin.attempts": "Payments",
  "payments.admin.notifications": "Notifications received",
  "payments.admin.received": "Received",
  "payments.admin.verification": "Verification",
  "payments.admin.outcome": "Outcome",
  "payments.admin.details": "Details",
  "payments.status.created": "Started",
  "payments.status.pending": "Pending",
  "payments.status.completed": "Completed",
  "payments.status.failed": "Failed",
  "payments.status.cancelled": "Cancelled",
  "payments.status.refunded": "Refunded",
  "payments.status.reversed": "Reversed",
  "payments.admin.raw": "Message",
  "payments.admin.status": "Status",
  "payments.admin.updated": "Updated",
  "payments.admin.noPayments": "No payment yet.",
  "error.provider_unavailable":
    "The payment provider cannot be reached right now. Please try again in a moment.",
  "error.payment_account_invalid": "This payment account cannot be used for this event.",
  "error.tickets_unavailable": "Tickets are available once the booking is paid.",
  "error.template_size": "The template must be exactly 2480 × 1169 px, landscape.",
  "error.template_type": "The template must be a PNG or JPEG image.",
} as const;

export const de: Record<keyof typeof en, string> = {
  "payments.title": "Buchung bezahlen",
  "payments.amount": "Betrag",
  "payments.reference": "Verwendungszweck",
  "payments.choose": "Zahlungsart wählen",
  "payments.payWith": "Mit {account} bezahlen",
  "payments.none":
    "Der Veranstalter hat für diese Veranstaltung keine Online-Zahlung eingerichtet. Bitte wenden Sie sich an ihn.",
  "payments.notPending": "Diese Buchung muss nicht bezahlt werden.",
  "payments.informationFirst":
    "Bitte ergänzen Sie zuerst die verlangten Angaben; danach können Sie bezahlen.",
  "payments.backToOrder": "Zurück zur Buchung",
  "payments.manual.title": "Per Überweisung bezahlen",
  "payments.manual.intro":
    "Überweisen Sie den Betrag mit dem Buchungscode als Verwendungszweck. Der Veranstalter markiert Ihre Buchung als bezahlt, sobald das Geld eingegangen ist; Ihre Tickets kommen dann per E-Mail.",
  "payments.paypal.title": "Mit PayPal bezahlen",
  "payments.paypal.intro":
    "Sie werden jetzt zu PayPal weitergeleitet. Ihre Buchung gilt als bezahlt, sobald PayPal die Zahlung bestätigt; Ihre Tickets kommen per E-Mail.",
  "payments.paypal.continue": "Weiter zu PayPal",
  "payments.paypal.returned":
    "Danke! Ihre Buchung erscheint als bezahlt, sobald PayPal die Zahlung bestätigt.",
  "payments.paypal.cancelled":
    "Die PayPal-Zahlung wurde abgebrochen; Ihre Plätze bleiben bis zur Zahlungsfrist reserviert.",
  "payments.admin.attempts": "Zahlungen",
  "payments.admin.notifications": "Eingegangene Benachrichtigungen",
  "payments.admin.received": "Eingegangen",
  "payments.admin.verification": "Prüfung",
  "payments.admin.outcome": "Ergebnis",
  "payments.admin.details": "Einzelheiten",
  "payments.status.created": "Begonnen",
  "payments.status.pending": "Ausstehend",
  "payments.status.completed": "Abgeschlossen",
  "payments.status.failed": "Fehlgeschlagen",
  "payments.status.cancelled": "Abgebrochen",
  "payments.status.refunded": "Erstattet",
  "payments.status.reversed": "Rückgebucht",
  "payments.admin.raw": "Nachricht",
  "payments.admin.status": "Status",
  "payments.admin.updated": "Geändert",
  "payments.admin.noPayments": "Noch keine Zahlung.",
  "error.provider_unavailable":
    "Der Zahlungsanbieter ist gerade nicht erreichbar. Bitte versuchen Sie es gleich noch einmal.",
  "error.payment_account_invalid":
    "Dieses Zahlungskonto kann für diese Veranstaltung nicht verwendet werden.",
  "error.tickets_unavailable": "Tickets gibt es, sobald die Buchung bezahlt ist.",
  "error.template_size": "Die Vorlage muss genau 2480 × 1169 px groß sein (Querformat).",
  "error.template_type": "Die Vorlage muss ein PNG- oder JPEG-Bild sein.",
};

export const fr: Record<keyof typeof en, string> = {
  "payments.title": "Payer votre réservation",
  "payments.amount": "Montant",
  "payments.reference": "Référence",
  "payments.choose": "Choisissez le moyen de paiement",
  "payments.payWith": "Payer avec {account}",
  "payments.none":
    "L'organisateur n'a pas mis en place de paiement en ligne pour cet évènement. Merci de le contacter.",
  "payments.notPending": "Cette réservation n'est pas à payer.",
  "payments.informationFirst":
    "Merci de renseigner d'abord les informations demandées ; vous pourrez ensuite payer.",
  "payments.backToOrder": "Retour à la réservation",
  "payments.manual.title": "Payer par virement",
  "payments.manual.intro":
    "Virez le montant ci-dessous avec le code de réservation comme référence. L'organisateur marque votre réservation payée à réception ; vous recevrez alors vos billets par e-mail.",
  "payments.paypal.title": "Payer avec PayPal",
  "payments.paypal.intro":
    "Vous allez maintenant sur PayPal pour payer. Votre réservation est marquée payée dès que PayPal confirme le paiement ; vous recevrez vos billets par e-mail.",
  "payments.paypal.continue": "Continuer vers PayPal",
  "payments.paypal.returned":
    "Merci ! Votre réservation apparaîtra payée dès que PayPal aura confirmé le paiement.",
  "payments.paypal.cancelled":
    "Le paiement PayPal a été annulé ; vos places restent réservées jusqu'à la date limite de paiement.",
  "payments.admin.attempts": "Paiements",
  "payments.admin.notifications": "Notifications reçues",
  "payments.admin.received": "Reçue",
  "payments.admin.verification": "Vérification",
  "payments.admin.outcome": "Résultat",
  "payments.admin.details": "Détails",
  "payments.status.created": "Commencé",
  "payments.status.pending": "En attente",
  "payments.status.completed": "Effectué",
  "payments.status.failed": "Échoué",
  "payments.status.cancelled": "Annulé",
  "payments.status.refunded": "Remboursé",
  "payments.status.reversed": "Contre-passé",
  "payments.admin.raw": "Message",
  "payments.admin.status": "Statut",
  "payments.admin.updated": "Mis à jour",
  "payments.admin.noPayments": "Aucun paiement pour l'instant.",
  "error.provider_unavailable":
    "Le prestataire de paiement est injoignable pour le moment. Merci de réessayer dans un instant.",
  "error.payment_account_invalid": "Ce compte de paiement ne peut pas être utilisé pour cet évènement.",
  "error.tickets_unavailable": "Les billets sont disponibles une fois la réservation payée.",
  "error.template_size": "Le modèle doit mesurer exactement 2480 × 1169 px, en paysage.",
  "error.template_type": "Le modèle doit être une image PNG ou JPEG.",
};
