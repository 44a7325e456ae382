// The one place main's services are wired together: the key profiles, profiles, the console-URL
// broker, the inventory and the handler table over them. main.ts, the e2e harness and the handler
// tests all call this, so what the tests exercise is exactly what the app wires; each passes only
// what differs (Electron's OS services or recorders, the demo profile, the user-data folder, the
// keychain, settings, where events and the log go).
import { join } from 'node:path';
import type { EventName, EventPayload, HandlerTable, KeychainStatus } from './contract';
import { buildHandlers, type HandlerServices } from './handlers';
import { createConsoleUrlBroker, type ConsoleUrlBroker } from './console/url-broker';
import { HandshakeRefusals } from './console/handshake-refusals';
import { InventoryCache } from './inventory/inventory-cache';
import { InventoryService } from './inventory/inventory-service';
import { MarksStore } from './inventory/marks-store';
import { OpenConsoles } from './desktop/open-consoles';
import { KeyProfiles, type KeyProfilesOptions } from './vault/key-profiles';
import { Profiles, type ProfileSource } from './vault/profiles';

/** What the app hands to the OS: Electron's dialogs, clipboard, windows and browser in the app. */
export type OsServices = Pick<
  HandlerServices,
  | 'openExternal'
  | 'saveFile'
  | 'copyImage'
  | 'copyText'
  | 'showInFolder'
  | 'openLogFolder'
  | 'openConsoleWindow'
>;

/** Sends an event to every window of the app. */
export type Broadcast = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

export interface AppDeps {
  app: HandlerServices['app'];
  /** The demo cloud's profile (the app points it at a held port and Electron's fetch). */
  demo: ProfileSource & { close?(): Promise<void> };
  /** The app's user-data folder: profiles.json, the inventory cache and the favourites live in it. */
  userData: string;
  /**
   * How key profiles keep their secrets and reach the cloud: the keychain (the app: @napi-rs/keyring;
   * tests: in memory), the client's fetch, where importers look. profiles.json goes in `userData`.
   */
  keys: Omit<KeyProfilesOptions, 'profilesFile'>;
  /** The OS keychain's status for app:info. Default: the key profiles' own probe (made once). */
  keychainStatus?: () => Promise<KeychainStatus>;
  settings: HandlerServices['settings'];
  os: OsServices;
  broadcast: Broadcast;
  /** The main log; only the fields handlers choose reach it. */
  log: HandlerServices['log'];
  /** Calls `gone` when the window with this webContents id closes (main: webContents 'destroyed'). */
  watchSender?: (sender: number, gone: () => void) => void;
  /** Warnings of the stores (a bad cache file replaced, …). */
  warn?: (message: string) => void;
  /** Main's translator's `t`, for what main words itself (an ID no profile owns). Default: English. */
  t?: HandlerServices['t'];
}

export interface AppServices {
  handlers: HandlerTable;
  keyProfiles: KeyProfiles;
  profiles: Profiles;
  consoleUrls: ConsoleUrlBroker;
  /** Main's network hook reports console handshakes here; refusals go to the windows by instance. */
  handshakes: HandshakeRefusals;
  inventory: InventoryService;
  /** The consoles every window reports open. */
  openConsoles: OpenConsoles;
  /** Reads what the services keep on disk (key profiles, the last known inventory, favourites). */
  load(): Promise<void>;
  /** Stops what the services started (listings, the demo cloud) after the last profiles.json write. */
  close(): Promise<void>;
}

export function createAppServices(deps: AppDeps): AppServices {
  const keyProfiles = new KeyProfiles({
    profilesFile: join(deps.userData, 'profiles.json'),
    log: deps.log,
    ...(deps.t ? { t: deps.t } : {}),
    ...deps.keys,
  });
  const profiles = new Profiles([deps.demo], keyProfiles);
  const handshakes = new HandshakeRefusals((refusal) => deps.broadcast('console:handshake', refusal));
  const consoleUrls = createConsoleUrlBroker({
    issue: async (ref) => {
      const issued = await (await profiles.client(ref.profileId)).describeInstanceVncUrl(ref);
      handshakes.remember(issued.url, ref);
      return issued;
    },
  });
  const inventoryDir = join(deps.userData, 'inventory');
  const cache = new InventoryCache(inventoryDir, deps.warn);
  const marks = new MarksStore(join(inventoryDir, 'marks.json'), deps.warn);
  const inventory = new InventoryService({
    clientFor: (id) => profiles.client(id),
    checkProfile: (id) => void profiles.get(id),
    cache,
    marks,
    emitListing: (event) => deps.broadcast('inventory:listing', event),
    emitInstances: (payload) => deps.broadcast('inventory:instances', payload),
    ...(deps.warn ? { warn: deps.warn } : {}),
  });
  const openConsoles = new OpenConsoles(deps.watchSender ? { watchSender: deps.watchSender } : {});
  const handlers = buildHandlers({
    app: deps.app,
    keychainStatus: deps.keychainStatus ?? (() => keyProfiles.keychainStatus()),
    profiles,
    keyProfiles,
    consoleUrls,
    inventory,
    openConsoles,
    ...deps.os,
    settings: deps.settings,
    log: deps.log,
    ...(deps.t ? { t: deps.t } : {}),
  });
  return {
    handlers,
    keyProfiles,
    profiles,
    consoleUrls,
    handshakes,
    inventory,
    openConsoles,
    // A profiles.json that could not be used is moved aside; the profile manager tells the user.
    load: async () => void (await Promise.all([keyProfiles.load(), cache.load(), marks.load()])),
    close: async () => {
      inventory.close();
      await keyProfiles.flush();
      await deps.demo.close?.();
    },
  };
}
