// The handler table the e2e tests bridge into the page: the very buildHandlers() main registers,
// with the services main gives it, minus Electron (dialogs, clipboard and windows are recorded).
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHandlers, once, type HandlerServices } from '../../../src-main/handlers';
import type { HandlerTable, InstanceRef, Settings } from '../../../src-main/contract';
import { KeyProfiles, type KeyProfilesOptions } from '../../../src-main/vault/key-profiles';
import { Profiles } from '../../../src-main/vault/profiles';
import { memoryKeyring, type MemoryKeyring } from '../../support/memory-keyring';
import { DemoProfile, type DemoProfileOptions } from '../../../src-main/demo/demo-profile';
import { createConsoleUrlBroker } from '../../../src-main/console/url-broker';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  productName: string;
  version: string;
};

export const packageVersion = pkg.version;

/** What the page asked main to do that a real app would hand to the OS. */
export interface Recorded {
  external: string[];
  savedFiles: { name: string; bytes: Uint8Array }[];
  copiedImages: Uint8Array[];
  consoleWindows: { ref: InstanceRef; title: string }[];
  log: Record<string, string | number | boolean>[];
}

export interface AppUnderTest {
  handlers: HandlerTable;
  demo: DemoProfile;
  /** The key profiles, as main makes them: profiles.json in a throwaway folder, keys in `keyring`. */
  keyProfiles: KeyProfiles;
  keyring: MemoryKeyring;
  /** The throwaway user-data folder (profiles.json) and HOME the importers look in. */
  userData: string;
  home: string;
  recorded: Recorded;
  close(): Promise<void>;
}

export interface KeyProfilesSetup {
  /** Environment the importers read (default: none). */
  env?: Record<string, string | undefined>;
  /** Prepares the throwaway HOME before the first scan (e.g. writes ~/.tccli files). */
  prepareHome?: (home: string) => void;
  /** Anything else KeyProfiles takes (a clock, the client's endpoint, …). */
  options?: Partial<KeyProfilesOptions>;
}

export function createAppUnderTest(
  overrides: Partial<HandlerServices> = {},
  demoOptions: DemoProfileOptions = {},
  keySetup: KeyProfilesSetup = {},
): AppUnderTest {
  const demo = new DemoProfile(demoOptions);
  // The gnome-keyring integration test covers the real keychain; here the keys live in memory,
  // behind the same KeyringEntryFactory interface @napi-rs/keyring gives the app.
  const keyring = memoryKeyring();
  const root = mkdtempSync(join(tmpdir(), 'cvm-e2e-app-'));
  const userData = join(root, 'user-data');
  const home = join(root, 'home');
  mkdirSync(userData);
  mkdirSync(home);
  keySetup.prepareHome?.(home);
  const keyProfiles = new KeyProfiles({
    profilesFile: join(userData, 'profiles.json'),
    keyring: keyring.load,
    importLocations: () => ({ env: keySetup.env ?? {}, home }),
    log: (record) => void recorded.log.push(record),
    ...keySetup.options,
  });
  const profiles = new Profiles([demo], keyProfiles);
  const recorded: Recorded = { external: [], savedFiles: [], copiedImages: [], consoleWindows: [], log: [] };
  let settings: Settings = { rewriteTencentOrigin: true };
  const broker = createConsoleUrlBroker({
    issue: async (ref) => (await profiles.client(ref.profileId)).describeInstanceVncUrl(ref),
  });
  const handlers = buildHandlers({
    app: {
      name: pkg.productName,
      version: pkg.version,
      electron: null,
      platform: process.platform,
      arch: process.arch,
    },
    keychainStatus: once(() => keyProfiles.keychainStatus()),
    profiles,
    keyProfiles,
    consoleUrls: broker,
    openExternal: async (url) => void recorded.external.push(url),
    saveFile: async (name, bytes) => (recorded.savedFiles.push({ name, bytes }), true),
    copyImage: async (png) => (recorded.copiedImages.push(png), true),
    openConsoleWindow: async (ref, title) => void recorded.consoleWindows.push({ ref, title }),
    settings: { get: () => settings, update: async (patch) => (settings = { ...settings, ...patch }) },
    log: (record) => void recorded.log.push(record),
    ...overrides,
  });
  return {
    handlers,
    demo,
    keyProfiles,
    keyring,
    userData,
    home,
    recorded,
    close: async () => {
      await keyProfiles.flush();
      await demo.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Just the handler table, for tests that need no demo cloud. */
export function appHandlers(overrides: Partial<HandlerServices> = {}): HandlerTable {
  return createAppUnderTest(overrides).handlers;
}
