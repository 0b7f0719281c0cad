// paypal payment texts. English is the reference; de and fr are typed by its keys.
export const en = {} as const;

export const de: Record<keyof typeof en, string> = {};

export const fr: Record<keyof typeof en, string> = {};
