// Main's translator (and the tests'): every catalogue in memory, so any language can be shown at
// once. A window loads its languages' catalogues as needed instead (src-renderer/lib/translate.ts).
import { CATALOGUES } from './catalogues';
import { CoreTranslator, type StartCatalogues } from './translator-core';
import type { Locale } from './locales';

export type { Translate } from './translator-core';

export class Translator extends CoreTranslator {
  constructor(locale: Locale, catalogues: StartCatalogues = CATALOGUES) {
    super(locale, catalogues);
  }
}

/** English, for text main writes in English whatever the user's language (logs, envelopes' `message`). */
export const ENGLISH = new Translator('en');
