// Builds the handler table for every channel of the contract. Plain functions over injected
// services — no Electron — so tests and the e2e bridge call exactly what the app registers.
import type {
  AppInfo,
  ErrorKind,
  HandlerTable,
  InstanceRef,
  InstanceSummary,
  IssuedConsoleUrl,
  KeychainStatus,
  Settings,
} from './contract';
import type { Instance } from './cloud';
import type { Profiles } from './vault/profiles';
import type { KeyProfiles } from './vault/key-profiles';
import { EnvelopeError } from './common/errors';
import { profileLinkSources, resolveLinkTarget } from './desktop/link-target';
import { webConsolePageUrl } from './console/web-console';
import type { InventoryService } from './inventory/inventory-service';
import type { OpenConsoles } from './desktop/open-consoles';
import type { Locale } from '../i18n/locales';
import { ENGLISH, type Translate } from '../i18n/translator';
import type { MessageKey } from '../i18n/catalogues';

/** An error of ours: English for the log, and its catalogue key so each window words it in its language. */
function keyedError(kind: ErrorKind, code: string, key: MessageKey): EnvelopeError {
  return new EnvelopeError(kind, code, ENGLISH.translateKey(key), undefined, { messageKey: key });
}

export interface HandlerServices {
  app: {
    name: string;
    version: string;
    electron: string | null;
    platform: string;
    arch: string;
    systemLocale: Locale;
  };
  /** Cached after the first answer: probing writes to the keychain, which should not happen per call. */
  keychainStatus: () => Promise<KeychainStatus>;
  profiles: Profiles;
  /** The key profiles kept in the OS keychain (their manager's channels). */
  keyProfiles: Pick<
    KeyProfiles,
    | 'list'
    | 'notices'
    | 'create'
    | 'update'
    | 'remove'
    | 'setDefault'
    | 'defaultProfileId'
    | 'test'
    | 'scanImports'
    | 'importProfiles'
    | 'recheckKeychain'
  >;
  /** Main's console-URL broker (per-instance attempt budget in front of DescribeInstanceVncUrl). */
  consoleUrls: { issueUrl(ref: InstanceRef): Promise<IssuedConsoleUrl> };
  /** Opens an allowlisted page in the default browser (Electron's shell.openExternal in the app). */
  openExternal: (url: string) => Promise<void>;
  /** Shows a save dialog starting at `suggestedName` and writes the bytes: the path, null when cancelled. */
  saveFile: (suggestedName: string, bytes: Uint8Array) => Promise<string | null>;
  /** Puts a PNG on the system clipboard. */
  copyImage: (png: Uint8Array) => Promise<boolean>;
  /** Puts text on the system clipboard. */
  copyText: (text: string) => Promise<void>;
  /** Shows a file in the system's file manager (Electron's shell.showItemInFolder). */
  showInFolder: (path: string) => void;
  /** Opens the folder of main's log in the system's file manager; false when it could not. */
  openLogFolder: () => Promise<boolean>;
  /** Opens a window showing only this instance's console. */
  openConsoleWindow: (ref: InstanceRef, title: string) => Promise<void>;
  settings: { get(): Settings; update(patch: Partial<Settings>): Promise<Settings> };
  /** Listings streamed as events, the last known inventory, power actions, favourites and recents. */
  inventory: Pick<InventoryService, 'list' | 'cachedForWindow' | 'power' | 'marks' | 'mark' | 'watch'>;
  /** The consoles each window reports open (the tray and notifications read them). */
  openConsoles: Pick<OpenConsoles, 'report'>;
  /** The main log; only the fields handlers choose reach it. */
  log: (record: Record<string, string | number | boolean>) => void;
  /** Main's translator's `t`: messages main words itself, in the app's language. Default: English. */
  t?: Translate;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Decodes a screenshot and checks it really is a PNG before it goes anywhere. */
export function decodePng(base64: string): Uint8Array {
  const bytes = Buffer.from(base64, 'base64');
  if (
    bytes.length < 33 ||
    PNG_SIGNATURE.some((b, i) => bytes[i] !== b) ||
    bytes.toString('latin1', 12, 16) !== 'IHDR'
  ) {
    throw keyedError('invalid-input', 'InvalidPng', 'error.invalidPng');
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

export function toInstanceSummary(i: Instance): InstanceSummary {
  return {
    instanceId: i.instanceId,
    name: i.name,
    state: i.state === 'OTHER' ? i.rawState || 'OTHER' : i.state,
    region: i.region,
    zone: i.zone,
    osName: i.osName,
    type: i.type,
    privateIps: i.privateIps,
    publicIps: i.publicIps,
    tags: i.tags,
  };
}

/** How many saved files Show in folder remembers; older ones can no longer be shown. */
const REMEMBERED_SAVES = 50;

export function buildHandlers(services: HandlerServices): HandlerTable {
  const { profiles, keyProfiles } = services;
  // Show in folder opens only what this app saved in this run: a path from the window is not trusted.
  const savedPaths: string[] = [];
  const remember = (path: string): void => {
    savedPaths.push(path);
    if (savedPaths.length > REMEMBERED_SAVES) savedPaths.shift();
  };

  async function describe(ref: InstanceRef): Promise<InstanceSummary> {
    const client = await profiles.client(ref.profileId);
    const page = await client.describeInstances({ region: ref.region, ids: [ref.instanceId] });
    const found = page.instances.find((i) => i.instanceId === ref.instanceId);
    if (!found) {
      throw new EnvelopeError(
        'instance-gone',
        'InvalidInstanceId.NotFound',
        `Instance ${ref.instanceId} was not found in ${ref.region}.`,
        undefined,
        { messageKey: 'cloud.error.instance.notFound', detail: `${ref.instanceId}, ${ref.region}` },
      );
    }
    return toInstanceSummary(found);
  }

  return {
    'app:info': async (): Promise<AppInfo> => ({
      ...services.app,
      keychain: await services.keychainStatus(),
    }),

    'app:locale': async () => ({ systemLocale: services.app.systemLocale }),

    'profiles:list': async () => profiles.list(),

    'profiles:details': async () => ({ profiles: keyProfiles.list(), notices: keyProfiles.notices() }),

    'profiles:create': (form) => keyProfiles.create(form),

    'profiles:test': ({ profileId }) => keyProfiles.test(profileId),

    'profiles:update': ({ profileId, changes }) => keyProfiles.update(profileId, changes),

    'profiles:delete': ({ profileId }) => keyProfiles.remove(profileId),

    'profiles:setDefault': async ({ profileId }) => {
      await keyProfiles.setDefault(profileId);
      return { defaultProfileId: keyProfiles.defaultProfileId() };
    },

    'profiles:scanImports': () => keyProfiles.scanImports(),

    'profiles:import': ({ choices }) => keyProfiles.importProfiles(choices),

    'profiles:keychainStatus': (input) =>
      input?.recheck ? keyProfiles.recheckKeychain() : services.keychainStatus(),

    'instances:list': async ({ profileId, region }) => {
      const client = await profiles.client(profileId);
      if (region) return (await client.listAllInstances({ region })).instances.map(toInstanceSummary);
      const all: InstanceSummary[] = [];
      for await (const listing of client.listInstancesEverywhere()) {
        if (listing.ok) all.push(...listing.instances.map(toInstanceSummary));
      }
      return all;
    },

    'instances:get': describe,

    // The profile's own key asks its regions; a profile that does not own the ID gets one message.
    'instances:find': async ({ profileId, instanceId }) => {
      profiles.get(profileId);
      const target = await resolveLinkTarget(
        { instanceId, profileId },
        profileLinkSources(profiles),
        services.t ?? ENGLISH.t,
      );
      if (!target.ok) throw new EnvelopeError(target.error.kind, target.error.code, target.error.message);
      return target.ref;
    },

    'instances:start': async (ref) => {
      const client = await profiles.client(ref.profileId);
      const started = await client.startInstances({ region: ref.region, ids: [ref.instanceId] });
      // The inventory follows the start too (the console's Start button is not an inventory action).
      services.inventory.watch(ref.profileId, ref.region, ref.instanceId, 'start');
      return started;
    },

    'console:issueUrl': (ref) => services.consoleUrls.issueUrl(ref),

    'console:openWebConsole': async (ref) => {
      if (profiles.get(ref.profileId).summary.kind === 'demo') {
        throw keyedError('invalid-input', 'DemoHasNoWebConsole', 'toolbar.webConsoleDemo');
      }
      const { url } = await services.consoleUrls.issueUrl(ref);
      await services.openExternal(webConsolePageUrl(url));
      return { opened: true };
    },

    'console:saveScreenshot': async ({ suggestedName, pngBase64 }) => {
      const path = await services.saveFile(
        suggestedName.endsWith('.png') ? suggestedName : `${suggestedName}.png`,
        decodePng(pngBase64),
      );
      if (path === null) return { saved: false };
      remember(path);
      return { saved: true, path };
    },

    'console:saveTranscript': async ({ suggestedName, text }) => {
      const path = await services.saveFile(suggestedName, new TextEncoder().encode(text));
      if (path === null) return { saved: false };
      remember(path);
      return { saved: true, path };
    },

    'windows:reportConsoles': async ({ consoles }, context) => {
      // Sender 0: a caller main could not name (tests); the app always passes the window's id.
      services.openConsoles.report(context?.sender ?? 0, consoles);
      return { reported: consoles.length };
    },

    'console:showInFolder': async ({ path }) => {
      if (!savedPaths.includes(path)) {
        throw keyedError('forbidden', 'NotSavedHere', 'error.notSavedHere');
      }
      services.showInFolder(path);
      return { shown: true };
    },

    'console:copyText': async ({ text }) => {
      await services.copyText(text);
      return { copied: true };
    },

    'console:copyScreenshot': async ({ pngBase64 }) => ({
      copied: await services.copyImage(decodePng(pngBase64)),
    }),

    'console:report': async ({ ref, event, code, wasClean }) => {
      const record: Record<string, string | number | boolean> = {
        event: `console-${event}`,
        profileId: ref.profileId,
        region: ref.region,
        instanceId: ref.instanceId,
      };
      if (code !== undefined) record['code'] = code;
      if (wasClean !== undefined) record['wasClean'] = wasClean;
      services.log(record);
      return { logged: true };
    },

    'settings:get': async () => services.settings.get(),

    'settings:set': async (patch) => {
      // The schema allows only known settings; a field given as undefined changes nothing.
      const changes = Object.fromEntries(
        Object.entries(patch).filter(([, value]) => value !== undefined),
      ) as Partial<Settings>;
      return services.settings.update(changes);
    },

    'app:openLogFolder': async () => ({ opened: await services.openLogFolder() }),

    'windows:openConsole': async ({ ref, title }) => {
      profiles.get(ref.profileId);
      await services.openConsoleWindow(ref, title);
      return { opened: true };
    },

    'inventory:list': (input) => services.inventory.list(input),
    'inventory:cached': async ({ profileId, offset, limit }) => {
      const cached = await services.inventory.cachedForWindow(profileId);
      const total = cached?.instances.length ?? 0;
      if (!cached || (offset === undefined && limit === undefined)) return { cached, total };
      const from = offset ?? 0;
      return {
        cached: { ...cached, instances: cached.instances.slice(from, from + (limit ?? total)) },
        total,
      };
    },
    'inventory:power': (input) => services.inventory.power(input),
    'inventory:marks': async () => services.inventory.marks(),
    'inventory:mark': (input) => services.inventory.mark(input),
  };
}

/** Runs `fn` once and hands every caller the same promise. */
export function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= fn());
}
