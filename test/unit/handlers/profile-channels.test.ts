// The key profile channels through the very dispatcher main registers: real KeyProfiles over an
// in-memory keyring and the demo API simulator. Bad forms come back with a message per field and
// change nothing; no answer and no log line ever carries a SecretKey or token; and the README's
// minimal CAM policy passes Test (and without its second statement, the power actions are denied).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildHandlers } from '../../../src-main/handlers';
import { dispatch } from '../../../src-main/ipc/dispatch';
import type { InternalErrorRecord } from '../../../src-main/ipc/errors';
import type { HandlerTable, IpcResult, KeyProfileView, KeyTestReport } from '../../../src-main/contract';
import { Profiles } from '../../../src-main/vault/profiles';
import type { KeyProfiles } from '../../../src-main/vault/key-profiles';
import { fakeServices } from '../../support/fake-services';
import { KEY, startVault, type VaultFixture } from '../vault/fixture';

let v: VaultFixture;
let vault: KeyProfiles;
let handlers: HandlerTable;
const answers: unknown[] = [];
const logged: unknown[] = [];
const internalErrors: InternalErrorRecord[] = [];

beforeAll(async () => {
  v = await startVault();
});
afterAll(() => v.close());
beforeEach(async () => {
  v.reset();
  answers.length = 0;
  logged.length = 0;
  vault = await v.open({ log: (r) => void logged.push(r) });
  handlers = buildHandlers(
    fakeServices({
      profiles: new Profiles([], vault),
      keyProfiles: vault,
      keychainStatus: () => vault.keychainStatus(),
    }),
  );
});

async function call(channel: string, input?: unknown): Promise<IpcResult<unknown>> {
  const result = await dispatch(handlers, channel, input, (r) => void internalErrors.push(r));
  answers.push(result);
  return result;
}

async function ok<T>(channel: string, input?: unknown): Promise<T> {
  const result = await call(channel, input);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

const form = (over: Record<string, unknown> = {}) => ({
  kind: 'keys',
  name: 'Production',
  site: 'china',
  defaultRegion: 'ap-guangzhou',
  secretId: KEY.secretId,
  secretKey: KEY.secretKey,
  ...over,
});

/** The README's policy block, as a user would paste it. */
function readmePolicy(): { statement: { action: string[] }[] } {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Adding your own API key'));
  const json = /```json\n([\s\S]*?)```/.exec(section)?.[1];
  if (!json) throw new Error('README: no JSON policy under "Adding your own API key"');
  return JSON.parse(json) as { statement: { action: string[] }[] };
}

describe('key profile channels', () => {
  it('answers a bad form with a message per field and saves nothing', async () => {
    const result = await call('profiles:create', form({ secretId: ' AKIDshort', secretKey: ' \u200b ' }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ kind: 'invalid-input', code: 'InvalidProfileInput' });
    expect(result.error.fields?.['secretKey']).toBe('Paste the SecretKey.');
    expect(result.error.fields?.['secretId']).toMatch(/AKID followed by letters and digits/);
    expect(await ok('profiles:details')).toEqual({ profiles: [], notices: [] });
    expect(v.keyring.entries.size).toBe(0);
  });

  it('refuses a form with unknown fields or oversized values before the vault sees it', async () => {
    const extra = await call('profiles:create', { ...form(), password: 'x' });
    const huge = await call('profiles:create', form({ secretKey: 'k'.repeat(9000) }));
    expect([extra.ok, huge.ok]).toEqual([false, false]);
    expect(v.keyring.calls).toEqual([]);
  });

  it('creates, lists, tests, renames, replaces the key, sets the default and deletes, never answering a secret', async () => {
    const pasted = form({ secretKey: `\u00a0${KEY.secretKey}\n` });
    const created = await ok<KeyProfileView>('profiles:create', pasted);
    expect(created).toMatchObject({ name: 'Production', kind: 'keys', isDefault: true, state: 'ready' });
    expect(await ok('profiles:list')).toEqual([
      {
        id: created.id,
        name: 'Production',
        kind: 'keys',
        site: 'china',
        defaultRegion: 'ap-guangzhou',
        state: 'ready',
        isDefault: true,
      },
    ]);
    const report = await ok<KeyTestReport>('profiles:test', { profileId: created.id });
    expect(report.outcome).toBe('works');
    await ok('profiles:update', { profileId: created.id, changes: { name: 'Prod' } });
    const replaced = await call('profiles:update', {
      profileId: created.id,
      changes: { key: { secretId: KEY.secretId, secretKey: '' } },
    });
    expect(replaced.ok ? undefined : replaced.error.fields).toEqual({
      'key.secretKey': 'Paste the SecretKey.',
    });
    expect(await ok('profiles:setDefault', { profileId: null })).toEqual({ defaultProfileId: null });
    expect(await ok('profiles:keychainStatus', { recheck: true })).toMatchObject({ available: true });
    expect(await ok('profiles:delete', { profileId: created.id })).toEqual({ removed: true });
    expect(v.keyring.entries.size).toBe(0);

    const everything = JSON.stringify([answers, logged, internalErrors]);
    expect(everything).not.toContain(KEY.secretKey);
    expect(everything).toContain(`${KEY.secretId.slice(0, 4)}…${KEY.secretId.slice(-4)}`);
    expect(internalErrors).toEqual([]);
  });

  it('a keychain that refuses says so, and the form may keep the key in memory instead', async () => {
    v.keyring.fail('setPassword', new Error('org.freedesktop.DBus.Error.ServiceUnknown'));
    const refused = await call('profiles:create', form());
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toMatch(/^Keychain/);
    expect(refused.error.message).toMatch(/keep this key in memory only/);
    const kept = await ok<KeyProfileView>('profiles:create', form({ storage: 'memory' }));
    expect(kept.storage).toBe('memory');
    expect(JSON.stringify(answers)).not.toContain(KEY.secretKey);
  });

  it('the README’s minimal CAM policy passes Test; without its second statement the power actions are denied', async () => {
    const policy = readmePolicy();
    const [look, power] = policy.statement.map((s) => s.action);
    const verdictsWith = async (allow: string[], n: string) => {
      const key = {
        secretId: `AKIDreadmePOLICY00000000000000000${n}`,
        secretKey: `readmePolicySecret00000000000${n}`,
      };
      v.sim.control.addCredential({ ...key, allow });
      const { id } = await ok<KeyProfileView>('profiles:create', form({ name: `policy ${n}`, ...key }));
      const report = await ok<KeyTestReport>('profiles:test', { profileId: id });
      expect(report.outcome).toBe('works');
      return Object.fromEntries(report.permissions.map((p) => [p.action, p.verdict]));
    };
    expect(await verdictsWith([...look!, ...power!], '001')).toEqual({
      DescribeInstances: 'allowed',
      DescribeInstanceVncUrl: 'allowed',
      StartInstances: 'allowed',
      StopInstances: 'allowed',
      RebootInstances: 'allowed',
    });
    expect(await verdictsWith(look!, '002')).toEqual({
      DescribeInstances: 'allowed',
      DescribeInstanceVncUrl: 'allowed',
      StartInstances: 'denied',
      StopInstances: 'denied',
      RebootInstances: 'denied',
    });
  });
});
