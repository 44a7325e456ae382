// One i18next instance per side (main, each window), typed by the English catalogue: a key that
// is not in it, or a missing placeholder, is a type error. Plurals and numbers go through Intl
// (i18next picks `_one`/`_other` with Intl.PluralRules; `{{n, number}}` uses Intl.NumberFormat).
// It holds the catalogues it is given and those added later (a window loads a language's
// catalogue when it is first shown: src-renderer/lib/translate.ts); main gives it all of them
// (translator.ts). It never shows a language whose catalogue is not in.
import i18next, { type i18n } from 'i18next';
import type { Catalogue, MessageKey } from './catalogues';
import type en from './en';
import { LOCALES, type Locale } from './locales';
import { wordKeyed, type KeyedText } from '../src-main/common/keyed-text';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
    returnNull: false;
  }
}

export type Translate = i18n['t'];

/** The catalogues a translator starts with: English (the source of keys and the fallback) at least. */
export type StartCatalogues = { readonly en: Catalogue } & Partial<Readonly<Record<Locale, Catalogue>>>;

export class CoreTranslator {
  private readonly instance: i18n;
  private readonly listeners = new Set<(locale: Locale) => void>();

  constructor(locale: Locale, catalogues: StartCatalogues) {
    if (!catalogues[locale]) throw new Error(`no catalogue for ${locale}`);
    this.instance = i18next.createInstance();
    void this.instance.init({
      lng: locale,
      fallbackLng: 'en',
      supportedLngs: [...LOCALES],
      resources: Object.fromEntries(
        Object.entries(catalogues).map(([lng, translation]) => [lng, { translation }]),
      ),
      // Synchronous: the catalogues given are in memory, so the first render is already translated.
      initAsync: false,
      // Svelte and native menus escape (or never interpret) text themselves.
      interpolation: { escapeValue: false },
      // Keys contain dots only as separators; no namespaces in keys.
      nsSeparator: false,
      returnNull: false,
    });
    // i18next's own `number` keeps its Intl.NumberFormat under a key made of every value of the
    // call, so a count that changes built a new formatter (about a millisecond) each time: the
    // inventory's count on every keystroke. The catalogues use `{{n, number}}` without options.
    const formats = new Map<string, Intl.NumberFormat>();
    this.instance.services.formatter?.add('number', (value: unknown, lng: string | undefined) => {
      const locale = lng ?? 'en';
      let format = formats.get(locale);
      if (!format) formats.set(locale, (format = new Intl.NumberFormat(locale)));
      return format.format(value as number);
    });
  }

  get locale(): Locale {
    return this.instance.language as Locale;
  }

  /**
   * Texts of keys asked for without values, in the current language. i18next's lookup costs tens
   * of µs, and a table row asks for several (its state, its labels) every time it is drawn.
   */
  private readonly plain = new Map<string, string>();

  /** The typed translate function (keys and placeholders from the English catalogue). */
  readonly t: Translate = ((...args: unknown[]) => {
    const key = args[0];
    if (args.length !== 1 || typeof key !== 'string')
      return (this.instance.t as unknown as (...a: unknown[]) => string)(...args);
    let text = this.plain.get(key);
    if (text === undefined) {
      text = (this.instance.t as unknown as (k: string) => string)(key);
      this.plain.set(key, text);
    }
    return text;
  }) as unknown as Translate;

  /** True when `key` is a message of the catalogue (keys that come as data, e.g. an envelope's). */
  has(key: string): key is MessageKey {
    // A leaf of the English catalogue (the source of keys), or the base of a plural; never a branch.
    const leaf = (k: string) => typeof this.instance.getResource('en', 'translation', k) === 'string';
    return leaf(key) || leaf(`${key}_other`);
  }

  /** A key that came as data (checked with `has`), with its values: untyped by nature. */
  translateKey(key: MessageKey, values: Record<string, unknown> = {}): string {
    return (this.instance.t as unknown as (k: string, o: object) => string)(key, values);
  }

  /** A keyed message's words (its keyed values worded first); undefined if a key is not in the catalogue. */
  word(text: KeyedText): string | undefined {
    return wordKeyed(text, (key, values) => (this.has(key) ? this.translateKey(key, values) : undefined));
  }

  /** True when `locale`'s catalogue is in (only then can it be shown). */
  hasCatalogue(locale: Locale): boolean {
    return this.instance.hasResourceBundle(locale, 'translation');
  }

  /** Adds a language's catalogue (loaded later); the language shown does not change. */
  addCatalogue(locale: Locale, catalogue: Catalogue): void {
    if (!this.hasCatalogue(locale)) this.instance.addResourceBundle(locale, 'translation', catalogue);
  }

  /** Shows `locale`, whose catalogue must be in: a language is never shown as its keys or as English. */
  setLocale(locale: Locale): void {
    if (locale === this.locale) return;
    if (!this.hasCatalogue(locale)) throw new Error(`the ${locale} catalogue is not loaded`);
    void this.instance.changeLanguage(locale);
    this.plain.clear();
    for (const listener of this.listeners) listener(locale);
  }

  onChange(listener: (locale: Locale) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
