// Which profile and region a link opens: the cache first, then the cloud, and a clear message
// (and nothing opened) when no profile owns the instance.
import { describe, expect, it, vi } from 'vitest';
import { CloudError, type Instance } from '../../../src-main/cloud';
import type { LookupOutcome } from '../../../src-main/desktop/find-instance';
import {
  MAX_LOOKUP_PROFILES,
  deliverLink,
  resolveLinkTarget,
  type LinkTargetSources,
} from '../../../src-main/desktop/link-target';
import { parseConnectLink } from '../../../src-main/desktop/connect-link';
import { Translator } from '../../../i18n/translator';

const ID = 'ins-abcdefgh';
const profiles = [
  { id: 'work', name: 'Work account' },
  { id: 'home', name: 'Home' },
];

function sources(
  over: Partial<LinkTargetSources> & { caches?: Record<string, Record<string, string>> } = {},
) {
  const caches = over.caches ?? {};
  const lookup = vi.fn(
    over.lookup ?? (async (): Promise<LookupOutcome> => ({ found: null, asked: 3, failures: [] })),
  );
  return {
    profiles: over.profiles ?? profiles,
    cachedRegion: (profileId: string, instanceId: string) => caches[profileId]?.[instanceId],
    lookup,
  };
}

const found = (region: string): LookupOutcome => ({
  found: { instanceId: ID, region } as Instance,
  asked: 2,
  failures: [],
});

describe('resolveLinkTarget', () => {
  it('opens under the first profile whose cache knows the instance, without asking the cloud', async () => {
    const s = sources({ caches: { home: { [ID]: 'ap-seoul' } } });
    expect(await resolveLinkTarget({ instanceId: ID }, s)).toEqual({
      ok: true,
      ref: { profileId: 'home', region: 'ap-seoul', instanceId: ID },
      via: 'cache',
    });
    expect(s.lookup).not.toHaveBeenCalled();
  });

  it('keeps to the profile the link names', async () => {
    const s = sources({
      caches: { work: { [ID]: 'ap-beijing' }, home: { [ID]: 'ap-seoul' } },
    });
    const result = await resolveLinkTarget({ instanceId: ID, profileId: 'home' }, s);
    expect(result).toMatchObject({ ok: true, ref: { profileId: 'home', region: 'ap-seoul' } });
  });

  it('says so when the named profile is not set up, and asks nothing', async () => {
    const s = sources();
    const result = await resolveLinkTarget({ instanceId: ID, profileId: 'nope' }, s);
    expect(result).toEqual({
      ok: false,
      error: { kind: 'invalid-input', code: 'ProfileNotFound', message: expect.stringContaining('"nope"') },
    });
    expect(s.lookup).not.toHaveBeenCalled();
    expect(await resolveLinkTarget({ instanceId: ID }, sources({ profiles: [] }))).toMatchObject({
      ok: false,
      error: { code: 'NoProfile' },
    });
  });

  it('looks the instance up, profile by profile, when no cache has it', async () => {
    const s = sources({
      lookup: async (profileId) =>
        profileId === 'home' ? found('ap-tokyo') : { found: null, asked: 18, failures: [] },
    });
    expect(await resolveLinkTarget({ instanceId: ID }, s)).toEqual({
      ok: true,
      ref: { profileId: 'home', region: 'ap-tokyo', instanceId: ID },
      via: 'lookup',
    });
    expect(s.lookup.mock.calls).toEqual([
      ['work', ID, undefined],
      ['home', ID, undefined],
    ]);
  });

  it('does not trust a cache entry in another region than the link says: it asks that region', async () => {
    const s = sources({ caches: { work: { [ID]: 'ap-beijing' } } });
    const result = await resolveLinkTarget({ instanceId: ID, region: 'ap-seoul', profileId: 'work' }, s);
    expect(s.lookup.mock.calls).toEqual([['work', ID, 'ap-seoul']]);
    expect(result).toMatchObject({ ok: false, error: { code: 'InstanceNotOwned' } });
    if (!result.ok) expect(result.error.message).toContain('in ap-seoul');
  });

  it('opens nothing when no profile owns the instance, and says how far it looked', async () => {
    const result = await resolveLinkTarget({ instanceId: ID }, sources());
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'instance-gone',
        code: 'InstanceNotOwned',
        message: `No instance ${ID} in any region of your profiles (6 regions asked). Add the key profile of the account that owns it, then open the link again.`,
      },
    });
  });

  it('passes on why a profile could not look everywhere', async () => {
    const refused = new CloudError({
      kind: 'auth',
      code: 'AuthFailure.SecretIdNotFound',
      messageKey: 'cloud.error.auth.unknown',
      message:
        'Tencent Cloud rejected the credentials of this profile. (The SecretId is not known to Tencent Cloud.)',
      detail: 'The SecretId is not known to Tencent Cloud.',
    });
    const s = sources({
      lookup: async (profileId) => {
        if (profileId === 'work')
          return { found: null, asked: 1, failures: [{ region: 'ap-guangzhou', error: refused }] };
        throw new Error('keychain locked: secret=abc');
      },
    });
    const result = await resolveLinkTarget({ instanceId: ID }, s);
    expect(result).toMatchObject({ ok: false, error: { kind: 'auth', code: 'InstanceNotChecked' } });
    if (!result.ok) {
      expect(result.error.message).toContain('"Work account"');
      expect(result.error.message).toContain('The SecretId is not known');
    }
    // An unknown error's own text (which could hold anything) never reaches the message.
    const onlyHome = await resolveLinkTarget({ instanceId: ID, profileId: 'home' }, s);
    expect(onlyHome).toMatchObject({ ok: false, error: { kind: 'internal' } });
    if (!onlyHome.ok) expect(onlyHome.error.message).not.toContain('secret=abc');
  });

  it('asks a bounded number of profiles', async () => {
    const many = Array.from({ length: 20 }, (_, i) => ({ id: `p${i}`, name: `P${i}` }));
    const s = sources({ profiles: many });
    await resolveLinkTarget({ instanceId: ID }, s);
    expect(s.lookup).toHaveBeenCalledTimes(MAX_LOOKUP_PROFILES);
  });

  it("words what it tells the user in main's language of the moment: a language change applies at once", async () => {
    const i18n = new Translator('en');
    const bad = parseConnectLink('cvm-console://connect?instance=ins-abc');
    expect(await deliverLink(bad, sources(), i18n.t)).toEqual({
      message:
        'The instance ID in the link is not one: it is ins- followed by 8 lower-case letters or digits.',
    });
    i18n.setLocale('zh-CN');
    expect(await deliverLink(bad, sources(), i18n.t)).toEqual({
      message: '链接中的实例 ID 无效：应为 ins- 后跟 8 个小写字母或数字。',
    });
    i18n.setLocale('ko');
    const nowhere = await deliverLink(
      parseConnectLink(`cvm-console://connect?instance=${ID}`),
      sources(),
      i18n.t,
    );
    expect(nowhere).toEqual({
      message: `내 프로필의 모든 리전에 인스턴스 ${ID}이(가) 없습니다(6개 리전 조회). 소유한 계정의 키 프로필을 추가한 후 링크를 다시 여세요.`,
    });
    // The envelope itself keeps English (for the log) and names its key.
    expect(bad).toMatchObject({ ok: false, error: { messageKey: 'link.error.badInstanceId' } });
    if (!bad.ok) expect(bad.error.message).toMatch(/^The instance ID in the link/);
  });
});
