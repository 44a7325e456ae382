// The window's language as reactive state: `t(key, params)` reads the locale rune, so every
// template that calls it re-renders when the language changes (no restart, no reload).
// A language other than English is shown once its catalogue is in (a chunk loaded on first use):
// until then the window stays in the language it shows, so no key and no mix of languages is ever
// on screen. The window starts in the language it showed last (remembered in its storage), else
// the browser's (the OS's, in Electron); main's answer (the setting, else the OS language) then decides.
import { isLocale, resolveLocale, type LanguageSetting, type Locale } from '../../i18n/locales';
import {
  browserLocale,
  catalogueLoaded,
  loadCatalogue,
  setLocaleTracker,
  setTranslatorLocale,
  translatorLocale,
} from './translate';
import { safeStorage } from './safe-storage';

export { t, hasMessage, translateKey } from './translate';

/** The storage key of the language the window showed last (its next start shows it first). */
export const REMEMBERED_LANGUAGE_KEY = 'cvm.language';

const current = $state<{ locale: Locale; os: Locale | undefined }>({
  locale: translatorLocale(),
  os: undefined,
});
setLocaleTracker(() => void current.locale);
applyDocumentLanguage(current.locale);
/** Counts language requests: a catalogue that comes in after a later request is not shown. */
let requests = 0;

function applyDocumentLanguage(locale: Locale): void {
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

/** The window's language now (reactive). */
export function locale(): Locale {
  return current.locale;
}

/** The OS's language as main reported it (undefined until it has). */
export function osLocale(): Locale | undefined {
  return current.os;
}

/**
 * Shows `next`: at once if its catalogue is in, else once it is loaded (the promise settles then;
 * it rejects if the load failed, and the language shown stays). A later request wins: a catalogue
 * that arrives after another language was asked for is kept but not shown.
 */
export function setLocale(next: Locale): Promise<void> {
  const request = ++requests;
  if (catalogueLoaded(next)) {
    show(next);
    return Promise.resolve();
  }
  return loadCatalogue(next).then(() => {
    if (request === requests) show(next);
  });
}

function show(next: Locale): void {
  setTranslatorLocale(next);
  current.locale = next;
  applyDocumentLanguage(next);
  try {
    safeStorage()?.setItem(REMEMBERED_LANGUAGE_KEY, next);
  } catch {
    // Storage full or refused: the next start shows the browser's language first.
  }
}

/**
 * The window's first language, before its first render: the one it showed last, else the
 * browser's. Undefined when it is shown at once (English, whose catalogue is in the first
 * script); otherwise the promise settles once its catalogue is in and it is shown.
 */
export function startLanguage(): Promise<void> | undefined {
  let remembered: string | null = null;
  try {
    remembered = safeStorage()?.getItem(REMEMBERED_LANGUAGE_KEY) ?? null;
  } catch {
    // No storage: the browser's language.
  }
  // Written by us, but storage is outside input: only one of the app's languages is taken.
  const start = isLocale(remembered) ? remembered : browserLocale();
  if (!catalogueLoaded(start)) return setLocale(start);
  show(start);
  return undefined;
}

/** Applies the language setting, with main's view of the OS language for `system` (see setLocale). */
export function applyLanguage(setting: LanguageSetting, os: Locale): Promise<void> {
  current.os = os;
  return setLocale(resolveLocale(setting, os));
}

/** A number in the window's language (Intl). */
export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(current.locale, options).format(value);
}

/** A date and time in the window's language (Intl). */
export function formatDateTime(ms: number): string {
  return new Intl.DateTimeFormat(current.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

/** What the language sync needs from main: the setting, the OS language, and word of changes. */
export interface LanguageSource {
  settings(): Promise<{ language: LanguageSetting }>;
  systemLocale(): Promise<Locale>;
  onSettingsChanged(listener: (settings: { language: LanguageSetting }) => void): () => void;
}

/**
 * Follows main's language: the saved setting and the OS language now, then every saved change
 * (from this window's settings page or another window's). Returns the unsubscribe.
 */
export function followLanguage(source: LanguageSource): () => void {
  let osLocale: Locale | undefined;
  let setting: LanguageSetting | undefined;
  const apply = (): void => {
    // A catalogue that failed to load leaves the window in the language it shows.
    if (osLocale && setting) applyLanguage(setting, osLocale).catch(() => {});
  };
  const off = source.onSettingsChanged((next) => {
    setting = next.language;
    apply();
  });
  void Promise.all([source.settings(), source.systemLocale()])
    .then(([settings, os]) => {
      osLocale = os;
      setting ??= settings.language;
      apply();
    })
    .catch(() => {
      // No main to ask (a page outside its window): the browser's languages stay.
    });
  return off;
}
