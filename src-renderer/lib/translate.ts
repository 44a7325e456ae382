// The window's translator, without runes, so plain modules (overlay texts, labels) can translate
// and still run in Node tests. i18n.svelte.ts installs a tracker that reads its locale rune on
// every call: inside a template or $derived the text then re-renders when the language changes.
import { systemLocale, type Locale } from '../../i18n/locales';
import { Translator, type Translate } from '../../i18n/translator';
import type { MessageKey } from '../../i18n/catalogues';
import type { KeyedText } from '../../src-main/common/keyed-text';

// The page's languages (the OS's, in Electron); Node tests have none and start in English.
const nav = (globalThis as { navigator?: { languages?: readonly string[]; language?: string } }).navigator;
const translator = new Translator(
  systemLocale([...(nav?.languages ?? []), ...(nav?.language ? [nav.language] : [])]),
);
let track: () => void = () => {};

/** i18n.svelte.ts: read the locale rune on each translation, so callers depend on it. */
export function setLocaleTracker(tracker: () => void): void {
  track = tracker;
}

/** Translate in the window's language (typed keys and placeholders). */
export const t: Translate = ((...args: unknown[]) => {
  track();
  return (translator.t as unknown as (...a: unknown[]) => string)(...args);
}) as unknown as Translate;

/** True when `key` is in the catalogue (for keys that arrive as data). */
export function hasMessage(key: string): key is MessageKey {
  return translator.has(key);
}

/** The text of a key that came as data (an error envelope's), if the catalogue has it. */
export function translateKey(key: string, values?: Record<string, unknown>): string | undefined {
  track();
  return translator.has(key) ? translator.translateKey(key, values) : undefined;
}

/** A keyed message that came as data, worded in the window's language (undefined: a key unknown here). */
export function wordText(text: KeyedText): string | undefined {
  track();
  return translator.word(text);
}

/** The translator's language (not reactive; i18n.svelte.ts's locale() is). */
export function translatorLocale(): Locale {
  track();
  return translator.locale;
}

export function setTranslatorLocale(locale: Locale): void {
  translator.setLocale(locale);
}
