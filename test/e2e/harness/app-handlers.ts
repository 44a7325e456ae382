// The handler table the e2e tests bridge into the page: createAppServices(), exactly as main wires
// it, minus Electron (dialogs, clipboard, windows and the log are recorded; keys live in memory).
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createAppServices,
  type AppDeps,
  type Broadcast,
  type OsServices,
} from '../../../src-main/app-services';
import type { HandlerTable, InstanceRef, Settings } from '../../../src-main/contract';
import type { KeyProfiles, KeyProfilesOptions } from '../../../src-main/vault/key-profiles';
import { memoryKeyring, type MemoryKeyring } from '../../support/memory-keyring';
import { DemoProfile, type DemoProfileOptions } from '../../../src-main/demo/demo-profile';
import type { ProfileSource, Profiles } from '../../../src-main/vault/profiles';
import { DEFAULT_SETTINGS } from '../../../src-main/settings';
import type { InventoryService } from '../../../src-main/inventory/inventory-service';
import type { HandshakeRefusals } from '../../../src-main/console/handshake-refusals';
import { resolveLocale, tencentLanguage } from '../../../i18n/locales';

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
  copiedTexts: string[];
  shownInFolder: string[];
  /** How many times the log folder was asked to open. */
  logFolderOpened: number;
  consoleWindows: { ref: InstanceRef; title: string }[];
  log: Record<string, string | number | boolean>[];
}

/** Where events main would send to the windows go: a bridge forwards them to its page. */
export type EventSink = Broadcast;

export interface AppUnderTest {
  handlers: HandlerTable;
  demo: DemoProfile;
  /** The key profiles, as main makes them: profiles.json in `userData`, keys in `keyring`. */
  keyProfiles: KeyProfiles;
  keyring: MemoryKeyring;
  /** The throwaway user-data folder (profiles.json, the inventory) and HOME the importers look in. */
  userData: string;
  home: string;
  profiles: Profiles;
  recorded: Recorded;
  inventory: InventoryService;
  /** Where main's network hook reports console handshakes (openAppPage feeds it from Chromium's). */
  handshakes: HandshakeRefusals;
  /** Every event main pushes goes to each sink added here. */
  eventSinks: Set<EventSink>;
  close(): Promise<void>;
}

/** What a test may change of the app's wiring: what createAppServices takes, but the demo and folders. */
export type AppOverrides = Partial<Omit<AppDeps, 'demo' | 'userData' | 'broadcast' | 'os' | 'keys'>> & {
  os?: Partial<OsServices>;
};

export interface KeyProfilesSetup {
  /** Environment the importers read (default: none). */
  env?: Record<string, string | undefined>;
  /** Anything else KeyProfiles takes (a clock, the client's endpoint, …). */
  options?: Partial<Omit<KeyProfilesOptions, 'profilesFile'>>;
}

export function createAppUnderTest(
  overrides: AppOverrides = {},
  demoOptions: DemoProfileOptions = {},
  /** Serves the `demo` profile instead of an in-process demo cloud (e.g. one in another process). */
  demoSource?: ProfileSource,
  keySetup: KeyProfilesSetup = {},
): AppUnderTest {
  // X-TC-Language follows the language setting, as main's clients do.
  const language = () => tencentLanguage(resolveLocale(settings.language, 'en'));
  const demo = new DemoProfile({ ...demoOptions, client: { language, ...demoOptions.client } });
  let settings: Settings = DEFAULT_SETTINGS;
  const recorded: Recorded = {
    external: [],
    savedFiles: [],
    copiedImages: [],
    copiedTexts: [],
    shownInFolder: [],
    logFolderOpened: 0,
    consoleWindows: [],
    log: [],
  };
  // The user-data folder of this run: profiles.json, the inventory cache and the favourites.
  const userData = mkdtempSync(join(tmpdir(), 'cvm-e2e-userdata-'));
  const home = join(userData, 'home');
  mkdirSync(home);
  // The gnome-keyring integration test covers the real keychain; here the keys live in memory,
  // behind the same KeyringEntryFactory interface @napi-rs/keyring gives the app.
  const keyring = memoryKeyring();
  const eventSinks = new Set<EventSink>();
  const services = createAppServices({
    app: {
      name: pkg.productName,
      version: pkg.version,
      electron: null,
      platform: process.platform,
      arch: process.arch,
      systemLocale: 'en',
    },
    demo: demoSource ?? demo,
    userData,
    keys: {
      keyring: keyring.load,
      importLocations: () => ({ env: keySetup.env ?? {}, home }),
      ...keySetup.options,
    },
    settings: {
      get: () => settings,
      update: async (patch) => {
        settings = { ...settings, ...patch };
        eventSinks.forEach((sink) => sink('settings:changed', settings));
        return settings;
      },
    },
    broadcast: (name, payload) => eventSinks.forEach((sink) => sink(name, payload)),
    log: (record) => void recorded.log.push(record),
    ...overrides,
    os: {
      openExternal: async (url) => void recorded.external.push(url),
      saveFile: async (name, bytes) => (
        recorded.savedFiles.push({ name, bytes }),
        `/home/user/Pictures/${name}`
      ),
      copyImage: async (png) => (recorded.copiedImages.push(png), true),
      copyText: async (text) => void recorded.copiedTexts.push(text),
      showInFolder: (path) => void recorded.shownInFolder.push(path),
      openLogFolder: async () => (recorded.logFolderOpened++, true),
      openConsoleWindow: async (ref, title) => void recorded.consoleWindows.push({ ref, title }),
      ...overrides.os,
    },
  });
  return {
    handlers: services.handlers,
    demo,
    keyProfiles: services.keyProfiles,
    keyring,
    userData,
    home,
    profiles: services.profiles,
    recorded,
    inventory: services.inventory,
    handshakes: services.handshakes,
    eventSinks,
    close: async () => {
      await services.close();
      await demo.close(); // when a demoSource served instead, this one never started: a no-op
      rmSync(userData, { recursive: true, force: true });
    },
  };
}

/** Just the handler table, for tests that need no demo cloud. */
export function appHandlers(overrides: AppOverrides = {}): HandlerTable {
  return createAppUnderTest(overrides).handlers;
}
