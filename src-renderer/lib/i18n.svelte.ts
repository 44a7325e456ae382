// The window's language as reactive state: `t(key, params)` reads the locale rune, so every
// template that calls it re-renders at once when the language changes (no restart, no reload).
// Starts from the browser's languages (the OS's, in Electron) so the first paint is already in the
// likely language; main's answer (the setting, else the OS language) then decides.
import { resolveLocale, systemLocale, type LanguageSetting, type Locale } from '../../i18n/locales';
import { Translator, type Translate } from '../../i18n/translator';
import type { MessageKey } from '../../i18n/catalogues';

const translator = new Translator(
  systemLocale(typeof navigator === 'undefined' ? [] : [...(navigator.languages ?? []), navigator.language]),
);
const current = $state({ locale: translator.locale });
applyDocumentLanguage(translator.locale);

function applyDocumentLanguage(locale: Locale): void {
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

/** Translate; reactive in templates and $derived (it reads the locale). */
export const t: Translate = ((...args: unknown[]) => {
  void current.locale;
  return (translator.t as unknown as (...a: unknown[]) => string)(...args);
}) as unknown as Translate;

/** The window's language now (reactive). */
export function locale(): Locale {
  return current.locale;
}

/** True when `key` is in the catalogue (for keys that arrive as data). */
export function hasMessage(key: string): key is MessageKey {
  return translator.has(key);
}

/** The text of a key that came as data (an error envelope's), if the catalogue has it. */
export function translateKey(key: string, values?: Record<string, unknown>): string | undefined {
  void current.locale;
  return translator.has(key) ? translator.translateKey(key, values) : undefined;
}

export function setLocale(next: Locale): void {
  translator.setLocale(next);
  current.locale = next;
  applyDocumentLanguage(next);
}

/** Applies the language setting, with main's view of the OS language for `system`. */
export function applyLanguage(setting: LanguageSetting, osLocale: Locale): void {
  setLocale(resolveLocale(setting, osLocale));
}

/** A number in the window's language (Intl). */
export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(current.locale, options).format(value);
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
