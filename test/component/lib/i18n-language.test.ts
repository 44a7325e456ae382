import { beforeEach, describe, expect, it, vi } from 'vitest';
import en from '../../../i18n/en';
import ko from '../../../i18n/ko';
import zhCN from '../../../i18n/zh-CN';
import type * as I18nModule from '../../../src-renderer/lib/i18n.svelte';

type I18n = typeof I18nModule;

// Each test gets a fresh window: the module (its translator, its loaded catalogues) and its storage.
async function freshWindow(): Promise<I18n> {
  vi.resetModules();
  return import('../../../src-renderer/lib/i18n.svelte');
}

beforeEach(() => localStorage.clear());

describe('the window language, loaded on demand', () => {
  it('keeps showing the current language until the new catalogue is in, then switches', async () => {
    const i18n = await freshWindow();
    expect(i18n.t('app.heroTitle')).toBe(en.app.heroTitle);
    const switching = i18n.setLocale('ko');
    // Neither keys nor Korean yet: English until the catalogue has come.
    expect(i18n.t('app.heroTitle')).toBe(en.app.heroTitle);
    expect(i18n.locale()).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    await switching;
    expect(i18n.t('app.heroTitle')).toBe(ko.app.heroTitle);
    expect(i18n.locale()).toBe('ko');
    expect(document.documentElement.lang).toBe('ko');
    // Loaded once: going back and forth is immediate.
    void i18n.setLocale('en');
    expect(i18n.t('app.heroTitle')).toBe(en.app.heroTitle);
    void i18n.setLocale('ko');
    expect(i18n.t('app.heroTitle')).toBe(ko.app.heroTitle);
  });

  it('shows the language asked for last, whatever order the catalogues arrive in', async () => {
    const i18n = await freshWindow();
    const korean = i18n.setLocale('ko');
    const chinese = i18n.setLocale('zh-CN');
    await Promise.all([korean, chinese]);
    expect(i18n.locale()).toBe('zh-CN');
    expect(i18n.t('app.heroTitle')).toBe(zhCN.app.heroTitle);

    const other = await freshWindow();
    const late = other.setLocale('ko');
    await other.setLocale('en'); // English is always in: shown at once
    await late;
    expect(other.locale()).toBe('en');
    expect(other.t('app.heroTitle')).toBe(en.app.heroTitle);
  });

  it('starts in the language it showed last: English at once, another once its catalogue is in', async () => {
    const first = await freshWindow();
    // Nothing remembered, an English browser: shown at once, nothing to wait for.
    expect(first.startLanguage()).toBeUndefined();
    expect(first.locale()).toBe('en');
    await first.setLocale('ko');
    expect(localStorage.getItem(first.REMEMBERED_LANGUAGE_KEY)).toBe('ko');

    const next = await freshWindow();
    const ready = next.startLanguage();
    expect(ready).toBeInstanceOf(Promise);
    await ready;
    expect(next.locale()).toBe('ko');
    expect(next.t('app.heroTitle')).toBe(ko.app.heroTitle);
  });

  it('ignores a remembered value that is not one of its languages', async () => {
    localStorage.setItem('cvm.language', 'de"><script>');
    const i18n = await freshWindow();
    expect(i18n.startLanguage()).toBeUndefined();
    expect(i18n.locale()).toBe('en');
  });

  it('follows main: the saved setting once main has answered, then each change', async () => {
    const i18n = await freshWindow();
    let changed: ((s: { language: 'system' | 'en' | 'zh-CN' | 'ko' }) => void) | undefined;
    let answer: (v: { language: 'system' }) => void = () => {};
    i18n.followLanguage({
      settings: () => new Promise((resolve) => (answer = resolve)),
      systemLocale: async () => 'zh-CN',
      onSettingsChanged: (listener) => ((changed = listener), () => {}),
    });
    answer({ language: 'system' });
    await vi.waitFor(() => expect(i18n.locale()).toBe('zh-CN'));
    changed?.({ language: 'ko' });
    expect(i18n.locale()).toBe('zh-CN'); // until Korean's catalogue is in
    await vi.waitFor(() => expect(i18n.locale()).toBe('ko'));
    expect(i18n.t('app.heroTitle')).toBe(ko.app.heroTitle);
  });
});
