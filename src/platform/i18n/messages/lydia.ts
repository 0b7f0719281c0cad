// Lydia payment texts. English is the reference; de and fr are typed by its keys.
export const en = {
  "lydia.title": "Pay with Lydia",
  "lydia.phoneIntro":
    "Lydia sends a payment request to your phone. Enter the mobile number of your Lydia account.",
  "lydia.phone": "Mobile number",
  "lydia.phoneHint": "For example 06 12 34 56 78 or +33 6 12 34 56 78.",
  "lydia.send": "Send the request to my phone",
  "lydia.alreadyWaiting":
    "A request is already waiting on your phone. Accept it there, or send a new one (the old one is then withdrawn).",
  "lydia.openWaiting": "Go to the waiting request",
  "lydia.refusedBecause": "Lydia said: {message}",
  "lydia.waitingTitle": "Accept the request on your phone",
  "lydia.sentTo": "Request sent to {phone}.",
  "lydia.waiting":
    "Open Lydia on your phone and accept the payment request. This page notices the payment by itself; you can also check now.",
  "lydia.check": "I have paid — check",
  "lydia.notYet": "Lydia does not show the payment yet. Accept the request on your phone, then check again.",
  "lydia.otherNumber": "Use another number",
  "lydia.paid": "Payment received. Thank you! Your tickets are on their way by e-mail.",
  "lydia.cancelled":
    "The request was cancelled or expired. Your places stay reserved until the payment deadline; you can try again.",
  "lydia.failed": "The request was refused. You can try again or choose another way to pay.",
  "lydia.orderClosed": "This booking can no longer be paid (status: {status}).",
  "lydia.again": "Try again",
  "lydia.otherWay": "Choose another way to pay",
  "lydia.tokens.title": "Get the tokens of a Lydia account",
  "lydia.tokens.intro":
    "Enter the phone number and password of the Lydia account: Tessera asks Lydia for the tokens of its business accounts. The password is sent to Lydia only; nothing is stored until you create an account below.",
  "lydia.tokens.phone": "Phone number of the Lydia account",
  "lydia.tokens.password": "Lydia password",
  "lydia.tokens.apiUrl": "Lydia API address",
  "lydia.tokens.apiUrlHint": "Leave as is unless you use Lydia's test environment.",
  "lydia.tokens.fetch": "Get the tokens",
  "lydia.tokens.found": "Business accounts found",
  "lydia.tokens.none": "This Lydia account has no business account.",
  "lydia.tokens.name": "Business",
  "lydia.tokens.vendorToken": "Public (vendor) token",
  "lydia.tokens.privateToken": "Private token",
  "lydia.tokens.create": "Create a payment account with these tokens",
  "lydia.tokens.back": "Back to payment accounts",
  "error.lydia_refused": "Lydia refused the payment request. Check the phone number and try again.",
  "error.lydia_login_failed": "Lydia refused this phone number and password.",
} as const;

export const de: Record<keyof typeof en, string> = {
  "lydia.title": "Mit Lydia bezahlen",
  "lydia.phoneIntro":
    "Lydia schickt eine Zahlungsanforderung an Ihr Handy. Geben Sie die Handynummer Ihres Lydia-Kontos ein.",
  "lydia.phone": "Handynummer",
  "lydia.phoneHint": "Zum Beispiel 06 12 34 56 78 oder +33 6 12 34 56 78.",
  "lydia.send": "Anforderung an mein Handy senden",
  "lydia.alreadyWaiting":
    "Auf Ihrem Handy wartet bereits eine Anforderung. Bestätigen Sie sie dort oder senden Sie eine neue (die alte wird dann zurückgezogen).",
  "lydia.openWaiting": "Zur wartenden Anforderung",
  "lydia.refusedBecause": "Lydia meldet: {message}",
  "lydia.waitingTitle": "Anforderung auf dem Handy bestätigen",
  "lydia.sentTo": "Anforderung an {phone} gesendet.",
  "lydia.waiting":
    "Öffnen Sie Lydia auf Ihrem Handy und bestätigen Sie die Zahlung. Diese Seite bemerkt die Zahlung von selbst; Sie können auch jetzt prüfen.",
  "lydia.check": "Ich habe bezahlt – prüfen",
  "lydia.notYet":
    "Lydia zeigt die Zahlung noch nicht an. Bestätigen Sie die Anforderung auf dem Handy und prüfen Sie dann erneut.",
  "lydia.otherNumber": "Andere Nummer verwenden",
  "lydia.paid": "Zahlung erhalten. Danke! Ihre Tickets kommen per E-Mail.",
  "lydia.cancelled":
    "Die Anforderung wurde abgebrochen oder ist abgelaufen. Ihre Plätze bleiben bis zur Zahlungsfrist reserviert; Sie können es erneut versuchen.",
  "lydia.failed":
    "Die Anforderung wurde abgelehnt. Versuchen Sie es erneut oder wählen Sie eine andere Zahlungsart.",
  "lydia.orderClosed": "Diese Buchung kann nicht mehr bezahlt werden (Status: {status}).",
  "lydia.again": "Erneut versuchen",
  "lydia.otherWay": "Andere Zahlungsart wählen",
  "lydia.tokens.title": "Tokens eines Lydia-Kontos abrufen",
  "lydia.tokens.intro":
    "Geben Sie Telefonnummer und Passwort des Lydia-Kontos ein: Tessera fragt Lydia nach den Tokens seiner Geschäftskonten. Das Passwort geht nur an Lydia; gespeichert wird erst, wenn Sie unten ein Konto anlegen.",
  "lydia.tokens.phone": "Telefonnummer des Lydia-Kontos",
  "lydia.tokens.password": "Lydia-Passwort",
  "lydia.tokens.apiUrl": "Adresse der Lydia-API",
  "lydia.tokens.apiUrlHint": "Nur ändern, wenn Sie die Testumgebung von Lydia nutzen.",
  "lydia.tokens.fetch": "Tokens abrufen",
  "lydia.tokens.found": "Gefundene Geschäftskonten",
  "lydia.tokens.none": "Dieses Lydia-Konto hat kein Geschäftskonto.",
  "lydia.tokens.name": "Geschäftskonto",
  "lydia.tokens.vendorToken": "Öffentliches Token (vendor)",
  "lydia.tokens.privateToken": "Privates Token",
  "lydia.tokens.create": "Zahlungskonto mit diesen Tokens anlegen",
  "lydia.tokens.back": "Zurück zu den Zahlungskonten",
  "error.lydia_refused": "Lydia hat die Zahlungsanforderung abgelehnt. Prüfen Sie die Handynummer.",
  "error.lydia_login_failed": "Lydia hat diese Telefonnummer und dieses Passwort abgelehnt.",
};

export const fr: Record<keyof typeof en, string> = {
  "lydia.title": "Payer avec Lydia",
  "lydia.phoneIntro":
    "Lydia envoie une demande de paiement sur votre téléphone. Indiquez le numéro de mobile de votre compte Lydia.",
  "lydia.phone": "Numéro de mobile",
  "lydia.phoneHint": "Par exemple 06 12 34 56 78 ou +33 6 12 34 56 78.",
  "lydia.send": "Envoyer la demande sur mon téléphone",
  "lydia.alreadyWaiting":
    "Une demande attend déjà sur votre téléphone. Acceptez-la, ou envoyez-en une nouvelle (l'ancienne est alors retirée).",
  "lydia.openWaiting": "Voir la demande en attente",
  "lydia.refusedBecause": "Lydia indique : {message}",
  "lydia.waitingTitle": "Acceptez la demande sur votre téléphone",
  "lydia.sentTo": "Demande envoyée au {phone}.",
  "lydia.waiting":
    "Ouvrez Lydia sur votre téléphone et acceptez la demande de paiement. Cette page détecte le paiement d'elle-même ; vous pouvez aussi vérifier maintenant.",
  "lydia.check": "J'ai payé — vérifier",
  "lydia.notYet":
    "Lydia n'indique pas encore le paiement. Acceptez la demande sur votre téléphone, puis vérifiez à nouveau.",
  "lydia.otherNumber": "Utiliser un autre numéro",
  "lydia.paid": "Paiement reçu. Merci ! Vos billets arrivent par e-mail.",
  "lydia.cancelled":
    "La demande a été annulée ou a expiré. Vos places restent réservées jusqu'à la date limite de paiement ; vous pouvez réessayer.",
  "lydia.failed": "La demande a été refusée. Réessayez ou choisissez un autre moyen de paiement.",
  "lydia.orderClosed": "Cette réservation ne peut plus être payée (statut : {status}).",
  "lydia.again": "Réessayer",
  "lydia.otherWay": "Choisir un autre moyen de paiement",
  "lydia.tokens.title": "Récupérer les tokens d'un compte Lydia",
  "lydia.tokens.intro":
    "Indiquez le numéro de téléphone et le mot de passe du compte Lydia : Tessera demande à Lydia les tokens de ses comptes professionnels. Le mot de passe n'est envoyé qu'à Lydia ; rien n'est enregistré tant que vous ne créez pas de compte ci-dessous.",
  "lydia.tokens.phone": "Numéro de téléphone du compte Lydia",
  "lydia.tokens.password": "Mot de passe Lydia",
  "lydia.tokens.apiUrl": "Adresse de l'API Lydia",
  "lydia.tokens.apiUrlHint": "À laisser tel quel, sauf pour l'environnement de test de Lydia.",
  "lydia.tokens.fetch": "Récupérer les tokens",
  "lydia.tokens.found": "Comptes professionnels trouvés",
  "lydia.tokens.none": "Ce compte Lydia n'a aucun compte professionnel.",
  "lydia.tokens.name": "Compte professionnel",
  "lydia.tokens.vendorToken": "Token public (vendor)",
  "lydia.tokens.privateToken": "Token privé",
  "lydia.tokens.create": "Créer un compte de paiement avec ces tokens",
  "lydia.tokens.back": "Retour aux comptes de paiement",
  "error.lydia_refused": "Lydia a refusé la demande de paiement. Vérifiez le numéro de téléphone.",
  "error.lydia_login_failed": "Lydia a refusé ce numéro de téléphone et ce mot de passe.",
};
