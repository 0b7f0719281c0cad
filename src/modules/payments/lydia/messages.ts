// Lydia payment texts. English is the reference; de and fr are typed by its keys.
export const en = {
  "lydia.title": "Pay with Lydia",
  "lydia.phoneIntro":
    "Lydia sends a payment request to your phone. Enter the mobile number of your Lydia account.",
  "lydia.phone": "Mobile number",
  "lydia.send": "Send the request to my phone",
  "lydia.waitingTitle": "Accept the request on your phone",
  "lydia.waiting":
    "Open Lydia on your phone and accept the payment request. This page notices the payment by itself; you can also check now.",
  "lydia.check": "I have paid — check",
  "lydia.paid": "Payment received. Thank you!",
  "lydia.cancelled":
    "The request was cancelled or expired. Your places stay reserved until the payment deadline; you can try again.",
  "lydia.failed": "The request was refused. You can try again or choose another way to pay.",
  "lydia.again": "Try again",
  "error.lydia_refused": "Lydia refused the payment request. Check the phone number and try again.",
} as const;

export const de: Record<keyof typeof en, string> = {
  "lydia.title": "Mit Lydia bezahlen",
  "lydia.phoneIntro":
    "Lydia schickt eine Zahlungsanforderung an Ihr Handy. Geben Sie die Handynummer Ihres Lydia-Kontos ein.",
  "lydia.phone": "Handynummer",
  "lydia.send": "Anforderung an mein Handy senden",
  "lydia.waitingTitle": "Anforderung auf dem Handy bestätigen",
  "lydia.waiting":
    "Öffnen Sie Lydia auf Ihrem Handy und bestätigen Sie die Zahlung. Diese Seite bemerkt die Zahlung von selbst; Sie können auch jetzt prüfen.",
  "lydia.check": "Ich habe bezahlt – prüfen",
  "lydia.paid": "Zahlung erhalten. Danke!",
  "lydia.cancelled":
    "Die Anforderung wurde abgebrochen oder ist abgelaufen. Ihre Plätze bleiben bis zur Zahlungsfrist reserviert; Sie können es erneut versuchen.",
  "lydia.failed":
    "Die Anforderung wurde abgelehnt. Versuchen Sie es erneut oder wählen Sie eine andere Zahlungsart.",
  "lydia.again": "Erneut versuchen",
  "error.lydia_refused": "Lydia hat die Zahlungsanforderung abgelehnt. Prüfen Sie die Handynummer.",
};

export const fr: Record<keyof typeof en, string> = {
  "lydia.title": "Payer avec Lydia",
  "lydia.phoneIntro":
    "Lydia envoie une demande de paiement sur votre téléphone. Indiquez le numéro de mobile de votre compte Lydia.",
  "lydia.phone": "Numéro de mobile",
  "lydia.send": "Envoyer la demande sur mon téléphone",
  "lydia.waitingTitle": "Acceptez la demande sur votre téléphone",
  "lydia.waiting":
    "Ouvrez Lydia sur votre téléphone et acceptez la demande de paiement. Cette page détecte le paiement d'elle-même ; vous pouvez aussi vérifier maintenant.",
  "lydia.check": "J'ai payé — vérifier",
  "lydia.paid": "Paiement reçu. Merci !",
  "lydia.cancelled":
    "La demande a été annulée ou a expiré. Vos places restent réservées jusqu'à la date limite de paiement ; vous pouvez réessayer.",
  "lydia.failed": "La demande a été refusée. Réessayez ou choisissez un autre moyen de paiement.",
  "lydia.again": "Réessayer",
  "error.lydia_refused": "Lydia a refusé la demande de paiement. Vérifiez le numéro de téléphone.",
};
