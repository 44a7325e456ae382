// KeyProfiles over an in-memory keyring and a temp user-data folder, with every profile's client
// pointed at a demo API simulator that runs on a hand-driven clock (sleeps advance it).
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
  profilesFile: string;
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
  const profilesFile = join(dir, 'profiles.json');
  let ids = 0;
  return {
    sim,
    keyring,
    dir,
    profilesFile,
    open: async (over = {}) => {
      const profiles = new KeyProfiles({
        profilesFile,
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
}
