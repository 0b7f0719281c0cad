import { de as coreDe } from "./de.js";
import { en as coreEn } from "./en.js";
import { fr as coreFr } from "./fr.js";
import * as checkinMessages from "./messages/checkin.js";
import * as dashboardMessages from "./messages/dashboard.js";
import * as eventAdminMessages from "./messages/event-admin.js";
import * as eventTabMessages from "./messages/event-tabs.js";
import * as experienceMessages from "./messages/experiences.js";
import * as exportMessages from "./messages/exports.js";
import * as guestCheckoutMessages from "./messages/guest-checkout.js";
import * as guestcardMessages from "./messages/guestcards.js";
import * as informationMessages from "./messages/information.js";
import * as lydiaMessages from "./messages/lydia.js";
import * as mailAdminMessages from "./messages/mail-admin.js";
import * as onboardingMessages from "./messages/onboarding.js";
import * as optionMessages from "./messages/options.js";
import * as orderLogMessages from "./messages/order-log.js";
import * as orderMailMessages from "./messages/order-mails.js";
import * as paymentAdminMessages from "./messages/payment-admin.js";
import * as paymentMessages from "./messages/payments.js";
import * as paypalMessages from "./messages/paypal.js";
import * as presentationMessages from "./messages/presentation.js";
import * as privacyMessages from "./messages/privacy.js";
import * as roomMessages from "./messages/rooms.js";
import * as shopMessages from "./messages/shop.js";
import * as stripeMessages from "./messages/stripe.js";
import * as testModeMessages from "./messages/test-mode.js";
import * as ticketMessages from "./messages/tickets.js";
import * as translationMessages from "./messages/translations.js";
import * as validationMessages from "./messages/validation.js";
import * as waitingRoomMessages from "./messages/waiting-room.js";
import * as walletMessages from "./messages/wallet.js";

// Each module's catalog is typed by its own English keys, so no language can miss a key.
const en = {
  ...coreEn,
  ...testModeMessages.en,
  ...optionMessages.en,
  ...informationMessages.en,
  ...orderMailMessages.en,
  ...orderLogMessages.en,
  ...shopMessages.en,
  ...guestCheckoutMessages.en,
  ...eventAdminMessages.en,
  ...paymentMessages.en,
  ...paymentAdminMessages.en,
  ...paypalMessages.en,
  ...lydiaMessages.en,
  ...stripeMessages.en,
  ...ticketMessages.en,
  ...translationMessages.en,
  ...exportMessages.en,
  ...checkinMessages.en,
  ...roomMessages.en,
  ...walletMessages.en,
  ...waitingRoomMessages.en,
  ...guestcardMessages.en,
  ...experienceMessages.en,
  ...privacyMessages.en,
  ...mailAdminMessages.en,
  ...eventTabMessages.en,
  ...dashboardMessages.en,
  ...presentationMessages.en,
  ...validationMessages.en,
  ...onboardingMessages.en,
};
export type MessageKey = keyof typeof en;
const de: Record<MessageKey, string> = {
  ...coreDe,
  ...testModeMessages.de,
  ...optionMessages.de,
  ...informationMessages.de,
  ...orderMailMessages.de,
  ...orderLogMessages.de,
  ...shopMessages.de,
  ...guestCheckoutMessages.de,
  ...eventAdminMessages.de,
  ...paymentMessages.de,
  ...paymentAdminMessages.de,
  ...paypalMessages.de,
  ...lydiaMessages.de,
  ...stripeMessages.de,
  ...ticketMessages.de,
  ...translationMessages.de,
  ...exportMessages.de,
  ...checkinMessages.de,
  ...roomMessages.de,
  ...walletMessages.de,
  ...waitingRoomMessages.de,
  ...guestcardMessages.de,
  ...experienceMessages.de,
  ...privacyMessages.de,
  ...mailAdminMessages.de,
  ...eventTabMessages.de,
  ...dashboardMessages.de,
  ...presentationMessages.de,
  ...validationMessages.de,
  ...onboardingMessages.de,
};
const fr: Record<MessageKey, string> = {
  ...coreFr,
  ...testModeMessages.fr,
  ...optionMessages.fr,
  ...informationMessages.fr,
  ...orderMailMessages.fr,
  ...orderLogMessages.fr,
  ...shopMessages.fr,
  ...guestCheckoutMessages.fr,
  ...eventAdminMessages.fr,
  ...paymentMessages.fr,
  ...paymentAdminMessages.fr,
  ...paypalMessages.fr,
  ...lydiaMessages.fr,
  ...stripeMessages.fr,
  ...ticketMessages.fr,
  ...translationMessages.fr,
  ...exportMessages.fr,
  ...checkinMessages.fr,
  ...roomMessages.fr,
  ...walletMessages.fr,
  ...waitingRoomMessages.fr,
  ...guestcardMessages.fr,
  ...experienceMessages.fr,
  ...privacyMessages.fr,
  ...mailAdminMessages.fr,
  ...eventTabMessages.fr,
  ...dashboardMessages.fr,
  ...presentationMessages.fr,
  ...validationMessages.fr,
  ...onboardingMessages.fr,
};
export const LOCALES = ["en", "de", "fr"] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", de: "Deutsch", fr: "Français" };

const catalogs: Record<Locale, Record<MessageKey, string>> = { en, de, fr };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** Picks the best supported locale from an Accept-Language header (q-values honoured). */
export function negotiateLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return "en";
  const ranked = acceptLanguage
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { base: tag.toLowerCase().split("-")[0] ?? "", q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.q - a.q);
  return (ranked.find((r) => isLocale(r.base))?.base as Locale | undefined) ?? "en";
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  const catalog = catalogs[locale];
  return (key, params) => {
    const template = catalog[key] ?? en[key];
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (match, name: string) =>
      params[name] === undefined ? match : String(params[name]),
    );
  };
}

export function hasMessage(key: string): key is MessageKey {
  return key in en;
}
