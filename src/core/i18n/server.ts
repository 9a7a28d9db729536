import i18next, { type i18n } from 'i18next';
import Negotiator from 'negotiator';
import { coreMessages } from './messages.ts';
import type { SameKeys } from './texts.ts';

export const LANGUAGES = ['sv', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Error messages in Swedish, and in English with the same keys (see texts.ts): a key missing in either is a type error. */
export interface MessageBundle<E extends Record<string, string> = Record<string, string>> {
  sv: { errors: E };
  en: { errors: SameKeys<E> };
}

/** Declares a capability's error messages; the Swedish ones give the keys the English ones must have. */
export function defineMessages<const E extends Record<string, string>>(bundle: { sv: { errors: E }; en: { errors: NoInfer<SameKeys<E>> } }): MessageBundle<E> {
  return bundle;
}

const instance: i18n = i18next.createInstance();
void instance.init({
  lng: 'sv',
  fallbackLng: 'sv',
  supportedLngs: [...LANGUAGES],
  defaultNS: 'errors',
  ns: ['errors'],
  resources: { sv: { errors: coreMessages.sv.errors }, en: { errors: coreMessages.en.errors } },
  interpolation: { escapeValue: false },
  initAsync: false,
});

/** Capabilities add their own error messages at start (see src/capabilities.ts). */
export function addMessages(bundle: MessageBundle): void {
  for (const lang of LANGUAGES) instance.addResourceBundle(lang, 'errors', bundle[lang].errors, true, false);
}

export function pickLanguage(acceptLanguage: string | undefined): Language {
  const chosen = new Negotiator({ headers: { 'accept-language': acceptLanguage ?? 'sv' } }).language([...LANGUAGES]);
  return (chosen as Language | undefined) ?? 'sv';
}

export function translate(lang: Language, code: string, params: Record<string, unknown> = {}): string {
  return instance.t(code, { lng: lang, ...params, defaultValue: instance.t('internal', { lng: lang }) });
}
