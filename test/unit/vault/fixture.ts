// KeyProfiles over an in-memory keyring and a temp user-data folder, with every profile's client
// pointed at a demo API simulator that runs on a hand-driven clock (sleeps advance it).
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyProfiles, type KeyProfilesOptions } from '../../../src-main/vault/key-profiles';
import { KEY, startSim, type SimFixture } from '../demo-api/fixture';
import { memoryKeyring, type MemoryKeyring } from '../../support/memory-keyring';

export { KEY };

export interface VaultFixture {
  sim: SimFixture;
  keyring: MemoryKeyring;
  dir: string;
  /** Where open() keeps profiles.json; reset() moves it to a fresh folder. */
  profilesFile: string;
  /** A clean slate for the next test: a fresh profiles.json path and an empty, healthy keyring. */
  reset(): void;
  /** A KeyProfiles as the app would make it at start (call again to "restart"). */
  open(over?: Partial<KeyProfilesOptions>): Promise<KeyProfiles>;
  close(): Promise<void>;
}

export async function startVault(
  opts: { size?: number; sim?: Parameters<typeof startSim>[0] } = {},
): Promise<VaultFixture> {
  const sim = await startSim({ size: opts.size ?? 40, seed: 'vault', ...opts.sim });
  const dir = await mkdtemp(join(tmpdir(), 'cvm-vault-'));
  const keyring = memoryKeyring();
  let ids = 0;
  let runs = 0;
  const fixture: VaultFixture = {
    sim,
    keyring,
    dir,
    profilesFile: join(dir, 'run-0', 'profiles.json'),
    reset: () => {
      // A write still in flight from the last test (lastUsedAt) lands in the old folder.
      const folder = join(dir, `run-${++runs}`);
      mkdirSync(folder);
      fixture.profilesFile = join(folder, 'profiles.json');
      keyring.entries.clear();
      keyring.calls.length = 0;
      keyring.fail('all', null);
      keyring.failCreate(null);
    },
    open: async (over = {}) => {
      const profiles = new KeyProfiles({
        profilesFile: fixture.profilesFile,
        keyring: keyring.load,
        platform: 'linux',
        now: sim.now,
        newId: () => `key-${String(++ids).padStart(4, '0')}`,
        importLocations: () => ({ env: {}, home: join(dir, 'no-home') }),
        client: sim.clientOptions(),
        ...over,
      });
      await profiles.load();
      return profiles;
    },
    close: async () => {
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return fixture;
}
