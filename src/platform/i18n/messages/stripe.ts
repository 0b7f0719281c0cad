// Card payments through Stripe. English is the reference; de and fr are typed by its keys.
export const en = {
  "stripe.payByCard": "Pay by card",
  "stripe.title": "Pay by card",
  "stripe.testMode": "Test mode",
  "stripe.testModeHint": "Test mode: no real money is charged. Pay with one of Stripe's test cards.",
  "stripe.confirmingTitle": "Your payment is being confirmed",
  "stripe.confirming":
    "Thank you! Stripe is confirming your card payment. This page updates by itself; it usually takes a few seconds.",
  "stripe.check": "Check again",
  "stripe.paid": "Payment received. Thank you! Your tickets are on their way by e-mail.",
  "stripe.failed": "The card payment did not go through. You can try again or choose another way to pay.",
  "stripe.cancelled":
    "The card payment was not completed. Your places stay reserved until the payment deadline; you can try again.",
  "stripe.refunded": "This payment was refunded.",
  "stripe.orderClosed": "This booking can no longer be paid (status: {status}).",
  "stripe.again": "Try again",
  "stripe.otherWay": "Choose another way to pay",
  "stripe.refund": "Refund the card payment",
  "stripe.refundHint":
    "Stripe gives the whole amount back to the card; the order goes into opposition and its tickets no longer admit.",
  "stripe.webhook": "Webhook endpoint",
  "stripe.webhookHint":
    "In Stripe (Developers → Webhooks), add this endpoint with the events below, then copy its signing secret (whsec_…) into the last field.",
  "payments.admin.newStripe": "New card account (Stripe)",
  "payments.admin.publishableKey": "Publishable key (pk_…)",
  "payments.admin.secretKey": "Secret key (sk_…)",
  "payments.admin.secretKeyHint": "Stored encrypted. A test key (sk_test_…) puts the account in test mode.",
  "payments.admin.webhookSecret": "Webhook signing secret (whsec_…)",
  "flash.refunded": "The payment was refunded.",
  "error.stripe_refused": "Stripe refused the request.",
  "error.not_refundable": "This order has no card payment to refund.",
  "validation.stripe_key.secret_key": "The secret key must be a Stripe secret key starting with sk_ or rk_.",
  "validation.stripe_key.publishable_key":
    "The publishable key must be a Stripe publishable key starting with pk_.",
  "validation.stripe_key.webhook_secret": "The webhook signing secret must start with whsec_.",
  "validation.stripe_mode": "The publishable and secret keys must both be test keys or both be live keys.",
};

export const de: Record<keyof typeof en, string> = {
  "stripe.payByCard": "Mit Karte bezahlen",
  "stripe.title": "Mit Karte bezahlen",
  "stripe.testMode": "Testmodus",
  "stripe.testModeHint":
    "Testmodus: Es wird kein echtes Geld abgebucht. Bezahlen Sie mit einer Testkarte von Stripe.",
  "stripe.confirmingTitle": "Ihre Zahlung wird bestätigt",
  "stripe.confirming":
    "Vielen Dank! Stripe bestätigt Ihre Kartenzahlung. Diese Seite aktualisiert sich von selbst; das dauert meist nur wenige Sekunden.",
  "stripe.check": "Erneut prüfen",
  "stripe.paid": "Zahlung erhalten. Vielen Dank! Ihre Tickets sind per E-Mail unterwegs.",
  "stripe.failed":
    "Die Kartenzahlung ist nicht durchgegangen. Sie können es erneut versuchen oder eine andere Zahlungsart wählen.",
  "stripe.cancelled":
    "Die Kartenzahlung wurde nicht abgeschlossen. Ihre Plätze bleiben bis zur Zahlungsfrist reserviert; Sie können es erneut versuchen.",
  "stripe.refunded": "Diese Zahlung wurde erstattet.",
  "stripe.orderClosed": "Diese Buchung kann nicht mehr bezahlt werden (Status: {status}).",
  "stripe.again": "Erneut versuchen",
  "stripe.otherWay": "Andere Zahlungsart wählen",
  "stripe.refund": "Kartenzahlung erstatten",
  "stripe.refundHint":
    "Stripe erstattet den ganzen Betrag auf die Karte; die Bestellung geht in Widerspruch und ihre Tickets gewähren keinen Einlass mehr.",
  "stripe.webhook": "Webhook-Endpunkt",
  "stripe.webhookHint":
    "Legen Sie in Stripe (Entwickler → Webhooks) diesen Endpunkt mit den folgenden Ereignissen an und kopieren Sie sein Signaturgeheimnis (whsec_…) in das letzte Feld.",
  "payments.admin.newStripe": "Neues Kartenkonto (Stripe)",
  "payments.admin.publishableKey": "Veröffentlichbarer Schlüssel (pk_…)",
  "payments.admin.secretKey": "Geheimer Schlüssel (sk_…)",
  "payments.admin.secretKeyHint":
    "Wird verschlüsselt gespeichert. Ein Testschlüssel (sk_test_…) versetzt das Konto in den Testmodus.",
  "payments.admin.webhookSecret": "Webhook-Signaturgeheimnis (whsec_…)",
  "flash.refunded": "Die Zahlung wurde erstattet.",
  "error.stripe_refused": "Stripe hat die Anfrage abgelehnt.",
  "error.not_refundable": "Diese Bestellung hat keine Kartenzahlung, die erstattet werden kann.",
  "validation.stripe_key.secret_key":
    "Der geheime Schlüssel muss ein geheimer Stripe-Schlüssel sein, der mit sk_ oder rk_ beginnt.",
  "validation.stripe_key.publishable_key":
    "Der veröffentlichbare Schlüssel muss ein Stripe-Schlüssel sein, der mit pk_ beginnt.",
  "validation.stripe_key.webhook_secret": "Das Webhook-Signaturgeheimnis muss mit whsec_ beginnen.",
  "validation.stripe_mode":
    "Veröffentlichbarer und geheimer Schlüssel müssen beide Test- oder beide Live-Schlüssel sein.",
};

export const fr: Record<keyof typeof en, string> = {
  "stripe.payByCard": "Payer par carte",
  "stripe.title": "Payer par carte",
  "stripe.testMode": "Mode test",
  "stripe.testModeHint":
    "Mode test : aucun argent réel n’est débité. Payez avec une carte de test de Stripe.",
  "stripe.confirmingTitle": "Votre paiement est en cours de confirmation",
  "stripe.confirming":
    "Merci ! Stripe confirme votre paiement par carte. Cette page se met à jour d’elle-même ; cela ne prend en général que quelques secondes.",
  "stripe.check": "Vérifier à nouveau",
  "stripe.paid": "Paiement reçu. Merci ! Vos billets arrivent par e-mail.",
  "stripe.failed":
    "Le paiement par carte n’a pas abouti. Vous pouvez réessayer ou choisir un autre moyen de paiement.",
  "stripe.cancelled":
    "Le paiement par carte n’a pas été terminé. Vos places restent réservées jusqu’à la date limite de paiement ; vous pouvez réessayer.",
  "stripe.refunded": "Ce paiement a été remboursé.",
  "stripe.orderClosed": "Cette réservation ne peut plus être payée (statut : {status}).",
  "stripe.again": "Réessayer",
  "stripe.otherWay": "Choisir un autre moyen de paiement",
  "stripe.refund": "Rembourser le paiement par carte",
  "stripe.refundHint":
    "Stripe rembourse la totalité du montant sur la carte ; la commande passe en opposition et ses billets ne donnent plus accès.",
  "stripe.webhook": "Point de terminaison webhook",
  "stripe.webhookHint":
    "Dans Stripe (Développeurs → Webhooks), ajoutez ce point de terminaison avec les événements ci-dessous, puis copiez son secret de signature (whsec_…) dans le dernier champ.",
  "payments.admin.newStripe": "Nouveau compte carte (Stripe)",
  "payments.admin.publishableKey": "Clé publiable (pk_…)",
  "payments.admin.secretKey": "Clé secrète (sk_…)",
  "payments.admin.secretKeyHint":
    "Conservée chiffrée. Une clé de test (sk_test_…) met le compte en mode test.",
  "payments.admin.webhookSecret": "Secret de signature du webhook (whsec_…)",
  "flash.refunded": "Le paiement a été remboursé.",
  "error.stripe_refused": "Stripe a refusé la demande.",
  "error.not_refundable": "Cette commande n’a pas de paiement par carte à rembourser.",
  "validation.stripe_key.secret_key":
    "La clé secrète doit être une clé secrète Stripe commençant par sk_ ou rk_.",
  "validation.stripe_key.publishable_key":
    "La clé publiable doit être une clé publiable Stripe commençant par pk_.",
  "validation.stripe_key.webhook_secret": "Le secret de signature du webhook doit commencer par whsec_.",
  "validation.stripe_mode":
    "Les clés publiable et secrète doivent être toutes deux de test ou toutes deux réelles.",
};
