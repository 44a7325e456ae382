// The catalogue checks: every language has every English key (plural forms by its own rules), no
// language has a key English lacks, placeholders match English's, and every key is used in the code.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUES, type Catalogue } from '../../../i18n/catalogues';
import { LOCALES } from '../../../i18n/locales';

const PLURAL = /_(zero|one|two|few|many|other)$/;

function leaves(catalogue: Catalogue, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(catalogue)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

function placeholders(text: string): string[] {
  const names = [...text.matchAll(/\{\{\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1]!);
  return [...new Set(names)].sort();
}

/** English keys → what each language must have: plain keys as they are, plurals in its own forms. */
function expectedKeys(locale: string, english: Map<string, string>): Set<string> {
  const forms = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
  const out = new Set<string>();
  for (const key of english.keys()) {
    if (!PLURAL.test(key)) out.add(key);
    else for (const form of forms) out.add(key.replace(PLURAL, `_${form}`));
  }
  return out;
}

const english = leaves(CATALOGUES.en);

/** The message's English counterpart: the same key, or for a plural form the English `_other`. */
function englishFor(key: string): string | undefined {
  return english.get(key) ?? english.get(key.replace(PLURAL, '_other'));
}

describe('catalogues', () => {
  it('English has plurals only as _one/_other pairs', () => {
    for (const key of english.keys()) {
      const match = PLURAL.exec(key);
      if (!match) continue;
      expect(['one', 'other'], key).toContain(match[1]);
      const base = key.replace(PLURAL, '');
      expect(english.has(`${base}_one`) && english.has(`${base}_other`), base).toBe(true);
    }
  });

  for (const locale of LOCALES.filter((l) => l !== 'en')) {
    it(`${locale} has every key English has, and no other`, () => {
      const have = new Set(leaves(CATALOGUES[locale]).keys());
      const want = expectedKeys(locale, english);
      expect(
        [...want].filter((k) => !have.has(k)),
        'missing',
      ).toEqual([]);
      expect(
        [...have].filter((k) => !want.has(k)),
        'not in English',
      ).toEqual([]);
    });

    it(`${locale} has the same placeholders as English in every message`, () => {
      const mismatched: string[] = [];
      for (const [key, text] of leaves(CATALOGUES[locale])) {
        const source = englishFor(key);
        if (source === undefined) continue;
        // A plural's count may be left out where the language says it in words (e.g. "one").
        const want = placeholders(source).filter((p) => !(PLURAL.test(key) && p === 'count'));
        const have = placeholders(text).filter((p) => !(PLURAL.test(key) && p === 'count'));
        if (want.join() !== have.join()) mismatched.push(`${key}: ${have.join()} ≠ ${want.join()}`);
      }
      expect(mismatched).toEqual([]);
    });

    it(`${locale} translates: no message is empty`, () => {
      for (const [key, text] of leaves(CATALOGUES[locale])) expect(text.trim(), key).not.toBe('');
    });
  }

  it('every message key the code puts on an error is in the catalogue, and is a literal', () => {
    const sources = [...files('src-main', /\.ts$/), ...files('src-renderer', /\.(ts|svelte)$/)].map((f) => ({
      f,
      text: readFileSync(f, 'utf8'),
    }));
    const bases = new Set([...english.keys()].map((k) => k.replace(PLURAL, '')));
    const missing: string[] = [];
    const templated: string[] = [];
    for (const { f, text } of sources) {
      for (const m of text.matchAll(
        /messageKey:\s*'([^']+)'|'((?:cloud\.error|error|link\.error)\.[\w.]+)'/g,
      )) {
        const key = m[1] ?? m[2]!;
        if (!bases.has(key)) missing.push(`${f}: ${key}`);
      }
      if (/messageKey:\s*`/.test(text)) templated.push(f);
    }
    expect(missing).toEqual([]);
    expect(templated).toEqual([]);
  });

  it('every English key is used by the code (as a literal key string)', () => {
    const sources = [
      ...files('src-main', /\.ts$/),
      ...files('src-renderer', /\.(ts|svelte)$/),
      ...files('i18n', /\.ts$/).filter((f) => !/\/(en|zh-CN|ko)\.ts$/.test(f)),
    ]
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const bases = new Set([...english.keys()].map((k) => k.replace(PLURAL, '')));
    const unused = [...bases].filter((key) => !sources.includes(`'${key}'`) && !sources.includes(`"${key}"`));
    expect(unused).toEqual([]);
  });
});

function files(dir: string, pattern: RegExp): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...files(path, pattern));
    else if (pattern.test(name)) out.push(path);
  }
  return out;
}
