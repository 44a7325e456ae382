// The handler table the e2e tests bridge into the page: the very buildHandlers() main registers,
// with the services main gives it, minus Electron (dialogs, clipboard and windows are recorded).
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHandlers, once, type HandlerServices } from '../../../src-main/handlers';
import type {
  EventName,
  EventPayload,
  HandlerTable,
  InstanceRef,
  Settings,
} from '../../../src-main/contract';
import { KeyProfiles, type KeyProfilesOptions } from '../../../src-main/vault/key-profiles';
import { Profiles, type ProfileSource } from '../../../src-main/vault/profiles';
import { memoryKeyring, type MemoryKeyring } from '../../support/memory-keyring';
import { DemoProfile, type DemoProfileOptions } from '../../../src-main/demo/demo-profile';
import { createConsoleUrlBroker } from '../../../src-main/console/url-broker';
import { DEFAULT_SETTINGS } from '../../../src-main/settings';
import { UI_LANGUAGE } from '../../../src-main/cloud';
import { InventoryService } from '../../../src-main/inventory/inventory-service';
import { InventoryCache } from '../../../src-main/inventory/inventory-cache';
import { MarksStore } from '../../../src-main/inventory/marks-store';

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
  consoleWindows: { ref: InstanceRef; title: string }[];
  log: Record<string, string | number | boolean>[];
}

/** Where events main would send to the windows go: a bridge forwards them to its page. */
export type EventSink = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

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
  /** Every event main pushes goes to each sink added here. */
  eventSinks: Set<EventSink>;
  close(): Promise<void>;
}

export interface KeyProfilesSetup {
  /** Environment the importers read (default: none). */
  env?: Record<string, string | undefined>;
  /** Anything else KeyProfiles takes (a clock, the client's endpoint, …). */
  options?: Partial<KeyProfilesOptions>;
}

export function createAppUnderTest(
  overrides: Partial<HandlerServices> = {},
  demoOptions: DemoProfileOptions = {},
  /** Serves the `demo` profile instead of an in-process demo cloud (e.g. one in another process). */
  demoSource?: ProfileSource,
  keySetup: KeyProfilesSetup = {},
): AppUnderTest {
  const demo = new DemoProfile({ ...demoOptions, client: { language: UI_LANGUAGE, ...demoOptions.client } });
  const recorded: Recorded = {
    external: [],
    savedFiles: [],
    copiedImages: [],
    copiedTexts: [],
    shownInFolder: [],
    consoleWindows: [],
    log: [],
  };
  let settings: Settings = DEFAULT_SETTINGS;
  // The user-data folder of this run: profiles.json, the inventory cache and the favourites.
  const userData = mkdtempSync(join(tmpdir(), 'cvm-e2e-userdata-'));
  const home = join(userData, 'home');
  mkdirSync(home);
  // The gnome-keyring integration test covers the real keychain; here the keys live in memory,
  // behind the same KeyringEntryFactory interface @napi-rs/keyring gives the app.
  const keyring = memoryKeyring();
  const keyProfiles = new KeyProfiles({
    profilesFile: join(userData, 'profiles.json'),
    keyring: keyring.load,
    importLocations: () => ({ env: keySetup.env ?? {}, home }),
    log: (record) => void recorded.log.push(record),
    ...keySetup.options,
  });
  const profiles = new Profiles([demoSource ?? demo], keyProfiles);
  const eventSinks = new Set<EventSink>();
  const broadcast: EventSink = (name, payload) => eventSinks.forEach((sink) => sink(name, payload));
  const inventory = new InventoryService({
    clientFor: (id) => profiles.client(id),
    checkProfile: (id) => void profiles.get(id),
    cache: new InventoryCache(join(userData, 'inventory')),
    marks: new MarksStore(join(userData, 'inventory', 'marks.json')),
    emitListing: (event) => broadcast('inventory:listing', event),
    emitInstances: (payload) => broadcast('inventory:instances', payload),
  });
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
    saveFile: async (name, bytes) => (
      recorded.savedFiles.push({ name, bytes }),
      `/home/user/Pictures/${name}`
    ),
    copyImage: async (png) => (recorded.copiedImages.push(png), true),
    copyText: async (text) => void recorded.copiedTexts.push(text),
    showInFolder: (path) => void recorded.shownInFolder.push(path),
    openConsoleWindow: async (ref, title) => void recorded.consoleWindows.push({ ref, title }),
    settings: { get: () => settings, update: async (patch) => (settings = { ...settings, ...patch }) },
    log: (record) => void recorded.log.push(record),
    inventory,
    ...overrides,
  });
  return {
    handlers,
    demo,
    keyProfiles,
    keyring,
    userData,
    home,
    profiles,
    recorded,
    inventory,
    eventSinks,
    close: async () => {
      inventory.close();
      await keyProfiles.flush();
      await demo.close();
      rmSync(userData, { recursive: true, force: true });
    },
  };
}

/** Just the handler table, for tests that need no demo cloud. */
export function appHandlers(overrides: Partial<HandlerServices> = {}): HandlerTable {
  return createAppUnderTest(overrides).handlers;
}
