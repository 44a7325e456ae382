// Every operation of the key profiles service, over an in-memory keyring, with clients signing
// real requests against the demo API simulator.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CloudError, RateLimiterRegistry } from '../../../src-main/cloud';
import { KeychainError, ProfileInputError } from '../../../src-main/vault/errors';
import type { KeyProfiles } from '../../../src-main/vault/key-profiles';
import { Profiles } from '../../../src-main/vault/profiles';
import { KEY, startVault, type VaultFixture } from './fixture';
import { rejectionOf } from '../../support/rejection';

let v: VaultFixture;
/** What fs says when a file stands where a folder should be. */
const notWritable = expect.stringMatching(/^(ENOTDIR|EEXIST)$/);
beforeAll(async () => {
  v = await startVault();
});
afterAll(() => v.close());
beforeEach(() => {
  v.sim.advance(5000);
  v.sim.control.reset();
  v.reset();
});

const keys = (over: Record<string, unknown> = {}) => ({
  kind: 'keys',
  name: 'Work',
  site: 'china',
  defaultRegion: 'ap-guangzhou',
  secretId: KEY.secretId,
  secretKey: KEY.secretKey,
  ...over,
});

/** Everything the service hands out, as text: it must never contain a secret. */
function expectNoSecret(...values: unknown[]): void {
  const text = JSON.stringify(values);
  expect(text).not.toContain(KEY.secretKey);
  expect(text).not.toContain(KEY.secretId); // only ever shown masked
}

async function fileText(): Promise<string> {
  return readFile(v.profilesFile, 'utf8');
}

describe('create and list', () => {
  it('keeps the SecretKey in the keychain and only metadata in profiles.json', async () => {
    const profiles = await v.open();
    const view = await profiles.create(keys({ secretKey: `  ${KEY.secretKey}\u200b\n` }));
    expect(view).toEqual({
      id: expect.stringMatching(/^key-\d{4}$/),
      name: 'Work',
      kind: 'keys',
      site: 'china',
      defaultRegion: 'ap-guangzhou',
      secretIdMasked: 'AKID…0001',
      storage: 'keychain',
      createdAt: v.sim.now(),
      lastUsedAt: null,
      isDefault: true,
      state: 'ready',
    });
    expect([...v.keyring.entries.keys()]).toEqual([`cvm-console/${view.id}`]);
    expect(v.keyring.entries.get(`cvm-console/${view.id}`)).toContain(KEY.secretKey);
    const text = await fileText();
    expect(text).not.toContain(KEY.secretKey);
    expect(JSON.parse(text)).toMatchObject({
      version: 1,
      defaultProfileId: view.id,
      profiles: [{ id: view.id, secretId: KEY.secretId, storage: 'keychain' }],
    });
    expectNoSecret(view, profiles.list(), profiles.summaries());
  });

  it('lists by name, survives a restart, and feeds the profile registry', async () => {
    const profiles = await v.open();
    const zeta = await profiles.create(keys({ name: 'Zeta' }));
    const alpha = await profiles.create(keys({ name: 'alpha', site: 'intl', defaultRegion: 'ap-singapore' }));
    const again = await v.open();
    expect(again.list().map((p) => [p.name, p.site, p.isDefault])).toEqual([
      ['alpha', 'intl', false],
      ['Zeta', 'china', true],
    ]);
    const registry = new Profiles([], again);
    expect(registry.list()).toEqual([
      {
        id: alpha.id,
        name: 'alpha',
        kind: 'keys',
        site: 'intl',
        defaultRegion: 'ap-singapore',
        state: 'ready',
        isDefault: false,
      },
      {
        id: zeta.id,
        name: 'Zeta',
        kind: 'keys',
        site: 'china',
        defaultRegion: 'ap-guangzhou',
        state: 'ready',
        isDefault: true,
      },
    ]);
    expect(() => registry.get('key-9999')).toThrow(/no profile named "key-9999"/);
  });

  it('signs with the key from the keychain and records when the profile was used', async () => {
    const profiles = await v.open();
    const { id } = await profiles.create(keys());
    const registry = new Profiles([], profiles);
    v.keyring.calls.length = 0;
    const client = await registry.client(id);
    const page = await client.describeInstances({ region: 'ap-guangzhou', limit: 1 });
    expect(page.totalCount).toBeGreaterThan(0);
    expect(v.sim.control.requestLog().map((e) => [e.secretId, e.outcome])).toEqual([[KEY.secretId, 'ok']]);
    expect(profiles.get(id).lastUsedAt).toBe(v.sim.now());
    await profiles.flush();
    expect(JSON.parse(await fileText()).profiles[0].lastUsedAt).toBe(v.sim.now());
    // The key is read from the keychain once, not per call.
    await client.describeInstances({ region: 'ap-guangzhou', limit: 1 });
    expect(v.keyring.calls.filter((c) => c.startsWith('getPassword'))).toHaveLength(1);
  });

  it('rejects each bad field with its own message, and saves nothing', async () => {
    const profiles = await v.open();
    const err = await rejectionOf(
      profiles.create(keys({ secretId: 'ABCD', secretKey: '\u00a0', name: '' })),
      ProfileInputError,
    );
    expect(err.kind).toBe('invalid-input');
    expect(err.fields).toEqual({
      name: 'Give the profile a name.',
      secretId: 'A SecretId starts with AKID.',
      secretKey: 'Paste the SecretKey.',
    });
    // The window shows each message by its catalogue key, in its own language.
    expect(err.fieldKeys).toEqual({
      name: 'profiles.input.nameMissing',
      secretId: 'profiles.input.secretIdPrefix',
      secretKey: 'profiles.input.secretKeyMissing',
    });
    await profiles.create(keys());
    const dup = await rejectionOf(profiles.create(keys({ name: ' work ' })), ProfileInputError);
    expect(dup.fields).toEqual({ name: 'Another profile already has this name.' });
    expect(dup.fieldKeys).toEqual({ name: 'profiles.input.nameTaken' });
    const expired = await rejectionOf(
      profiles.create(keys({ kind: 'sts', name: 'Old', token: 'tok', expiresAt: v.sim.now() - 1 })),
      ProfileInputError,
    );
    expect(expired.fields).toEqual({ expiresAt: 'This temporary key has already expired.' });
    expect(profiles.list()).toHaveLength(1);
    expect(v.keyring.entries.size).toBe(1);
  });
});

describe('where calls go', () => {
  it('uses the injected fetch, and honours CVM_CONSOLE_API_ENDPOINT as the demo profile does', async () => {
    const previous = process.env['CVM_CONSOLE_API_ENDPOINT'];
    process.env['CVM_CONSOLE_API_ENDPOINT'] = v.sim.endpoint;
    const urls: string[] = [];
    try {
      const profiles = await v.open({
        client: {
          rateLimiter: new RateLimiterRegistry({ clock: v.sim.now }),
          fetch: (url, init) => (urls.push(url), fetch(url, init)),
        },
      });
      const { id } = await profiles.create(keys({ site: 'intl', defaultRegion: 'ap-singapore' }));
      await (await profiles.client(id)).describeInstances({ region: 'ap-singapore', limit: 1 });
      expect(urls).toEqual([`${v.sim.endpoint}/`]);
      expect(v.sim.control.requestLog().at(-1)).toMatchObject({ secretId: KEY.secretId, outcome: 'ok' });
    } finally {
      if (previous === undefined) delete process.env['CVM_CONSOLE_API_ENDPOINT'];
      else process.env['CVM_CONSOLE_API_ENDPOINT'] = previous;
    }
  });
});

describe('without a keychain', () => {
  it('refuses to store the key, says how to fix it, and saves nothing', async () => {
    v.keyring.failCreate(new Error('Platform failure: DBus error: Failed to connect to socket'));
    const profiles = await v.open();
    const err = await rejectionOf(profiles.create(keys()), KeychainError);
    expect(err.code).toBe('KeychainUnavailable');
    expect(err.canKeepInMemory).toBe(true);
    expect(err.message).toContain('keep this key in memory only');
    expect(profiles.list()).toEqual([]);
    await expect(readFile(v.profilesFile)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('keeps the key in memory when asked to, until the app quits', async () => {
    v.keyring.failCreate(new Error('Platform failure: DBus error: Failed to connect to socket'));
    const profiles = await v.open();
    const view = await profiles.create(keys({ storage: 'memory' }));
    expect(view).toMatchObject({ storage: 'memory', state: 'ready' });
    const client = await profiles.client(view.id);
    await client.describeRegions();
    expect(await fileText()).not.toContain(KEY.secretKey);

    // After a restart the profile is still listed, without its key, and says so.
    const restarted = await v.open();
    expect(restarted.get(view.id)).toMatchObject({ state: 'secret-missing' });
    expect(restarted.get(view.id).stateMessage).toContain('kept in memory only');
    const err = await rejectionOf((await restarted.client(view.id)).describeRegions(), CloudError);
    expect([err.kind, err.code]).toEqual(['auth', 'SecretMissing']);

    // Once a keychain is there, the key can move into it.
    v.keyring.failCreate(null);
    const moved = await restarted.update(view.id, {
      storage: 'keychain',
      key: { secretId: KEY.secretId, secretKey: KEY.secretKey },
    });
    expect(moved).toMatchObject({ storage: 'keychain', state: 'ready' });
    await (await restarted.client(view.id)).describeRegions();
  });

  it('moves an in-memory key into the keychain without asking for it again', async () => {
    const profiles = await v.open();
    const view = await profiles.create(keys({ storage: 'memory' }));
    expect(v.keyring.entries.size).toBe(0);
    await profiles.update(view.id, { storage: 'keychain' });
    expect(v.keyring.entries.get(`cvm-console/${view.id}`)).toContain(KEY.secretKey);
    expect((await v.open()).get(view.id)).toMatchObject({ storage: 'keychain', state: 'ready' });
  });

  it('says the key is missing when the keychain entry was removed behind our back', async () => {
    const profiles = await v.open();
    const view = await profiles.create(keys());
    v.keyring.entries.clear();
    const restarted = await v.open();
    const err = await rejectionOf((await restarted.client(view.id)).describeRegions(), CloudError);
    expect(err.code).toBe('SecretMissing');
    expect(restarted.get(view.id)).toMatchObject({ state: 'secret-missing' });
    expect(restarted.get(view.id).stateMessage).toContain('The keychain has no SecretKey');
  });

  it('passes the keychain’s own words to a call that could not read the key', async () => {
    const profiles = await v.open();
    const view = await profiles.create(keys());
    v.keyring.fail('getPassword', new Error("Couldn't access platform secure storage: locked"));
    const restarted = await v.open();
    const err = await rejectionOf((await restarted.client(view.id)).describeRegions(), CloudError);
    expect([err.kind, err.code]).toEqual(['auth', 'KeychainLocked']);
    expect(err.message).toContain('Secret Service');
    // The window words what was refused and the fix; the keychain's own words are the detail.
    expect(err).toMatchObject({
      messageKey: 'keychain.error.refused',
      messageParams: { problem: { key: 'keychain.problem.locked' }, fix: { key: 'keychain.fix.linux' } },
      detail: "Couldn't access platform secure storage: locked",
    });
  });
});

describe('update', () => {
  let profiles: KeyProfiles;
  let id: string;
  beforeEach(async () => {
    profiles = await v.open();
    id = (await profiles.create(keys())).id;
  });

  it('renames, changes site and default region', async () => {
    const view = await profiles.update(id, { name: 'Prod', site: 'intl', defaultRegion: 'ap-singapore' });
    expect(view).toMatchObject({ name: 'Prod', site: 'intl', defaultRegion: 'ap-singapore' });
    expect((await v.open()).get(id)).toMatchObject({ name: 'Prod', site: 'intl' });
  });

  it('replaces the key: the next call signs with the new one', async () => {
    await (await profiles.client(id)).describeRegions();
    const other = {
      secretId: 'AKIDotherKEY000000000000000000000002',
      secretKey: 'otherSecretKey000000000000000002',
    };
    v.sim.control.addCredential(other);
    const view = await profiles.update(id, {
      key: { secretId: ` ${other.secretId}`, secretKey: `${other.secretKey}\n` },
    });
    expect(view.secretIdMasked).toBe('AKID…0002');
    expect(v.keyring.entries.get(`cvm-console/${id}`)).toContain(other.secretKey);
    expect(v.keyring.entries.get(`cvm-console/${id}`)).not.toContain(KEY.secretKey);
    v.sim.control.clearRequestLog();
    await (await profiles.client(id)).describeRegions();
    expect(v.sim.control.requestLog().map((e) => e.secretId)).toEqual([other.secretId]);
  });

  it('checks every field and refuses what does not fit the kind', async () => {
    const err = await rejectionOf(
      profiles.update(id, {
        roleArn: 'qcs::cam::uin/1:roleName/x',
        key: { secretId: KEY.secretId, secretKey: '', token: 't' },
      }),
      ProfileInputError,
    );
    expect(err.fields).toEqual({ 'key.secretKey': 'Paste the SecretKey.' });
    const kind = await rejectionOf(
      profiles.update(id, {
        roleArn: 'qcs::cam::uin/1:roleName/x',
        key: { secretId: KEY.secretId, secretKey: KEY.secretKey, token: 't' },
      }),
      ProfileInputError,
    );
    expect(kind.fields).toEqual({
      roleArn: 'Only a role profile has this.',
      'key.token': 'Only a temporary (STS) key has a session token.',
    });
    await expect(profiles.update('key-9999', { name: 'x' })).rejects.toMatchObject({
      code: 'ProfileNotFound',
    });
  });

  it('puts the old key back when the profile list cannot be saved', async () => {
    // The user-data folder becomes unusable after start: profiles.json's folder turns into a file.
    const folder = join(v.dir, 'user-data');
    await mkdir(folder);
    const good = await v.open({ profilesFile: join(folder, 'profiles.json') });
    const created = await good.create(keys({ name: 'Second' }));
    const entries = new Map(v.keyring.entries);
    await rm(folder, { recursive: true });
    await writeFile(folder, '');
    try {
      await expect(
        good.update(created.id, {
          key: {
            secretId: 'AKIDnewKEY00000000000000000000000003',
            secretKey: 'newSecretKey00000000000000000003',
          },
        }),
      ).rejects.toMatchObject({ code: notWritable });
      expect(good.get(created.id).secretIdMasked).toBe('AKID…0001');
      expect(v.keyring.entries).toEqual(entries);
      // A create that cannot be saved leaves nothing in the keychain either.
      await expect(good.create(keys({ name: 'Third' }))).rejects.toMatchObject({ code: notWritable });
      expect(good.list().map((p) => p.name)).toEqual(['Second']);
      expect(v.keyring.entries).toEqual(entries);
    } finally {
      await rm(folder);
    }
  });
});

describe('delete and default', () => {
  it('removes the keychain entry with the profile', async () => {
    const profiles = await v.open();
    const a = await profiles.create(keys({ name: 'A' }));
    const b = await profiles.create(keys({ name: 'B' }));
    expect(await profiles.remove(a.id)).toEqual({ removed: true });
    expect([...v.keyring.entries.keys()]).toEqual([`cvm-console/${b.id}`]);
    expect(profiles.list().map((p) => p.id)).toEqual([b.id]);
    expect(profiles.defaultProfileId()).toBeNull(); // A was the default
    expect(JSON.parse(await fileText())).toMatchObject({ defaultProfileId: null, profiles: [{ id: b.id }] });
  });

  it('keeps the profile listed, and says so, when the keychain refuses to delete', async () => {
    const profiles = await v.open();
    const a = await profiles.create(keys({ name: 'A' }));
    v.keyring.fail('deletePassword', new Error("Couldn't access platform secure storage: locked"));
    const err = await rejectionOf(profiles.remove(a.id), KeychainError);
    expect(err.code).toBe('KeychainLocked');
    expect(err.message).toContain(
      '"A" could not be removed from the keychain, so the profile is still listed',
    );
    expect(err.canKeepInMemory).toBe(false);
    expect(err).toMatchObject({
      messageKey: 'keychain.error.refused',
      messageParams: {
        problem: {
          key: 'keychain.problem.notRemoved',
          params: { name: 'A', problem: { key: 'keychain.problem.locked' } },
        },
        fix: { key: 'keychain.fix.linux' },
      },
    });
    expect(profiles.list().map((p) => p.id)).toEqual([a.id]);
    expect((await v.open()).list().map((p) => p.id)).toEqual([a.id]);
    expect(v.keyring.entries.has(`cvm-console/${a.id}`)).toBe(true);
  });

  it('sets and clears the default profile', async () => {
    const profiles = await v.open();
    const a = await profiles.create(keys({ name: 'A' }));
    const b = await profiles.create(keys({ name: 'B' }));
    expect(profiles.defaultProfileId()).toBe(a.id);
    await profiles.setDefault(b.id);
    expect((await v.open()).defaultProfileId()).toBe(b.id);
    expect(profiles.get(b.id).isDefault).toBe(true);
    await profiles.setDefault(null);
    expect(profiles.defaultProfileId()).toBeNull();
    await expect(profiles.setDefault('key-9999')).rejects.toMatchObject({ code: 'ProfileNotFound' });
  });
});

describe('a corrupt profiles.json', () => {
  it('is moved aside, named in a notice, and the app starts with an empty list', async () => {
    await writeFile(v.profilesFile, '{"version": 1, "profiles": [');
    const profiles = await v.open();
    const [notice] = profiles.notices();
    expect(notice?.code).toBe('ProfilesFileCorrupt');
    expect(notice?.message).toContain(v.profilesFile);
    expect(notice?.message).toContain('not valid JSON (line 1)');
    expect(await readFile(notice?.movedTo as string, 'utf8')).toBe('{"version": 1, "profiles": [');
    expect(profiles.list()).toEqual([]);
  });
});

describe('test key', () => {
  it('reports a working key and what its CAM policy allows', async () => {
    const profiles = await v.open();
    const { id } = await profiles.create(keys());
    const report = await profiles.test(id);
    expect(report.outcome).toBe('works');
    expect(report.permissions.map((p) => [p.action, p.verdict])).toEqual([
      ['DescribeInstances', 'allowed'],
      ['DescribeInstanceVncUrl', 'allowed'],
      ['StartInstances', 'allowed'],
      ['StopInstances', 'allowed'],
      ['RebootInstances', 'allowed'],
    ]);
    expectNoSecret(report);
  });

  it('reports a refused key with its code', async () => {
    const profiles = await v.open();
    const { id } = await profiles.create(keys({ secretKey: 'wrongSecretKey00000000000000000000' }));
    const report = await profiles.test(id);
    expect(report).toMatchObject({
      outcome: 'refused',
      code: 'AuthFailure.SignatureFailure',
      permissions: [],
    });
    expect(report.message).not.toContain('wrongSecretKey');
  });
});
