import { CATALOGUES } from '../../../i18n/catalogues';
import { describe, expect, it } from 'vitest';
import { matchLocale, resolveLocale, systemLocale, tencentLanguage } from '../../../i18n/locales';
import { Translator } from '../../../i18n/translator';

describe('choosing the language', () => {
  it('maps OS language tags to the app languages', () => {
    expect(matchLocale('zh-CN')).toBe('zh-CN');
    expect(matchLocale('zh-Hans-CN')).toBe('zh-CN');
    expect(matchLocale('zh_SG')).toBe('zh-CN');
    expect(matchLocale('zh')).toBe('zh-CN');
    expect(matchLocale('zh-TW')).toBeUndefined();
    expect(matchLocale('zh-Hant-HK')).toBeUndefined();
    expect(matchLocale('ko-KR')).toBe('ko');
    expect(matchLocale('en-GB')).toBe('en');
    expect(matchLocale('de-DE')).toBeUndefined();
  });

  it('takes the first preferred OS language the app has, else English', () => {
    expect(systemLocale(['de-DE', 'ko-KR', 'en-US'])).toBe('ko');
    expect(systemLocale(['fr-FR'])).toBe('en');
    expect(systemLocale([])).toBe('en');
  });

  it('lets the setting override the OS language', () => {
    expect(resolveLocale('system', 'ko')).toBe('ko');
    expect(resolveLocale('zh-CN', 'ko')).toBe('zh-CN');
    expect(resolveLocale('en', 'zh-CN')).toBe('en');
  });

  it('asks Tencent Cloud for Chinese or English (it accepts no Korean)', () => {
    expect(tencentLanguage('zh-CN')).toBe('zh-CN');
    expect(tencentLanguage('en')).toBe('en-US');
    expect(tencentLanguage('ko')).toBe('en-US');
  });
});

describe('Translator', () => {
  it('translates, interpolates and switches language at once, telling listeners', () => {
    const i18n = new Translator('en');
    const seen: string[] = [];
    i18n.onChange((locale) => seen.push(locale));
    expect(i18n.t('cloud.error.instance.notFound')).toBe('No such instance.');
    i18n.setLocale('zh-CN');
    expect(i18n.t('cloud.error.instance.notFound')).toBe('实例不存在。');
    expect(i18n.t('language.system', { language: '简体中文' })).toBe('跟随系统（简体中文）');
    i18n.setLocale('zh-CN');
    i18n.setLocale('ko');
    expect(i18n.t('cloud.error.instance.notFound')).toBe('해당 인스턴스가 없습니다.');
    expect(seen).toEqual(['zh-CN', 'ko']);
  });

  it('formats numbers in the language, as the values change (one formatter per language)', () => {
    const i18n = new Translator('en');
    expect(i18n.t('inventory.count', { shown: 1234, total: 10_000 })).toBe('1,234 of 10,000');
    expect(i18n.t('inventory.count', { shown: 12, total: 10_000 })).toBe('12 of 10,000');
    i18n.setLocale('ko');
    expect(i18n.t('inventory.count', { shown: 1234, total: 10_000 })).toContain('1,234');
    // The cached formatter takes no options: every `number` placeholder of every catalogue is bare.
    for (const catalogue of Object.values(CATALOGUES))
      for (const text of leaves(catalogue)) expect(text).not.toMatch(/\{\{[^}]*,\s*number\s*\(/);
  });

  it('knows which keys that arrive as data are in the catalogue', () => {
    const i18n = new Translator('ko');
    expect(i18n.has('cloud.error.throttled')).toBe(true);
    expect(i18n.has('cloud.error')).toBe(false);
    expect(i18n.has('no.such.key')).toBe(false);
  });
});

function leaves(tree: unknown): string[] {
  return typeof tree === 'string' ? [tree] : Object.values(tree as object).flatMap(leaves);
}
