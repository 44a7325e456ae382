// Every language's catalogue, by locale. English is the source; the others are checked against it.
import en from './en';
import ko from './ko';
import zhCN from './zh-CN';
import type { Locale } from './locales';

/** A catalogue: nested objects of strings (key paths join with dots). */
export interface Catalogue {
  readonly [key: string]: string | Catalogue;
}

export const CATALOGUES: Readonly<Record<Locale, Catalogue>> = { en, 'zh-CN': zhCN, ko };

type Paths<T> = {
  [K in keyof T & string]: T[K] extends string ? K : `${K}.${Paths<T[K]>}`;
}[keyof T & string];
type PluralBase<K extends string> =
  K extends `${infer Base}_${'zero' | 'one' | 'two' | 'few' | 'many' | 'other'}` ? Base : K;

/** A key of the English catalogue, dotted (`tray.quit`); a plural by its base (`tray.consoles`). */
export type MessageKey = PluralBase<Paths<typeof en>>;
