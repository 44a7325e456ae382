// HandlerServices for tests that exercise one channel: everything else refuses loudly if called.
import type { HandlerServices } from '../../src-main/handlers';
import { Profiles } from '../../src-main/vault/profiles';
import { DEFAULT_SETTINGS } from '../../src-main/settings';

const unused = (what: string) => async (): Promise<never> => {
  throw new Error(`this test did not expect ${what} to be called`);
};

/** Key profile operations that refuse loudly: for tests that do not touch the profile manager. */
export function unusedKeyProfiles(): HandlerServices['keyProfiles'] {
  const refuse = (what: string) => (): never => {
    throw new Error(`this test did not expect keyProfiles.${what} to be called`);
  };
  return {
    list: refuse('list'),
    notices: refuse('notices'),
    create: refuse('create'),
    update: refuse('update'),
    remove: refuse('remove'),
    setDefault: refuse('setDefault'),
    defaultProfileId: refuse('defaultProfileId'),
    test: refuse('test'),
    scanImports: refuse('scanImports'),
    importProfiles: refuse('importProfiles'),
    recheckKeychain: refuse('recheckKeychain'),
  };
}

export function fakeServices(overrides: Partial<HandlerServices> = {}): HandlerServices {
  return {
    app: {
      name: 'CVM Console',
      version: '0.0.1',
      electron: null,
      platform: 'linux',
      arch: 'x64',
      systemLocale: 'en',
    },
    keychainStatus: async () => ({ available: true, backend: 'fake' }),
    profiles: new Profiles([]),
    keyProfiles: unusedKeyProfiles(),
    consoleUrls: { issueUrl: unused('console:issueUrl') },
    openExternal: unused('openExternal'),
    saveFile: unused('saveFile'),
    copyImage: unused('copyImage'),
    copyText: unused('copyText'),
    showInFolder: () => {
      throw new Error('this test did not expect showInFolder to be called');
    },
    openConsoleWindow: unused('openConsoleWindow'),
    openLogFolder: unused('openLogFolder'),
    settings: { get: () => DEFAULT_SETTINGS, update: unused('settings.update') },
    inventory: {
      list: unused('inventory.list'),
      cachedForWindow: async () => null,
      power: unused('inventory.power'),
      marks: () => ({}),
      mark: unused('inventory.mark'),
      watch: () => {},
    },
    openConsoles: { report: () => {} },
    log: () => {},
    ...overrides,
  };
}
