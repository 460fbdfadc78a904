import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
// The Chinese messages the live room may show; the rest load with the screens around it (message-parts.ts).
import zhCN from 'virtual:livesim-messages/live';
import type { MessagePart } from './message-parts';

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

/** The parts of the Chinese messages that load when first needed (message-parts.ts). */
const MESSAGE_LOADERS: Record<MessagePart, () => Promise<{ default: Record<string, unknown> }>> = {
  screens: () => import('virtual:livesim-messages/screens'),
  notices: () => import('virtual:livesim-messages/notices'),
  rehearsal: () => import('virtual:livesim-messages/rehearsal'),
};
const loadedMessages = new Map<MessagePart, Promise<void>>();

/**
 * A part of the Chinese messages that the live room does not show at first paint (the screens
 * around it, the console's notices, the rehearsal's script panel: message-parts.ts), added once,
 * when first needed. English is loaded whole when chosen.
 */
export function loadMessages(part: MessagePart): Promise<void> {
  let loading = loadedMessages.get(part);
  if (!loading) {
    loading = MESSAGE_LOADERS[part]().then(
      (m) => {
        i18n.addResourceBundle(DEFAULT_LANGUAGE, 'translation', m.default, true, false);
      },
      (e: unknown) => {
        loadedMessages.delete(part); // (a failed load is tried again next time)
        throw e;
      },
    );
    loadedMessages.set(part, loading);
  }
  return loading;
}

/** A lazily loaded module together with parts of the messages (for React.lazy). */
export function withMessages<M>(parts: MessagePart[], load: () => Promise<M>): () => Promise<M> {
  return () => Promise.all([load(), ...parts.map(loadMessages)]).then(([m]) => m);
}

/** A lazily loaded screen with the messages of the screens around the live room (and of the notices they show too). */
export function withScreenMessages<M>(load: () => Promise<M>): () => Promise<M> {
  return withMessages(['screens', 'notices'], load);
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
