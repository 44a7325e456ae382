// The vault against a real Secret Service: gnome-keyring on a private D-Bus session with a
// throwaway HOME. Keys are created, read back by signing real requests (against the demo API
// simulator), listed, replaced and deleted; then the user-data folder, HOME and the log are
// searched for every secret: zero hits. And with no Secret Service at all: a plain refusal,
// the memory-only choice, and still nothing on disk.
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AsyncEntry } from '@napi-rs/keyring';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiterRegistry } from '../../../src-main/cloud';
import { createLogger, type AppLogger } from '../../../src-main/logging';
import { KeychainError } from '../../../src-main/vault/errors';
import { napiKeyringFactory } from '../../../src-main/vault/keychain-probe';
import { KeyProfiles } from '../../../src-main/vault/key-profiles';
import { KEY, startSim, type SimFixture } from '../demo-api/fixture';
import { rejectionOf } from '../../support/rejection';
import { startSecretService, type SecretService } from '../../support/secret-service';

const NEW_KEY = {
  secretId: 'AKIDreplacedKEY0000000000000000000002',
  secretKey: 'replacedSecretKey000000000000002',
};
const STS = {
  secretId: 'AKIDstsLONGtoken000000000000000000003',
  secretKey: 'stsLongTokenSecret00000000000003',
  // Longer than one keychain entry holds on Windows: stored in parts here too.
  token: Array.from({ length: 90 }, (_, i) => `tok${String(i).padStart(4, '0')}Zq9`)
    .join('')
    .repeat(3),
};
const SECRETS = [KEY.secretKey, NEW_KEY.secretKey, STS.secretKey, STS.token];

let sim: SimFixture;
beforeAll(async () => {
  sim = await startSim({ size: 20, seed: 'keychain' });
  sim.control.addCredential(NEW_KEY);
  sim.control.addCredential({ ...STS, expiresAt: sim.now() + 24 * 3_600_000 });
});
afterAll(() => sim.close());

async function openVault(userData: string, log: AppLogger): Promise<KeyProfiles> {
  const profiles = new KeyProfiles({
    profilesFile: join(userData, 'profiles.json'),
    keyring: () => napiKeyringFactory('linux'),
    platform: 'linux',
    now: sim.now,
    log: (record) => log.info(record),
    importLocations: () => ({ env: {}, home: userData }),
    client: { endpoint: sim.endpoint, rateLimiter: new RateLimiterRegistry({ clock: sim.now }) },
  });
  await profiles.load();
  return profiles;
}

/** Every file under `dir` (binary too) that contains `needle`. */
async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const hits: string[] = [];
  const bytes = Buffer.from(needle, 'utf8');
  for (const name of await readdir(dir, { recursive: true })) {
    const file = join(dir, name);
    const data = await readFile(file).catch(() => undefined); // folders, sockets
    if (data?.includes(bytes)) hits.push(file);
  }
  return hits;
}

function flush(log: AppLogger): Promise<void> {
  return new Promise((resolve, reject) => log.flush((err) => (err ? reject(err) : resolve())));
}

async function stored(account: string): Promise<string | null> {
  return new AsyncEntry('cvm-console', account, { linux: { store: 'secret-service' } }).getPassword();
}

describe('key profiles in a real gnome-keyring', () => {
  let service: SecretService;
  let userData: string;
  let logFile: string;
  let log: AppLogger;
  beforeAll(async () => {
    service = await startSecretService();
    userData = join(service.home, '.config', 'CVM Console');
    await mkdir(userData, { recursive: true });
    logFile = join(userData, 'logs', 'main.log');
    log = createLogger(logFile);
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('creates, reads, lists, replaces and deletes keys, and leaves no secret on disk or in the log', async () => {
    const vault = await openVault(userData, log);
    expect(await vault.keychainStatus()).toMatchObject({ available: true });

    const keys = await vault.create({
      kind: 'keys',
      name: 'Work',
      site: 'china',
      defaultRegion: 'ap-guangzhou',
      secretId: KEY.secretId,
      secretKey: `${KEY.secretKey}\n`,
    });
    const sts = await vault.create({
      kind: 'sts',
      name: 'Temp',
      site: 'china',
      defaultRegion: 'ap-guangzhou',
      ...STS,
    });
    expect(await stored(keys.id)).toContain(KEY.secretKey);
    expect(await stored(`${sts.id}~2`)).not.toBeNull(); // the long token spans entries
    // The search below finds what is there: the SecretId (not secret) is in profiles.json.
    expect(await filesContaining(userData, KEY.secretId)).toEqual([join(userData, 'profiles.json')]);

    // Read back from the keychain by a fresh process-like instance: the calls are signed with it.
    const restarted = await openVault(userData, log);
    expect(restarted.list().map((p) => [p.name, p.kind, p.state])).toEqual([
      ['Temp', 'sts', 'ready'],
      ['Work', 'keys', 'ready'],
    ]);
    await (await restarted.client(keys.id)).describeRegions();
    await (await restarted.client(sts.id)).describeInstances({ region: 'ap-guangzhou', limit: 1 });
    expect(
      sim.control
        .requestLog()
        .slice(-2)
        .map((e) => [e.secretId, e.outcome]),
    ).toEqual([
      [KEY.secretId, 'ok'],
      [STS.secretId, 'ok'],
    ]);
    expect((await restarted.test(keys.id)).outcome).toBe('works');

    // Replace the key; a new instance signs with the new one.
    await restarted.update(keys.id, { key: NEW_KEY });
    expect(await stored(keys.id)).toContain(NEW_KEY.secretKey);
    const again = await openVault(userData, log);
    await (await again.client(keys.id)).describeRegions();
    expect(sim.control.requestLog().at(-1)).toMatchObject({ secretId: NEW_KEY.secretId, outcome: 'ok' });

    // A refused call is logged by the app; make sure such a line carries no secret either.
    sim.control.failNext('AuthFailure.SignatureFailure');
    await (
      await again.client(keys.id)
    )
      .describeRegions()
      .catch((err: Error) => log.warn({ event: 'call-failed', message: err.message }));

    // Delete: every keychain entry goes with the profile.
    await again.remove(keys.id);
    await again.remove(sts.id);
    expect(again.list()).toEqual([]);
    for (const account of [keys.id, sts.id, `${sts.id}~2`, `${sts.id}~3`])
      expect(await stored(account)).toBeNull();

    await again.flush();
    await flush(log);
    expect((await readFile(logFile, 'utf8')).split('\n').length).toBeGreaterThan(5);
    // gnome-keyring kept its (encrypted) store in this HOME, so HOME is the place to search.
    expect(await readdir(join(service.home, '.local/share/keyrings'))).toContain('login.keyring');
    for (const secret of SECRETS) {
      expect(await filesContaining(userData, secret), 'user data').toEqual([]);
      expect(await filesContaining(service.home, secret), 'HOME').toEqual([]);
      expect((await readFile(logFile, 'utf8')).includes(secret), 'log').toBe(false);
    }
  });
});

describe('key profiles with no Secret Service', () => {
  const previous = process.env['DBUS_SESSION_BUS_ADDRESS'];
  beforeAll(() => {
    process.env['DBUS_SESSION_BUS_ADDRESS'] = 'unix:path=/nonexistent/cvm-console-test-bus';
  });
  afterAll(async () => {
    if (previous === undefined) delete process.env['DBUS_SESSION_BUS_ADDRESS'];
    else process.env['DBUS_SESSION_BUS_ADDRESS'] = previous;
  });

  it('refuses plainly, offers memory, and never falls back to a file', async () => {
    const userData = await mkdtemp(join(tmpdir(), 'cvm-no-keychain-'));
    const logFile = join(userData, 'main.log');
    const log = createLogger(logFile);
    try {
      const vault = await openVault(userData, log);
      const status = await vault.keychainStatus();
      expect(status.available).toBe(false);
      expect(status.detail).toContain('gnome-keyring');

      const input = { kind: 'keys', name: 'Work', site: 'china', defaultRegion: 'ap-guangzhou', ...KEY };
      const err = await rejectionOf(vault.create(input), KeychainError);
      expect(err.code).toBe('KeychainUnavailable');
      expect(err.message).toContain('Failed to connect');
      expect(err.message).toContain('keep this key in memory only');
      expect(vault.list()).toEqual([]);

      const memory = await vault.create({ ...input, storage: 'memory' });
      await (await vault.client(memory.id)).describeRegions();
      expect(sim.control.requestLog().at(-1)).toMatchObject({ secretId: KEY.secretId, outcome: 'ok' });

      await vault.flush();
      await flush(log);
      expect(await filesContaining(userData, KEY.secretKey)).toEqual([]);
      expect((await openVault(userData, log)).get(memory.id).state).toBe('secret-missing');
    } finally {
      await rm(userData, { recursive: true, force: true });
    }
  });
});
