import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import SettingsCard from '../../src-renderer/shell/SettingsCard.svelte';
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
  language: 'system',
};

describe('SettingsCard', () => {
  it('shows the saved origin setting and saves a change through main', async () => {
    let saved: Settings = DEFAULTS;
    const set = vi.fn(async (patch: Partial<Settings>) => (saved = { ...saved, ...patch }));
    const settings = new SettingsState({ get: async () => saved, set });
    await settings.load();
    render(SettingsCard, { settings });
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
    render(SettingsCard, { settings });
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
    render(SettingsCard, { settings });
    await fireEvent.click(screen.getByTestId('setting-rewrite-origin'));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('disk full'));
    expect(settings.value).toEqual(DEFAULTS);
  });
});
