import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/svelte';
import App from '../../src-renderer/App.svelte';
import { settingsPage } from '../../src-renderer/shell/later-views';
import KeychainBadge from '../../src-renderer/shell/KeychainBadge.svelte';
import { setLocale } from '../../src-renderer/lib/i18n.svelte';
import type { AppInfo, CvmBridge, IpcResult, StoreNotice } from '../../src-main/contract';

const info: AppInfo = {
  name: 'CVM Console',
  version: '9.8.7',
  platform: 'linux',
  arch: 'x64',
  electron: null,
  systemLocale: 'en',
  keychain: { available: false, backend: 'Secret Service', detail: 'The keychain is not reachable: locked.' },
};

function installBridge(result: IpcResult<AppInfo>, notices: StoreNotice[] = []): void {
  window.cvm = {
    app: { info: async () => result },
    settings: { get: async () => ({ ok: true, value: { rewriteTencentOrigin: true } }) },
    profiles: {
      list: async () => ({ ok: true, value: [] }),
      details: async () => ({ ok: true, value: { profiles: [], notices } }),
    },
    events: {
      onResume: () => () => {},
      onConnect: () => () => {},
      onListing: () => () => {},
      onInstances: () => () => {},
    },
  } as unknown as CvmBridge;
}

afterEach(() => {
  cleanup();
  delete window.cvm;
});

describe('App', () => {
  // The settings page is a chunk the app loads when first shown; here that import is a first
  // compile (the test bed's cost, not the app's), done once before the tests.
  beforeAll(async () => void (await settingsPage()), 60_000);
  it('shows the version, platform and keychain state from app:info', async () => {
    installBridge({ ok: true, value: info });
    render(App);
    await waitFor(() => expect(screen.getByTestId('app-version').textContent).toBe('v9.8.7'));
    expect(screen.getByTestId('app-platform').textContent).toBe('linux (x64)');
    expect(screen.getByTestId('keychain-status').textContent).toContain('Keychain not reachable');
    // The keychain's raw error and the Origin setting are there, closed under Details and Advanced.
    const details = screen.getByTestId('keychain-details') as HTMLDetailsElement;
    expect(details.open).toBe(false);
    expect(screen.getByTestId('keychain-detail').textContent).toContain('locked');
    expect(screen.getByTestId('keychain-status').querySelector('strong')!.textContent).not.toContain(
      'locked',
    );
    await waitFor(() =>
      expect((screen.getByTestId('setting-rewrite-origin') as HTMLInputElement).checked).toBe(true),
    );
    expect((screen.getByTestId('settings-advanced') as HTMLDetailsElement).open).toBe(false);
  });

  it('tells the user which profiles.json could not be used, why, and where it was kept', async () => {
    installBridge({ ok: true, value: info }, [
      {
        code: 'ProfilesFileCorrupt',
        file: '/home/u/.config/CVM Console/profiles.json',
        movedTo: '/home/u/.config/CVM Console/profiles.json.corrupt-2026-01-01T00-00-00-000Z-ab12',
        reason: 'it is not valid JSON (line 3)',
        reasonText: { key: 'profiles.notice.reason.notJson', params: { line: 3 } },
        message: 'main’s English words, for the log',
      },
    ]);
    render(App);
    await waitFor(() =>
      expect(screen.getByTestId('profiles-file-notice').textContent).toContain(
        'CVM Console could not use its profile list /home/u/.config/CVM Console/profiles.json ' +
          '(it is not valid JSON (line 3)). The file was kept as ' +
          'profiles.json.corrupt-2026-01-01T00-00-00-000Z-ab12 in the same folder',
      ),
    );
  });

  it('shows the error envelope message when main answers with an error', async () => {
    installBridge({ ok: false, error: { kind: 'internal', code: 'X', message: 'Main is unwell.' } });
    render(App);
    await waitFor(() =>
      expect(within(screen.getByTestId('app-info')).getByRole('alert').textContent).toContain(
        'Main is unwell.',
      ),
    );
  });

  it('says plainly when it runs outside its window (no bridge)', async () => {
    render(App);
    await waitFor(() =>
      expect(within(screen.getByTestId('app-info')).getByRole('alert').textContent).toContain(
        'bridge to the main process is missing',
      ),
    );
  });
});

describe('KeychainBadge', () => {
  it('marks a ready keychain without a detail line', () => {
    render(KeychainBadge, { status: { available: true, backend: 'macOS Keychain' } });
    const badge = screen.getByTestId('keychain-status');
    expect(badge.classList.contains('ok')).toBe(true);
    expect(badge.textContent).toContain('Keychain ready');
    expect(badge.querySelector('.detail')).toBeNull();
  });

  it('says what to do about an unreachable keychain in the window language', async () => {
    await setLocale('ko');
    try {
      render(KeychainBadge, {
        status: {
          available: false,
          backend: 'Windows Credential Manager',
          detail: 'The keychain is not reachable: access denied. (English, for troubleshooting)',
          fixKey: 'keychain.fix.windows',
        },
      });
      expect(screen.getByTestId('keychain-fix').textContent).toBe(
        'Windows 자격 증명 관리자가 계정에서 작동하는지 확인한 뒤 다시 시도하세요.',
      );
    } finally {
      setLocale('en');
    }
  });
});
