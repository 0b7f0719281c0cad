// Guest checkout, the basket kept across a login, and e-mail confirmation (issue 23). English is the reference.
export const en = {
  "shop.guestFirst": 'Book as a guest with your e-mail, or log in to find your tickets in "My account".',
  "shop.guestEmail": "Your e-mail",
  "shop.guestEmailHint": "Your confirmation and the link to your order go there. No account needed.",
  "shop.guestName": "Your name",
  "shop.loginToBook": "Log in and book",
  "shop.registerToBook": "Create an account and book",
  "shop.basketKept": "What you chose is kept: you come back to it after logging in.",
  "shop.loginWhy.onePerPerson":
    "This event allows one order per person: log in or create an account to book, so that each person books once.",
  "shop.loginWhy.restricted":
    "Some of the tickets you chose are reserved for a particular audience: log in or create an account to show that you belong to it.",
  "shop.basketRestored": "Welcome back: your choice is still here. Check it and book.",
  "order.guestHint":
    "You booked without an account: keep the mail with the link to this page, it is your way back to this order.",
  "error.login_required": "Please log in or create an account to book this.",
  "error.email_unconfirmed":
    "Please confirm your e-mail address first: open the link we sent you (or ask for a new one above).",
  "error.confirmation_rate_limited":
    "We have sent several links already; please wait an hour before asking again.",
  "confirm.banner":
    "Please confirm your e-mail address with the link we sent you. Until then, tickets reserved for an audience and events with one order per person stay closed to you.",
  "confirm.resend": "Send the link again",
  "flash.confirmationSent": "We sent you a new confirmation link.",
  "flash.emailConfirmed": "Thank you: your e-mail address is confirmed.",
  "confirm.gone.title": "This link cannot be used",
  "confirm.used": "This confirmation link was already used.",
  "confirm.expired": "This confirmation link has expired. Log in and ask for a new one.",
  "confirm.unknown": "This confirmation link is not valid.",
  "confirm.toAccount": "Go to my account",
  "mail.confirm.subject": "Confirm your e-mail address for Tessera",
  "mail.confirm.body":
    "Hello {name},\n\nplease confirm that this address is yours: open this link within 48 hours.\n\n{link}\n\nIf you did not create an account, ignore this message.",
  "mail.confirm.action": "Confirm my e-mail",
};

export const de: Record<keyof typeof en, string> = {
  "shop.guestFirst":
    "Buchen Sie als Gast mit Ihrer E-Mail-Adresse, oder melden Sie sich an, um Ihre Tickets unter „Mein Konto“ zu finden.",
  "shop.guestEmail": "Ihre E-Mail-Adresse",
  "shop.guestEmailHint": "Dorthin gehen Ihre Bestätigung und der Link zu Ihrer Bestellung. Kein Konto nötig.",
  "shop.guestName": "Ihr Name",
  "shop.loginToBook": "Anmelden und buchen",
  "shop.registerToBook": "Konto anlegen und buchen",
  "shop.basketKept": "Ihre Auswahl bleibt erhalten: Nach der Anmeldung kommen Sie zu ihr zurück.",
  "shop.loginWhy.onePerPerson":
    "Bei dieser Veranstaltung gilt eine Bestellung pro Person: Melden Sie sich an oder legen Sie ein Konto an, damit jede Person nur einmal bucht.",
  "shop.loginWhy.restricted":
    "Einige der gewählten Tickets sind einer bestimmten Zielgruppe vorbehalten: Melden Sie sich an oder legen Sie ein Konto an, um zu zeigen, dass Sie dazugehören.",
  "shop.basketRestored": "Willkommen zurück: Ihre Auswahl ist noch da. Prüfen Sie sie und buchen Sie.",
  "order.guestHint":
    "Sie haben ohne Konto gebucht: Bewahren Sie die E-Mail mit dem Link zu dieser Seite auf, über ihn kommen Sie zu Ihrer Bestellung zurück.",
  "error.login_required": "Bitte melden Sie sich an oder legen Sie ein Konto an, um dies zu buchen.",
  "error.email_unconfirmed":
    "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse: Öffnen Sie den Link, den wir Ihnen geschickt haben (oder fordern Sie oben einen neuen an).",
  "error.confirmation_rate_limited":
    "Wir haben schon mehrere Links geschickt; bitte warten Sie eine Stunde, bevor Sie erneut fragen.",
  "confirm.banner":
    "Bitte bestätigen Sie Ihre E-Mail-Adresse mit dem Link, den wir Ihnen geschickt haben. Bis dahin bleiben Tickets für bestimmte Zielgruppen und Veranstaltungen mit einer Bestellung pro Person für Sie gesperrt.",
  "confirm.resend": "Link erneut senden",
  "flash.confirmationSent": "Wir haben Ihnen einen neuen Bestätigungslink geschickt.",
  "flash.emailConfirmed": "Danke: Ihre E-Mail-Adresse ist bestätigt.",
  "confirm.gone.title": "Dieser Link ist nicht nutzbar",
  "confirm.used": "Dieser Bestätigungslink wurde schon benutzt.",
  "confirm.expired":
    "Dieser Bestätigungslink ist abgelaufen. Melden Sie sich an und fordern Sie einen neuen an.",
  "confirm.unknown": "Dieser Bestätigungslink ist ungültig.",
  "confirm.toAccount": "Zu meinem Konto",
  "mail.confirm.subject": "Bestätigen Sie Ihre E-Mail-Adresse für Tessera",
  "mail.confirm.body":
    "Hallo {name},\n\nbitte bestätigen Sie, dass diese Adresse Ihnen gehört: Öffnen Sie diesen Link innerhalb von 48 Stunden.\n\n{link}\n\nHaben Sie kein Konto angelegt, ignorieren Sie diese Nachricht.",
  "mail.confirm.action": "E-Mail-Adresse bestätigen",
};

export const fr: Record<keyof typeof en, string> = {
  "shop.guestFirst":
    "Réservez en invité avec votre e-mail, ou connectez-vous pour retrouver vos billets dans « Mon compte ».",
  "shop.guestEmail": "Votre e-mail",
  "shop.guestEmailHint":
    "Votre confirmation et le lien vers votre commande y seront envoyés. Pas besoin de compte.",
  "shop.guestName": "Votre nom",
  "shop.loginToBook": "Se connecter et réserver",
  "shop.registerToBook": "Créer un compte et réserver",
  "shop.basketKept": "Votre sélection est conservée : vous la retrouverez après la connexion.",
  "shop.loginWhy.onePerPerson":
    "Cet évènement n'accepte qu'une commande par personne : connectez-vous ou créez un compte pour réserver, afin que chacun ne réserve qu'une fois.",
  "shop.loginWhy.restricted":
    "Certains billets choisis sont réservés à un public particulier : connectez-vous ou créez un compte pour montrer que vous en faites partie.",
  "shop.basketRestored": "Bon retour : votre sélection est toujours là. Vérifiez-la et réservez.",
  "order.guestHint":
    "Vous avez réservé sans compte : gardez l'e-mail contenant le lien de cette page, c'est votre chemin vers cette commande.",
  "error.login_required": "Veuillez vous connecter ou créer un compte pour réserver ceci.",
  "error.email_unconfirmed":
    "Veuillez d'abord confirmer votre adresse e-mail : ouvrez le lien que nous vous avons envoyé (ou demandez-en un nouveau ci-dessus).",
  "error.confirmation_rate_limited":
    "Nous avons déjà envoyé plusieurs liens ; veuillez attendre une heure avant de redemander.",
  "confirm.banner":
    "Veuillez confirmer votre adresse e-mail avec le lien que nous vous avons envoyé. D'ici là, les billets réservés à un public et les évènements à une commande par personne vous restent fermés.",
  "confirm.resend": "Renvoyer le lien",
  "flash.confirmationSent": "Nous vous avons envoyé un nouveau lien de confirmation.",
  "flash.emailConfirmed": "Merci : votre adresse e-mail est confirmée.",
  "confirm.gone.title": "Ce lien n'est pas utilisable",
  "confirm.used": "Ce lien de confirmation a déjà été utilisé.",
  "confirm.expired": "Ce lien de confirmation a expiré. Connectez-vous et demandez-en un nouveau.",
  "confirm.unknown": "Ce lien de confirmation n'est pas valide.",
  "confirm.toAccount": "Aller à mon compte",
  "mail.confirm.subject": "Confirmez votre adresse e-mail pour Tessera",
  "mail.confirm.body":
    "Bonjour {name},\n\nveuillez confirmer que cette adresse est bien la vôtre : ouvrez ce lien dans les 48 heures.\n\n{link}\n\nSi vous n'avez pas créé de compte, ignorez ce message.",
  "mail.confirm.action": "Confirmer mon e-mail",
};
