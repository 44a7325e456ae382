// The window's translator, without runes, so plain modules (overlay texts, labels) can translate
// and still run in Node tests. i18n.svelte.ts installs a tracker that reads its locale rune on
// every call: inside a template or $derived the text then re-renders when the language changes.
// Only English (the source of keys and the fallback) is in the window's first script; another
// language's catalogue is a chunk of its own, loaded when that language is first asked for.
import { systemLocale, type Locale } from '../../i18n/locales';
import { CoreTranslator, type Translate } from '../../i18n/translator-core';
import type { Catalogue, MessageKey } from '../../i18n/catalogues';
import en from '../../i18n/en';
import type { KeyedText } from '../../src-main/common/keyed-text';

/** The catalogues not in the first script, each a dynamic import (a chunk of its own). */
const LATER_CATALOGUES: Readonly<Record<Exclude<Locale, 'en'>, () => Promise<{ default: Catalogue }>>> = {
  'zh-CN': () => import('../../i18n/zh-CN'),
  ko: () => import('../../i18n/ko'),
};

const translator = new CoreTranslator('en', { en });
const loading = new Map<Locale, Promise<void>>();
let track: () => void = () => {};

/** The page's languages (the OS's, in Electron) → the app's; Node tests have none: English. */
export function browserLocale(): Locale {
  const nav = (globalThis as { navigator?: { languages?: readonly string[]; language?: string } }).navigator;
  return systemLocale([...(nav?.languages ?? []), ...(nav?.language ? [nav.language] : [])]);
}

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

/** True when `locale` can be shown now, without loading anything. */
export function catalogueLoaded(locale: Locale): boolean {
  return translator.hasCatalogue(locale);
}

/** Loads `locale`'s catalogue once (later calls share the first load; a failed load may be retried). */
export function loadCatalogue(locale: Locale): Promise<void> {
  if (locale === 'en' || translator.hasCatalogue(locale)) return Promise.resolve();
  let load = loading.get(locale);
  if (!load) {
    load = LATER_CATALOGUES[locale]().then(
      (module) => translator.addCatalogue(locale, module.default),
      (err: unknown) => {
        loading.delete(locale);
        throw err;
      },
    );
    loading.set(locale, load);
  }
  return load;
}

/** Shows `locale`; its catalogue must be loaded (loadCatalogue). */
export function setTranslatorLocale(locale: Locale): void {
  translator.setLocale(locale);
}
