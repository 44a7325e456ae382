// The one place main's services are wired together: profiles, the console-URL broker and the
// handler table over them. main.ts, the e2e harness and the handler tests all call this, so what
// the tests exercise is exactly what the app wires; each passes only what differs (Electron's OS
// services or recorders, the demo profile, the keychain probe, settings, the log).
import type { HandlerTable, KeychainStatus } from './contract';
import { buildHandlers, once, type HandlerServices } from './handlers';
import { createConsoleUrlBroker, type ConsoleUrlBroker } from './console/url-broker';
import type { DemoProfile } from './demo/demo-profile';
import { napiKeyringFactory, probeKeychain } from './vault/keychain-probe';
import { Profiles } from './vault/profiles';

/** What the app hands to the OS: Electron's dialogs, clipboard, windows and browser in the app. */
export type OsServices = Pick<
  HandlerServices,
  'openExternal' | 'saveFile' | 'copyImage' | 'openConsoleWindow'
>;

export interface AppDeps {
  app: HandlerServices['app'];
  /** The demo cloud's profile (the app points it at a held port and Electron's fetch). */
  demo: DemoProfile;
  /** Probes the OS keychain; called once, on the first app:info. Default: the real keychain. */
  keychainStatus?: () => Promise<KeychainStatus>;
  settings: HandlerServices['settings'];
  os: OsServices;
  log: HandlerServices['log'];
}

export interface AppServices {
  handlers: HandlerTable;
  profiles: Profiles;
  consoleUrls: ConsoleUrlBroker;
  /** Stops what the services started (the demo cloud). */
  close(): Promise<void>;
}

export function createAppServices(deps: AppDeps): AppServices {
  const profiles = new Profiles([deps.demo]);
  const consoleUrls = createConsoleUrlBroker({
    issue: async (ref) => (await profiles.client(ref.profileId)).describeInstanceVncUrl(ref),
  });
  const handlers = buildHandlers({
    app: deps.app,
    keychainStatus: once(deps.keychainStatus ?? (() => probeKeychain(() => napiKeyringFactory()))),
    profiles,
    consoleUrls,
    ...deps.os,
    settings: deps.settings,
    log: deps.log,
  });
  return { handlers, profiles, consoleUrls, close: () => deps.demo.close() };
}
