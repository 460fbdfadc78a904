import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import zhCN from './locales/zh-CN.json';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';
export const LANGUAGE_STORAGE_KEY = 'livesim.lang';

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The remembered choice, or Simplified Chinese. Storage may be unavailable (private mode, file://). */
export function storedLanguage(): Language {
  try {
    const value = globalThis.localStorage?.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(value) ? value : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

function rememberLanguage(lang: Language): void {
  try {
    globalThis.localStorage?.setItem(LANGUAGE_STORAGE_KEY, lang);
  } catch {
    // Not remembering is acceptable; the toggle still works for this visit.
  }
}

function applyToDocument(lang: string): void {
  if (typeof document === 'undefined') return;
  document.documentElement.lang = lang;
  document.title = i18n.t('app.name');
}

/** English is loaded on first use (it is not needed to show the default, Chinese, UI). */
export async function ensureLanguage(lang: Language): Promise<void> {
  if (i18n.hasResourceBundle(lang, 'translation')) return;
  const messages = lang === 'en' ? (await import('./locales/en.json')).default : zhCN;
  i18n.addResourceBundle(lang, 'translation', messages);
}

export async function setLanguage(lang: Language): Promise<void> {
  rememberLanguage(lang);
  await ensureLanguage(lang);
  await i18n.changeLanguage(lang);
}

/** Before the first render: switch to the remembered language. */
export async function initLanguage(): Promise<void> {
  const lang = storedLanguage();
  if (lang !== i18n.language) await setLanguage(lang);
}

export function currentLanguage(): Language {
  return isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : DEFAULT_LANGUAGE;
}

i18n.on('languageChanged', applyToDocument);

void i18n.use(initReactI18next).init({
  resources: {
    'zh-CN': { translation: zhCN },
  },
  lng: DEFAULT_LANGUAGE,
  partialBundledLanguages: true,
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false }, // React escapes already
  initAsync: false,
});

applyToDocument(i18n.language);

export default i18n;
