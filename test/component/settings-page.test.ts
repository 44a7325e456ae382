import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import SettingsPage from '../../src-renderer/shell/SettingsPage.svelte';
import { SettingsState } from '../../src-renderer/shell/settings.svelte';
import { locale, setLocale } from '../../src-renderer/lib/i18n.svelte';
import type { Settings } from '../../src-main/contract';
import en from '../../i18n/en';
import ko from '../../i18n/ko';
import zhCN from '../../i18n/zh-CN';

afterEach(() => {
  cleanup();
  setLocale('en');
});

// The defaults of src-main/settings.ts (which a jsdom test cannot import: it reads files).
const DEFAULTS: Settings = {
  rewriteTencentOrigin: true,
  closeToTray: true,
  startAtLogin: false,
  trayInstanceCount: 15,
  notifications: true,
  theme: 'system',
  language: 'system',
  defaultScale: 'fit',
  autoReconnect: true,
  logLevel: 'info',
};

describe('SettingsPage', () => {
  it('takes the focus to its first field when asked (Ctrl+,), and only then', async () => {
    const settings = new SettingsState({ get: async () => DEFAULTS, set: async () => DEFAULTS });
    await settings.load();
    const page = render(SettingsPage, { settings, onopenlogfolder: async () => true });
    expect(document.activeElement).toBe(document.body);
    await page.rerender({ settings, onopenlogfolder: async () => true, focusRequest: 1 });
    expect(document.activeElement).toBe(screen.getByTestId('setting-language'));
    cleanup();
    // Shown already asked (the page is a chunk that may come after the key): it takes the focus as it appears.
    render(SettingsPage, { settings, onopenlogfolder: async () => true, focusRequest: 2 });
    expect(document.activeElement).toBe(screen.getByTestId('setting-language'));
  });

  it('shows the saved origin setting and saves a change through main', async () => {
    let saved: Settings = DEFAULTS;
    const set = vi.fn(async (patch: Partial<Settings>) => (saved = { ...saved, ...patch }));
    const settings = new SettingsState({ get: async () => saved, set });
    await settings.load();
    render(SettingsPage, { settings, systemLocale: 'ko', onopenlogfolder: async () => true });
    const box = screen.getByTestId('setting-rewrite-origin') as HTMLInputElement;
    expect(box.checked).toBe(true);
    await fireEvent.click(box);
    await waitFor(() => expect(set).toHaveBeenCalledWith({ rewriteTencentOrigin: false }));
    expect(saved.rewriteTencentOrigin).toBe(false);
    await waitFor(() =>
      expect((screen.getByTestId('setting-rewrite-origin') as HTMLInputElement).checked).toBe(false),
    );
  });

  it('shows the desktop settings as saved and saves each change through main', async () => {
    let saved: Settings = DEFAULTS;
    const set = vi.fn(async (patch: Partial<Settings>) => (saved = { ...saved, ...patch }));
    const settings = new SettingsState({ get: async () => saved, set });
    await settings.load();
    render(SettingsPage, { settings, systemLocale: 'ko', onopenlogfolder: async () => true });
    const box = (key: string) => screen.getByTestId(`setting-${key}`) as HTMLInputElement;
    expect([box('closeToTray').checked, box('startAtLogin').checked, box('notifications').checked]).toEqual([
      true,
      false,
      true,
    ]);
    await fireEvent.click(box('startAtLogin'));
    await waitFor(() => expect(set).toHaveBeenCalledWith({ startAtLogin: true }));
    await waitFor(() => expect(box('startAtLogin').checked).toBe(true));
    await fireEvent.click(box('closeToTray'));
    await waitFor(() => expect(set).toHaveBeenLastCalledWith({ closeToTray: false }));
    expect(saved).toEqual({ ...DEFAULTS, startAtLogin: true, closeToTray: false });
  });

  it('says so when main cannot save, and keeps the last saved value', async () => {
    const settings = new SettingsState({
      get: async () => DEFAULTS,
      set: async () => {
        throw new Error('disk full');
      },
    });
    await settings.load();
    render(SettingsPage, { settings, systemLocale: 'ko', onopenlogfolder: async () => true });
    await fireEvent.click(screen.getByTestId('setting-rewrite-origin'));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('disk full'));
    expect(settings.value).toEqual(DEFAULTS);
  });

  it('saves theme, language, scaling, reconnect, tray count and log level through main', async () => {
    let saved: Settings = DEFAULTS;
    const set = vi.fn(async (patch: Partial<Settings>) => (saved = { ...saved, ...patch }));
    const settings = new SettingsState({ get: async () => saved, set });
    await settings.load();
    render(SettingsPage, { settings, systemLocale: 'ko', onopenlogfolder: async () => true });
    const field = (key: string) =>
      screen.getByTestId(`setting-${key}`) as HTMLSelectElement & HTMLInputElement;
    // "System" names the OS language main found, in that language's own name.
    expect(field('language').options[0]!.textContent).toContain('한국어');
    const steps: [string, string, Partial<Settings>][] = [
      ['theme', 'dark', { theme: 'dark' }],
      ['language', 'zh-CN', { language: 'zh-CN' }],
      ['defaultScale', 'remote', { defaultScale: 'remote' }],
      ['logLevel', 'debug', { logLevel: 'debug' }],
    ];
    for (const [key, value, patch] of steps) {
      await fireEvent.change(field(key), { target: { value } });
      await waitFor(() => expect(set).toHaveBeenLastCalledWith(patch));
    }
    await fireEvent.click(field('autoReconnect'));
    await waitFor(() => expect(set).toHaveBeenLastCalledWith({ autoReconnect: false }));
    await fireEvent.change(field('trayInstanceCount'), { target: { value: '7' } });
    await waitFor(() => expect(set).toHaveBeenLastCalledWith({ trayInstanceCount: 7 }));
    await waitFor(() => expect(settings.value).toEqual(saved));
    expect(saved).toMatchObject({
      theme: 'dark',
      defaultScale: 'remote',
      autoReconnect: false,
      trayInstanceCount: 7,
    });
    // A new console reads the defaults it starts with from here.
    expect(settings.preferences.defaultScale()).toBe('remote');
    expect(settings.preferences.autoReconnect()).toBe(false);
  });

  it('re-renders itself in the language chosen as soon as main has saved it', async () => {
    setLocale('en');
    let saved: Settings = { ...DEFAULTS, language: 'en' };
    // Main saves; its settings:changed broadcast is not wired here, so the page must apply it itself.
    const settings = new SettingsState({
      get: async () => saved,
      set: async (p) => (saved = { ...saved, ...p }),
    });
    await settings.load();
    render(SettingsPage, { settings, systemLocale: 'en', onopenlogfolder: async () => true });
    const heading = () => screen.getByRole('heading', { level: 2 }).textContent;
    const language = () => screen.getByTestId('setting-language') as HTMLSelectElement;
    expect(heading()).toBe(en.settings.title);
    for (const [value, catalogue] of [
      ['ko', ko],
      ['zh-CN', zhCN],
      ['en', en],
    ] as const) {
      await fireEvent.change(language(), { target: { value } });
      await waitFor(() => expect(heading()).toBe(catalogue.settings.title));
      expect(locale()).toBe(value);
      expect(screen.getByTestId('setting-theme').closest('label')!.textContent).toContain(
        catalogue.settings.themeLabel,
      );
      expect(language().value).toBe(value);
    }
  });

  it('keeps the language shown when main refuses to save the change', async () => {
    setLocale('en');
    const settings = new SettingsState({
      get: async () => ({ ...DEFAULTS, language: 'en' }),
      set: async () => {
        throw new Error('disk full');
      },
    });
    await settings.load();
    render(SettingsPage, { settings, systemLocale: 'en', onopenlogfolder: async () => true });
    await fireEvent.change(screen.getByTestId('setting-language'), { target: { value: 'ko' } });
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('disk full'));
    expect(locale()).toBe('en');
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe(en.settings.title);
  });

  it('opens the log folder, and says so when it cannot', async () => {
    const settings = new SettingsState({ get: async () => DEFAULTS, set: async () => DEFAULTS });
    await settings.load();
    let answer = true;
    const open = vi.fn(async () => answer);
    render(SettingsPage, { settings, onopenlogfolder: open });
    await fireEvent.click(screen.getByTestId('open-log-folder'));
    await waitFor(() => expect(open).toHaveBeenCalledTimes(1));
    expect(screen.queryByRole('alert')).toBeNull();
    answer = false;
    await fireEvent.click(screen.getByTestId('open-log-folder'));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/log folder/));
  });
});
