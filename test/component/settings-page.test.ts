import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import SettingsPage from '../../src-renderer/shell/SettingsPage.svelte';
import { SettingsState } from '../../src-renderer/shell/settings.svelte';
import type { Settings } from '../../src-main/contract';

afterEach(cleanup);

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
