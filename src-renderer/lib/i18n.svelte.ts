// The window's language as reactive state: `t(key, params)` reads the locale rune, so every
// template that calls it re-renders at once when the language changes (no restart, no reload).
// Starts from the browser's languages (the OS's, in Electron) so the first paint is already in the
// likely language; main's answer (the setting, else the OS language) then decides.
import { resolveLocale, type LanguageSetting, type Locale } from '../../i18n/locales';
import { setLocaleTracker, setTranslatorLocale, translatorLocale } from './translate';

export { t, hasMessage, translateKey } from './translate';

const current = $state<{ locale: Locale; os: Locale | undefined }>({
  locale: translatorLocale(),
  os: undefined,
});
setLocaleTracker(() => void current.locale);
applyDocumentLanguage(current.locale);

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

export function setLocale(next: Locale): void {
  setTranslatorLocale(next);
  current.locale = next;
  applyDocumentLanguage(next);
}

/** Applies the language setting, with main's view of the OS language for `system`. */
export function applyLanguage(setting: LanguageSetting, os: Locale): void {
  current.os = os;
  setLocale(resolveLocale(setting, os));
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
    if (osLocale && setting) applyLanguage(setting, osLocale);
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
