import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { commonLocales } from './locales.ts';
import { uiCapabilities } from './capabilities.tsx';

export const UI_LANGUAGES = [
  { code: 'sv', label: 'Svenska' },
  { code: 'en', label: 'English' },
] as const;

const STORAGE_KEY = 'utvag.language';

/** All texts go through i18next: the shell's under `common`, each capability's under its own name. */
export function setupI18n() {
  const resources: Record<string, Record<string, object>> = { sv: { common: commonLocales.sv }, en: { common: commonLocales.en } };
  for (const c of uiCapabilities) {
    resources.sv![c.name] = c.locales.sv;
    resources.en![c.name] = c.locales.en;
  }
  const stored = localStorage.getItem(STORAGE_KEY);
  const lng = stored === 'en' || stored === 'sv' ? stored : 'sv';
  document.documentElement.lang = lng;
  void i18next.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: 'sv',
    defaultNS: 'common',
    interpolation: { escapeValue: false },
  });
  i18next.on('languageChanged', (l) => {
    document.documentElement.lang = l;
    localStorage.setItem(STORAGE_KEY, l);
  });
  return i18next;
}
