// The profile manager over a scripted profiles API: per-field messages next to their fields, the
// keychain's refusal turning into the "keep in memory" choice, expiries and states shown, the
// Test report, and Delete asking first. The e2e tests drive the same components against main.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import ProfileManager, { type ManagerView as View } from '../../src-renderer/profiles/ProfileManager.svelte';
import { ProfilesState, type ProfilesApi } from '../../src-renderer/profiles/profiles.svelte';
import { EnvelopeError, toErrorEnvelope } from '../../src-main/common/errors';
import type { KeyProfileView, ProfileForm } from '../../src-main/contract';
import { setLocale } from '../../src-renderer/lib/i18n.svelte';

afterEach(() => {
  cleanup();
  setLocale('en');
});

const view = (over: Partial<KeyProfileView> = {}): KeyProfileView => ({
  id: 'key-aaaaaaaaaa',
  name: 'Production',
  kind: 'keys',
  site: 'china',
  defaultRegion: 'ap-guangzhou',
  secretIdMasked: 'AKID…wxyz',
  storage: 'keychain',
  createdAt: 1,
  lastUsedAt: null,
  isDefault: true,
  state: 'ready',
  ...over,
});

function fakeApi(keys: KeyProfileView[], over: Partial<ProfilesApi> = {}): ProfilesApi {
  return {
    list: async () =>
      keys.map((k) => ({
        id: k.id,
        name: k.name,
        kind: k.kind,
        site: k.site,
        defaultRegion: k.defaultRegion,
      })),
    details: async () => ({ profiles: keys, notices: [] }),
    create: vi.fn(async () => view()),
    test: vi.fn(async () => ({
      outcome: 'works' as const,
      message: 'Tencent Cloud accepts this key.',
      region: 'ap-guangzhou',
      testedAt: 1,
      clockOffsetMs: 0,
      permissions: [
        { action: 'DescribeInstances' as const, verdict: 'allowed' as const },
        { action: 'StartInstances' as const, verdict: 'denied' as const, code: 'UnauthorizedOperation' },
      ],
    })),
    update: vi.fn(async () => view()),
    delete: vi.fn(async () => ({ removed: true as const })),
    setDefault: vi.fn(async () => ({ defaultProfileId: null })),
    scanImports: async () => ({ candidates: [], problems: [] }),
    import: vi.fn(async () => []),
    keychainStatus: async () => ({ available: true, backend: 'Secret Service' }),
    ...over,
  };
}

async function mount(api: ProfilesApi, current: View): Promise<ProfilesState> {
  const profiles = new ProfilesState(api);
  await profiles.refresh();
  const { rerender } = render(ProfileManager, {
    profiles,
    current,
    onnavigate: (next: View) => void rerender({ current: next }),
    onuse: () => {},
    onclose: () => {},
  });
  return profiles;
}

const input = (testId: string) => screen.getByTestId(testId) as HTMLInputElement;

describe('the profile manager', () => {
  it('shows the vault’s message next to each wrong field, and saves nothing else', async () => {
    const create = vi.fn(async (_form: ProfileForm): Promise<KeyProfileView> => {
      throw EnvelopeError.from({
        kind: 'invalid-input',
        code: 'InvalidProfileInput',
        message: 'secretKey: Paste the SecretKey.',
        fields: { secretKey: 'Paste the SecretKey.', secretId: 'A SecretId starts with AKID.' },
      });
    });
    await mount(fakeApi([], { create }), { view: 'add' });
    await fireEvent.input(input('field-name'), { target: { value: 'Production' } });
    await fireEvent.input(input('field-secret-id'), { target: { value: 'XYZ' } });
    await fireEvent.click(screen.getByTestId('save-profile'));
    await waitFor(() =>
      expect(screen.getByTestId('field-error-secretKey').textContent).toBe('Paste the SecretKey.'),
    );
    expect(screen.getByTestId('field-error-secretId').textContent).toBe('A SecretId starts with AKID.');
    expect(create.mock.calls[0]?.[0]).toMatchObject({
      kind: 'keys',
      name: 'Production',
      secretId: 'XYZ',
      secretKey: '',
    });
    // No form-wide message repeats what the fields say.
    expect(screen.queryByTestId('editor-message')).toBeNull();
  });

  it('a role asks for its session name and length (cvm-console, 7200 s by default), with messages next to them', async () => {
    const create = vi.fn(async (form: ProfileForm): Promise<KeyProfileView> => {
      if (form.durationSeconds !== 3600) {
        throw EnvelopeError.from({
          kind: 'invalid-input',
          code: 'InvalidProfileInput',
          message: 'durationSeconds: A role session lasts at least 900 seconds.',
          fields: { durationSeconds: 'A role session lasts at least 900 seconds.' },
        });
      }
      return view({ kind: 'role', sessionName: form.sessionName!, durationSeconds: 3600 });
    });
    await mount(fakeApi([], { create }), { view: 'add' });
    await fireEvent.click(input('kind-role'));
    expect(input('field-session-name').value).toBe('cvm-console');
    expect(input('field-duration').value).toBe('7200');
    // Not a number: said at once, nothing sent.
    await fireEvent.input(input('field-duration'), { target: { value: 'two hours' } });
    await fireEvent.click(screen.getByTestId('save-profile'));
    await waitFor(() =>
      expect(screen.getByTestId('field-error-durationSeconds').textContent).toBe(
        'The session length is a whole number of seconds.',
      ),
    );
    expect(create).not.toHaveBeenCalled();
    // Out of STS's range: main's message, next to the field.
    await fireEvent.input(input('field-duration'), { target: { value: '60' } });
    await fireEvent.click(screen.getByTestId('save-profile'));
    await waitFor(() =>
      expect(screen.getByTestId('field-error-durationSeconds').textContent).toBe(
        'A role session lasts at least 900 seconds.',
      ),
    );
    expect(create.mock.calls[0]?.[0]).toMatchObject({
      kind: 'role',
      sessionName: 'cvm-console',
      durationSeconds: 60,
    });
    await fireEvent.input(input('field-session-name'), { target: { value: 'ops-desk' } });
    await fireEvent.input(input('field-duration'), { target: { value: '3600' } });
    await fireEvent.click(screen.getByTestId('save-profile'));
    await waitFor(() => expect(create).toHaveBeenCalledTimes(2));
    expect(create.mock.calls[1]?.[0]).toMatchObject({ sessionName: 'ops-desk', durationSeconds: 3600 });
  });

  it('turns a keychain refusal into the choice to keep the key in memory, and sends that choice', async () => {
    const create = vi
      .fn(async (_form: ProfileForm): Promise<KeyProfileView> => view())
      .mockRejectedValueOnce(
        EnvelopeError.from({
          kind: 'internal',
          code: 'KeychainUnavailable',
          message:
            'The Secret Service is not available. Install and unlock a Secret Service keyring, then try again.',
        }),
      );
    await mount(fakeApi([], { create }), { view: 'add' });
    expect(screen.queryByTestId('keep-in-memory')).toBeNull();
    await fireEvent.input(input('field-name'), { target: { value: 'P' } });
    await fireEvent.click(screen.getByTestId('save-profile'));
    await waitFor(() => expect(screen.getByTestId('editor-message').textContent).toMatch(/Secret Service/));
    await fireEvent.click(screen.getByTestId('keep-in-memory'));
    await fireEvent.click(screen.getByTestId('save-profile'));
    await waitFor(() => expect(create).toHaveBeenCalledTimes(2));
    expect(create.mock.calls[1]?.[0]).toMatchObject({ storage: 'memory' });
  });

  it('lists kinds, the temporary key’s expiry and a state that needs action; Test shows the permission report', async () => {
    const api = fakeApi([
      view(),
      view({
        id: 'key-bbbbbbbbbb',
        name: 'Temp',
        kind: 'sts',
        isDefault: false,
        expiresAt: Date.UTC(2030, 0, 2, 3, 4),
        state: 'expired',
        stateMessage: 'The temporary key of "Temp" has expired.',
      }),
    ]);
    await mount(api, { view: 'list' });
    const rows = screen.getAllByTestId('key-profile');
    expect(rows.map((r) => r.getAttribute('data-state'))).toEqual(['ready', 'expired']);
    expect(screen.getByTestId('sts-expiry').textContent).toMatch(/^expires .*2030/);
    expect(screen.getByTestId('profile-state-message').textContent).toContain('has expired');
    await fireEvent.click(screen.getAllByTestId('test-profile')[0]!);
    await waitFor(() => expect(screen.getByTestId('test-outcome').textContent).toBe('The key works'));
    expect(screen.getAllByTestId('permission-verdict').map((c) => c.textContent)).toEqual([
      'allowed',
      'denied',
    ]);
    expect(api.test).toHaveBeenCalledWith({ profileId: 'key-aaaaaaaaaa' });
  });

  it('deletes only after asking', async () => {
    const api = fakeApi([view()]);
    await mount(api, { view: 'list' });
    await fireEvent.click(screen.getByTestId('delete-profile'));
    expect(api.delete).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId('confirm-delete'));
    await waitFor(() => expect(api.delete).toHaveBeenCalledWith({ profileId: 'key-aaaaaaaaaa' }));
  });

  it('speaks the window language: the list and the test report in Korean, the editor in Chinese', async () => {
    setLocale('ko');
    await mount(fakeApi([view({ kind: 'sts', expiresAt: Date.UTC(2030, 0, 2, 3, 4) })]), { view: 'list' });
    expect(screen.getByRole('heading', { name: 'API 키' })).toBeTruthy();
    expect(screen.getByText('기본값')).toBeTruthy();
    expect(screen.getByTestId('sts-expiry').textContent).toMatch(/^2030\. 1\. 2\..*에 만료$/);
    await fireEvent.click(screen.getByTestId('test-profile'));
    await waitFor(() => expect(screen.getByTestId('test-outcome').textContent).toBe('키가 작동합니다'));
    expect(screen.getByText('이 키로 할 수 있는 작업', { exact: false }).textContent).toBe(
      'ap-guangzhou에서 이 키로 할 수 있는 작업',
    );
    cleanup();
    setLocale('zh-CN');
    await mount(fakeApi([]), { view: 'add' });
    expect(screen.getByRole('heading', { name: '添加密钥' })).toBeTruthy();
    expect(screen.getByText('密钥类型')).toBeTruthy();
    expect(screen.getByLabelText('默认地域')).toBeTruthy();
    expect(screen.getByTestId('save-profile').textContent?.trim()).toBe('添加');
  });

  it('shows the vault’s field messages in the window language (Korean, then Chinese)', async () => {
    // What main's ProfileInputError carries (test/unit/vault/key-profiles.test.ts), through the
    // envelope as IPC carries it.
    const create = vi.fn(async (): Promise<KeyProfileView> => {
      throw EnvelopeError.from(
        toErrorEnvelope({
          kind: 'invalid-input',
          code: 'InvalidProfileInput',
          message: 'secretId: A SecretId starts with AKID. name: Another profile already has this name.',
          fields: {
            secretId: 'A SecretId starts with AKID.',
            name: 'Another profile already has this name.',
          },
          fieldKeys: { secretId: 'profiles.input.secretIdPrefix', name: 'profiles.input.nameTaken' },
        }),
      );
    });
    setLocale('ko');
    await mount(fakeApi([], { create }), { view: 'add' });
    await fireEvent.click(screen.getByTestId('save-profile'));
    await waitFor(() =>
      expect(screen.getByTestId('field-error-secretId').textContent).toBe('SecretId는 AKID로 시작합니다.'),
    );
    expect(screen.getByTestId('field-error-name').textContent).toBe(
      '이미 이 이름을 쓰는 다른 프로필이 있습니다.',
    );
    cleanup();
    setLocale('zh-CN');
    await mount(fakeApi([], { create }), { view: 'add' });
    await fireEvent.click(screen.getByTestId('save-profile'));
    await waitFor(() =>
      expect(screen.getByTestId('field-error-secretId').textContent).toBe('SecretId 以 AKID 开头。'),
    );
  });

  it('words a profiles-file notice in the window language, with the file and where it was kept', async () => {
    setLocale('ko');
    const notice = {
      code: 'ProfilesFileCorrupt' as const,
      file: 'C:\\Users\\u\\AppData\\Roaming\\CVM Console\\profiles.json',
      movedTo: 'C:\\Users\\u\\AppData\\Roaming\\CVM Console\\profiles.json.corrupt-x',
      reason: 'it is not valid JSON (line 1)',
      message: 'English, for the log',
    };
    await mount(fakeApi([], { details: async () => ({ profiles: [], notices: [notice] }) }), {
      view: 'list',
    });
    const text = screen.getByTestId('profiles-notice').textContent ?? '';
    expect(text).toContain(`CVM Console이 프로필 목록 ${notice.file}을(를) 사용할 수 없습니다`);
    expect(text).toContain('같은 폴더에 profiles.json.corrupt-x(으)로 보관했으며');
  });
});
