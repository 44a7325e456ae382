// The profile manager over a scripted profiles API: per-field messages next to their fields, the
// keychain's refusal turning into the "keep in memory" choice, expiries and states shown, the
// Test report, and Delete asking first. The e2e tests drive the same components against main.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import ProfileManager, { type ManagerView as View } from '../../src-renderer/profiles/ProfileManager.svelte';
import { ProfilesState, type ProfilesApi } from '../../src-renderer/profiles/profiles.svelte';
import { EnvelopeError, toErrorEnvelope } from '../../src-main/common/errors';
import type { ImportProblem, KeyProfileView, ProfileForm } from '../../src-main/contract';
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
      messageKey: 'testReport.accepted',
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
    await setLocale('ko');
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
    await setLocale('zh-CN');
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
    await setLocale('ko');
    await mount(fakeApi([], { create }), { view: 'add' });
    await fireEvent.click(screen.getByTestId('save-profile'));
    await waitFor(() =>
      expect(screen.getByTestId('field-error-secretId').textContent).toBe('SecretId는 AKID로 시작합니다.'),
    );
    expect(screen.getByTestId('field-error-name').textContent).toBe(
      '이미 이 이름을 쓰는 다른 프로필이 있습니다.',
    );
    cleanup();
    await setLocale('zh-CN');
    await mount(fakeApi([], { create }), { view: 'add' });
    await fireEvent.click(screen.getByTestId('save-profile'));
    await waitFor(() =>
      expect(screen.getByTestId('field-error-secretId').textContent).toBe('SecretId 以 AKID 开头。'),
    );
  });

  it('words a profiles-file notice in the window language, with the file and where it was kept', async () => {
    await setLocale('ko');
    const notice = {
      code: 'ProfilesFileCorrupt' as const,
      file: 'C:\\Users\\u\\AppData\\Roaming\\CVM Console\\profiles.json',
      movedTo: 'C:\\Users\\u\\AppData\\Roaming\\CVM Console\\profiles.json.corrupt-x',
      reason: 'it is not valid JSON (line 1)',
      reasonText: { key: 'profiles.notice.reason.notJson', params: { line: 1 } },
      message: 'English, for the log',
    };
    await mount(fakeApi([], { details: async () => ({ profiles: [], notices: [notice] }) }), {
      view: 'list',
    });
    const text = screen.getByTestId('profiles-notice').textContent ?? '';
    expect(text).toContain(`CVM Console이 프로필 목록 ${notice.file}을(를) 사용할 수 없습니다`);
    expect(text).toContain('같은 폴더에 profiles.json.corrupt-x(으)로 보관했으며');
    // The reason too, in the window's language (main's English reason is for the log).
    expect(text).toContain('(올바른 JSON이 아닙니다(1번째 줄))');
    expect(text).not.toContain('not valid JSON');
    await setLocale('zh-CN');
    await waitFor(() =>
      expect(screen.getByTestId('profiles-notice').textContent).toContain('（它不是有效的 JSON（第 1 行））'),
    );
  });
});

describe('main’s keyed messages, in the window language', () => {
  const problems: ImportProblem[] = [
    {
      source: 'sdk' as const,
      file: '/home/u/.tencentcloud/credentials',
      line: 3,
      text: {
        key: 'profiles.importProblem.nothingImported',
        params: { reason: { key: 'profiles.importProblem.ini.notASetting' } },
      },
      message:
        '/home/u/.tencentcloud/credentials line 3: Expected "name = value", … Nothing was imported from it.',
    },
    {
      source: 'environment' as const,
      text: {
        key: 'profiles.importProblem.field',
        params: { field: 'TENCENTCLOUD_SECRET_ID', rule: { key: 'profiles.input.secretIdPrefix' } },
      },
      message: 'TENCENTCLOUD_SECRET_ID: A SecretId starts with AKID.',
    },
  ];
  const scanImports = async () => ({ candidates: [], problems });

  it('words import problems (Korean, then Chinese)', async () => {
    await setLocale('ko');
    await mount(fakeApi([], { scanImports }), { view: 'import' });
    await waitFor(() => expect(screen.getAllByTestId('import-problem')).toHaveLength(2));
    const texts = () => screen.getAllByTestId('import-problem').map((p) => p.textContent?.trim());
    expect(texts()).toEqual([
      '/home/u/.tencentcloud/credentials, 3번째 줄: "name = value", [섹션] 또는 주석이어야 합니다. 이 파일에서는 아무것도 가져오지 않았습니다.',
      '환경 변수: TENCENTCLOUD_SECRET_ID: SecretId는 AKID로 시작합니다.',
    ]);
    cleanup();
    await setLocale('zh-CN');
    await mount(fakeApi([], { scanImports }), { view: 'import' });
    await waitFor(() => expect(screen.getAllByTestId('import-problem')).toHaveLength(2));
    expect(texts()).toEqual([
      '/home/u/.tencentcloud/credentials，第 3 行：此处应为“name = value”、[节] 或注释。未从中导入任何内容。',
      '环境变量：TENCENTCLOUD_SECRET_ID：SecretId 以 AKID 开头。',
    ]);
    // Shown problems follow a language change at once.
    await setLocale('ko');
    await waitFor(() =>
      expect(texts()[1]).toBe('환경 변수: TENCENTCLOUD_SECRET_ID: SecretId는 AKID로 시작합니다.'),
    );
  });

  it('words the Test report: acceptance with a clock note, and a stop with its advice (Korean, then Chinese)', async () => {
    const works = {
      outcome: 'works' as const,
      message: 'Tencent Cloud accepts this key. This computer’s clock is about 10 minutes behind…',
      messageKey: 'testReport.accepted',
      note: { key: 'testReport.clockBehind', params: { count: 10 } },
      region: 'ap-guangzhou',
      testedAt: 1,
      clockOffsetMs: 600_000,
      permissions: [],
    };
    const network = {
      outcome: 'network' as const,
      code: 'NetworkError',
      message:
        'Tencent Cloud could not be reached. Check the internet connection and any proxy, then test again.',
      messageKey: 'cloud.error.network.failed',
      detail: 'ECONNREFUSED',
      note: { key: 'testReport.advice.network' },
      region: 'ap-guangzhou',
      testedAt: 1,
      clockOffsetMs: 0,
      permissions: [],
    };
    const message = () => screen.getByTestId('test-message').textContent?.replace(/\s+/g, ' ').trim();
    await setLocale('ko');
    await mount(fakeApi([view()], { test: vi.fn(async () => works) }), { view: 'list' });
    await fireEvent.click(screen.getByTestId('test-profile'));
    await waitFor(() =>
      expect(message()).toBe(
        'Tencent Cloud가 이 키를 받아들입니다. 이 컴퓨터의 시계가 Tencent Cloud보다 약 10분 느립니다. CVM Console이 보정하지만 시계를 맞추는 것이 좋습니다.',
      ),
    );
    cleanup();
    await setLocale('zh-CN');
    await mount(fakeApi([view()], { test: vi.fn(async () => network) }), { view: 'list' });
    await fireEvent.click(screen.getByTestId('test-profile'));
    await waitFor(() =>
      expect(message()).toMatch(
        /^无法连接腾讯云。 \(ECONNREFUSED\)请检查网络连接和代理设置，然后重新测试。$/,
      ),
    );
    expect(message()).not.toMatch(/[A-Za-z]{5,} [a-z]{3,}/); // no English sentence
  });

  it('words a keychain refusal in the editor, and offers memory (Korean, then Chinese)', async () => {
    const create = vi.fn(async (): Promise<KeyProfileView> => {
      throw EnvelopeError.from(
        toErrorEnvelope({
          kind: 'internal',
          code: 'KeychainUnavailable',
          message: 'The Secret Service … is not available. Install and unlock … (DBus error)',
          messageKey: 'keychain.error.refusedOrMemory',
          messageParams: {
            problem: { key: 'keychain.problem.unavailable', params: { backend: 'Secret Service' } },
            fix: { key: 'keychain.fix.linux' },
          },
          detail: 'DBus error',
        }),
      );
    });
    const refusal = () => screen.getByTestId('editor-message').textContent ?? '';
    await setLocale('ko');
    await mount(fakeApi([], { create }), { view: 'add' });
    await fireEvent.click(screen.getByTestId('save-profile'));
    await waitFor(() => expect(screen.getByTestId('editor-message')).toBeTruthy());
    expect(refusal()).toBe(
      'Secret Service을(를) 사용할 수 없습니다. Secret Service 키링(예: gnome-keyring, KWallet 또는 Secret Service를 켠 KeePassXC)을 설치하고 잠금 해제한 뒤 다시 시도하세요. 또는 이 키를 CVM Console 종료 시까지 메모리에만 보관하세요. (DBus error)',
    );
    expect(screen.getByTestId('keep-in-memory')).toBeTruthy();
    // A language change rewords the refusal on screen at once, without saving again.
    await setLocale('zh-CN');
    await waitFor(() =>
      expect(refusal()).toMatch(/^Secret Service 不可用。请安装并解锁 Secret Service 钥匙环/),
    );
    expect(refusal()).toMatch(
      /然后重试。也可以将此密钥仅保存在内存中，直到 CVM Console 退出。 \(DBus error\)$/,
    );
    expect(create).toHaveBeenCalledTimes(1);
  });

  it('rewords field messages on screen when the language changes, without saving again', async () => {
    const create = vi.fn(async (): Promise<KeyProfileView> => {
      throw EnvelopeError.from(
        toErrorEnvelope({
          kind: 'invalid-input',
          code: 'InvalidProfileInput',
          message: 'secretId: A SecretId starts with AKID. name: This value is too long or too large.',
          fields: { secretId: 'A SecretId starts with AKID.', name: 'This value is too long or too large.' },
          fieldKeys: { secretId: 'profiles.input.secretIdPrefix', name: 'profiles.input.generic.tooBig' },
        }),
      );
    });
    await setLocale('ko');
    await mount(fakeApi([], { create }), { view: 'add' });
    await fireEvent.click(screen.getByTestId('save-profile'));
    await waitFor(() =>
      expect(screen.getByTestId('field-error-secretId').textContent).toBe('SecretId는 AKID로 시작합니다.'),
    );
    expect(screen.getByTestId('field-error-name').textContent).toBe('이 값이 너무 길거나 큽니다.');
    await setLocale('zh-CN');
    await waitFor(() =>
      expect(screen.getByTestId('field-error-secretId').textContent).toBe('SecretId 以 AKID 开头。'),
    );
    expect(screen.getByTestId('field-error-name').textContent).toBe('此值过长或过大。');
    expect(create).toHaveBeenCalledTimes(1);
  });
});
