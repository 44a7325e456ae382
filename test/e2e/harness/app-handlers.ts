// The handler table the e2e tests bridge into the page: the very buildHandlers() main registers,
// with the services main gives it, minus Electron (dialogs, clipboard and windows are recorded).
import { readFileSync } from 'node:fs';
import { buildHandlers, once, type HandlerServices } from '../../../src-main/handlers';
import type { HandlerTable, InstanceRef, KeychainStatus, Settings } from '../../../src-main/contract';
import { napiKeyringFactory, probeKeychain } from '../../../src-main/vault/keychain-probe';
import { Profiles } from '../../../src-main/vault/profiles';
import { DemoProfile, type DemoProfileOptions } from '../../../src-main/demo/demo-profile';
import { createConsoleUrlBroker } from '../../../src-main/console/url-broker';
import { DEFAULT_SETTINGS } from '../../../src-main/settings';

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
  profiles: Profiles;
  recorded: Recorded;
  close(): Promise<void>;
}

export function createAppUnderTest(
  overrides: Partial<HandlerServices> = {},
  demoOptions: DemoProfileOptions = {},
): AppUnderTest {
  const demo = new DemoProfile(demoOptions);
  const profiles = new Profiles([demo]);
  const recorded: Recorded = { external: [], savedFiles: [], copiedImages: [], consoleWindows: [], log: [] };
  let settings: Settings = DEFAULT_SETTINGS;
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
    keychainStatus: once((): Promise<KeychainStatus> => probeKeychain(() => napiKeyringFactory())),
    profiles,
    consoleUrls: broker,
    openExternal: async (url) => void recorded.external.push(url),
    saveFile: async (name, bytes) => (recorded.savedFiles.push({ name, bytes }), true),
    copyImage: async (png) => (recorded.copiedImages.push(png), true),
    openConsoleWindow: async (ref, title) => void recorded.consoleWindows.push({ ref, title }),
    settings: { get: () => settings, update: async (patch) => (settings = { ...settings, ...patch }) },
    log: (record) => void recorded.log.push(record),
    ...overrides,
  });
  return { handlers, demo, profiles, recorded, close: () => demo.close() };
}

/** Just the handler table, for tests that need no demo cloud. */
export function appHandlers(overrides: Partial<HandlerServices> = {}): HandlerTable {
  return createAppUnderTest(overrides).handlers;
}
