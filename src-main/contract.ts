// The one IPC contract between the renderer and the main process.
// Channel names, argument schemas, result types and the error envelope all live here.
// Runtime imports: zod and the shared rules of common/ only (never `electron`), so the preload,
// main, the tests and the e2e bridge all derive from this single table. The renderer may import
// types only.
import { WINDOW_COMMANDS, type WindowCommand } from './common/app-shortcuts';
import {
  LOG_LEVEL_SETTINGS,
  SCALE_SETTINGS,
  THEME_SETTINGS,
  TRAY_INSTANCE_COUNT_MAX,
  type LogLevelSetting,
  type ScaleSetting,
  type ThemeSetting,
} from './common/setting-values';
import { z } from 'zod';
import { ERROR_KINDS, type ErrorEnvelope } from './common/errors';
import type { KeyedParam, KeyedText } from './common/keyed-text';
import { INSTANCE_ID_RE, MAX_REGION_CHARS, PROFILE_ID_RE, REGION_RE } from './common/instance-ref';
import { LANGUAGE_SETTINGS, type LanguageSetting, type Locale } from '../i18n/locales';

export { ERROR_KINDS, type ErrorEnvelope, type ErrorKind } from './common/errors';

/** Errors cross IPC as this envelope, never as a bare string or a thrown Error. */
export const errorEnvelopeSchema = z.object({
  kind: z.enum(ERROR_KINDS),
  code: z.string(),
  message: z.string(),
  retryAfterMs: z.number().nonnegative().optional(),
  /** A form's per-field messages (field path → message), shown next to each field. */
  fields: z.record(z.string(), z.string()).optional(),
  /** The catalogue keys of those messages (field path → key). */
  fieldKeys: z.record(z.string(), z.string()).optional(),
  /** Tencent Cloud's RequestId of the failed call, for support (a UUID; never anything secret). */
  requestId: z.string().max(64).optional(),
}) satisfies z.ZodType<ErrorEnvelope>;

/** What every invoke resolves to: the preload forwards it untouched, `api.ts` unwraps it. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: ErrorEnvelope };

// ---- Result types -------------------------------------------------------------------------

export interface KeychainStatus {
  /** True when a secret could be written to, read from and deleted in the OS keychain. */
  available: boolean;
  /** Which store was probed, e.g. "Secret Service", "macOS Keychain", "Windows Credential Manager". */
  backend: string;
  /** Why it is not available, in words a user can act on. */
  detail?: string;
  /** The catalogue key of what to do about it on this OS (the window shows it in its language). */
  fixKey?: string;
}

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  arch: string;
  /** Electron's version inside the app; `null` when the handlers run outside Electron (tests). */
  electron: string | null;
  keychain: KeychainStatus;
  /** The OS's language as one of the app's (English when the OS prefers none of them). */
  systemLocale: Locale;
}

export type Site = 'china' | 'intl';
/** `keys`: long-term key; `sts`: temporary key with its token; `role`: long-term key that assumes a role. */
export type KeyKind = 'keys' | 'sts' | 'role';
/** `memory`: the user chose to keep the secret only until the app quits (no keychain). */
export type SecretStorage = 'keychain' | 'memory';
/** `expired`: the temporary key lapsed; `secret-missing`: the keychain has no key for it. */
export type KeyProfileState = 'ready' | 'expired' | 'secret-missing';

export interface ProfileSummary {
  id: string;
  name: string;
  /** `demo`: the built-in demo cloud on 127.0.0.1; the others: a key profile (KeyKind). */
  kind: 'demo' | KeyKind;
  site: Site;
  defaultRegion: string;
  /** Key profiles: whether calls can be signed now (absent for the demo cloud). */
  state?: KeyProfileState;
  /** The profile the app opens on start. */
  isDefault?: boolean;
}

/** A key profile as the profile manager sees it: never a secret, the SecretId masked. */
export interface KeyProfileView {
  id: string;
  name: string;
  kind: KeyKind;
  site: Site;
  defaultRegion: string;
  secretIdMasked: string;
  storage: SecretStorage;
  createdAt: number;
  lastUsedAt: number | null;
  isDefault: boolean;
  state: KeyProfileState;
  /** Why the profile is not ready, and what to do. */
  stateMessage?: string;
  /** sts: when the temporary key expires (null: not known). */
  expiresAt?: number | null;
  /** role: the role and how it is assumed. */
  roleArn?: string;
  externalId?: string | null;
  sessionName?: string;
  durationSeconds?: number;
  /** role: when the temporary key currently held expires, if one is held. */
  roleKeyExpiresAt?: number;
}

/** Told to the user when the profile list could not be used as it was. */
export interface StoreNotice {
  code: 'ProfilesFileCorrupt' | 'ProfilesFileStuck' | 'ProfilesFileNewer';
  /** The file we tried to read. */
  file: string;
  /** Where it was moved to (ProfilesFileCorrupt). */
  movedTo?: string;
  /** Why it could not be used, in English (the log). */
  reason: string;
  /** The same, for the window to word in its language (`profiles.notice.reason.*`). */
  reasonText: KeyedText;
  message: string;
}

/** The profile manager's view: every key profile, and what the user must be told about the file. */
export interface KeyProfilesOverview {
  profiles: KeyProfileView[];
  notices: StoreNotice[];
}

/** The actions "Test key" probes. */
export const PROBED_ACTIONS = [
  'DescribeInstances',
  'DescribeInstanceVncUrl',
  'StartInstances',
  'StopInstances',
  'RebootInstances',
] as const;
export type ProbedAction = (typeof PROBED_ACTIONS)[number];
export type Verdict = 'allowed' | 'denied' | 'unknown';

export interface PermissionCheck {
  action: ProbedAction;
  verdict: Verdict;
  /** The answer's error code, when there was one. */
  code?: string;
}

/**
 * works: Tencent Cloud accepted the key's signature. refused: it did not (code says why).
 * clock: this computer's clock is too far off. network: Tencent Cloud could not be reached.
 * expired: the temporary key has expired. failed: another error, neither proving nor refuting.
 */
export type KeyTestOutcome = 'works' | 'refused' | 'clock' | 'network' | 'expired' | 'failed';

export interface KeyTestReport {
  outcome: KeyTestOutcome;
  code?: string;
  /** In English, for the log: the window words it from messageKey, messageParams and note. */
  message: string;
  /** The catalogue key of what was found (the error's, when the test stopped on one). */
  messageKey: string;
  messageParams?: Record<string, KeyedParam>;
  /** Tencent's own words (or a local detail), kept as said. */
  detail?: string;
  /** What to do next, or a note about the clock. */
  note?: KeyedText;
  region: string;
  testedAt: number;
  /** Server clock minus ours, ms, as learnt during the test (0: in step, or not known). */
  clockOffsetMs: number;
  /** One entry per PROBED_ACTIONS item when the key works; empty otherwise. */
  permissions: PermissionCheck[];
}

export type ImportSource = 'environment' | 'tccli' | 'sdk';

/** What the user sees before choosing: no secret, the SecretId masked, where it came from. */
export interface ImportCandidate {
  /** Stable handle to import it with: `env`, `tccli:<profile>`, `sdk:<section>`. */
  ref: string;
  source: ImportSource;
  /** `environment variables`, or the file it was read from. */
  origin: string;
  suggestedName: string;
  kind: KeyKind;
  secretIdMasked: string;
  region?: string;
  site?: Site;
  roleArn?: string;
}

export interface ImportProblem {
  source: ImportSource;
  /** The file (absent for the environment). */
  file?: string;
  line?: number;
  /** What is wrong, for the window to word in its language (`profiles.importProblem.*`). */
  text: KeyedText;
  /** The same in English, with the file and line, for the log. */
  message: string;
}

export interface ImportScan {
  candidates: Array<ImportCandidate & { alreadyImportedAs?: string }>;
  problems: ImportProblem[];
}

export interface InstanceTagSummary {
  key: string;
  value: string;
}

/** An instance as the renderer sees it (the cloud client's normalised shape). */
export interface InstanceSummary {
  instanceId: string;
  name: string;
  /** RUNNING, STOPPED, STARTING, STOPPING, REBOOTING, … or OTHER for a state we do not know. */
  state: string;
  region: string;
  zone: string;
  osName: string;
  type: string;
  privateIps: string[];
  publicIps: string[];
  tags: InstanceTagSummary[];
}

/** A row of the inventory: the summary plus what the power actions need to know. */
export interface InventoryInstance extends InstanceSummary {
  /** POSTPAID_BY_HOUR (pay-as-you-go: may stop charging while stopped), PREPAID, SPOTPAID, … or ''. */
  chargeType: string;
}

/** A region of a profile's last listing, as kept in the inventory cache. */
export interface CachedRegion {
  region: string;
  /** Display name from DescribeRegions (the region id when unknown). */
  name: string;
  /** Epoch ms when this region's rows were listed. */
  listedAt: number;
  count: number;
}

/** The last known inventory of one profile, read from the user-data folder. */
export interface CachedInventory {
  profileId: string;
  /** Epoch ms of the write. */
  savedAt: number;
  regions: CachedRegion[];
  instances: InventoryInstance[];
}

/** Progress of one listing (`inventory:list`), pushed as it happens. */
export type InventoryListingEvent = { listingId: string; profileId: string } & (
  | { type: 'regions'; regions: { region: string; name: string }[] }
  | { type: 'rows'; region: string; instances: InventoryInstance[] }
  | { type: 'region'; region: string; ok: true; count: number }
  | { type: 'region'; region: string; ok: false; count: number; error: ErrorEnvelope }
  /** The end: `error` when the listing as a whole failed (e.g. the key was refused before any region). */
  | { type: 'done'; error?: ErrorEnvelope }
);

export type PowerAction = 'start' | 'stop' | 'reboot';

/** What became of one instance of a power action. */
export interface PowerOutcome {
  region: string;
  instanceId: string;
  /** accepted: Tencent took it; refused: Tencent's error says why; unknown: the answer was lost (its state is watched). */
  outcome: 'accepted' | 'refused' | 'unknown';
  error?: ErrorEnvelope;
}

export interface InstanceMark {
  region: string;
  instanceId: string;
}

/** A profile's favourite and recently opened instances (recents newest first). */
export interface ProfileMarks {
  favourites: InstanceMark[];
  recents: (InstanceMark & { openedAt: number })[];
}

export interface ConsoleUrlHints {
  password?: string;
  isWindows?: boolean;
  isUbuntu?: boolean;
}

/** A fresh one-time console URL: use it at once (valid 15 s, single use). */
export interface IssuedConsoleUrl {
  url: string;
  /** Epoch ms when it was requested: the conservative start of its 15 s validity. */
  issuedAt: number;
  hints: ConsoleUrlHints;
}

export interface Settings {
  /** Present Tencent's web-console origin (https://img.qcloud.com) to Tencent's console gateways. */
  rewriteTencentOrigin: boolean;
  /** Closing the main window hides it to the tray (only where a tray icon was created). */
  closeToTray: boolean;
  /** Start CVM Console (in the tray) when the user logs in. */
  startAtLogin: boolean;
  /** How many running instances of the default profile the tray menu lists. */
  trayInstanceCount: number;
  /** Native notifications: a console in a background window lost or back, a power action finished. */
  notifications: boolean;
  /** The app's colours: follow the system, or always light or dark. The console picture is not affected. */
  theme: ThemeSetting;
  /** The app's language: `system` follows the OS; applied at once in every window and in main. */
  language: LanguageSetting;
  /** How a newly opened console is scaled (the toolbar changes it per console). */
  defaultScale: ScaleSetting;
  /** Reconnect a dropped console by itself (off: the overlay waits for Reconnect). */
  autoReconnect: boolean;
  /** The least severe record main's log keeps. */
  logLevel: LogLevelSetting;
}

export {
  THEME_SETTINGS,
  SCALE_SETTINGS,
  LOG_LEVEL_SETTINGS,
  TRAY_INSTANCE_COUNT_MAX,
  type ThemeSetting,
  type ScaleSetting,
  type LogLevelSetting,
};

// ---- Argument schemas ----------------------------------------------------------------------

export const profileIdSchema = z
  .string()
  .regex(PROFILE_ID_RE, 'a profile id is lower-case letters, digits and dashes');
export const regionSchema = z
  .string()
  .regex(REGION_RE, 'a region looks like ap-guangzhou')
  .max(MAX_REGION_CHARS);
export const instanceIdSchema = z
  .string()
  .regex(INSTANCE_ID_RE, 'an instance id is ins- followed by 8 lower-case letters or digits');
export const instanceRefSchema = z.strictObject({
  profileId: profileIdSchema,
  region: regionSchema,
  instanceId: instanceIdSchema,
});
export type InstanceRef = z.infer<typeof instanceRefSchema>;

/** Names one listing so its events can be told apart; chosen by the renderer before it asks. */
export const listingIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'a listing id is 1 to 64 letters, digits, _ or -');
export const instanceTargetSchema = z.strictObject({ region: regionSchema, instanceId: instanceIdSchema });

/** A plain file name (no folders): the save dialog starts with it. */
export const fileNameSchema = z
  .string()
  .min(1)
  .max(120)
  // Control characters are exactly what a file name must not contain.
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\\/:*?"<>|\x00-\x1f]+$/, 'a file name without folders or reserved characters');
/** A PNG as base64, at most ~24 MB decoded (a 4K screenshot is far smaller). */
/** A saved transcript's size limit: 200,000 lines (the transcript's cap) of 160 characters. */
export const TRANSCRIPT_MAX_CHARS = 32 * 1024 * 1024;

export const pngBase64Schema = z
  .string()
  .max(32 * 1024 * 1024)
  .regex(/^iVBORw0KGgo[A-Za-z0-9+/]*={0,2}$/, 'a base64-encoded PNG');

// The profile editor's form. Only its shape and sizes are checked here; the vault checks each
// field (cleaning pasted keys) and answers with a message per field (the envelope's `fields`).
// SecretKey and token go this way only: no channel ever returns them.
const formText = z.string().max(8192);
const keyFormSchema = z.strictObject({
  secretId: formText.optional(),
  secretKey: formText.optional(),
  token: formText.optional(),
  expiresAt: z.number().nullable().optional(),
});
export const profileFormSchema = z.strictObject({
  kind: z.string().max(20).optional(),
  name: formText.optional(),
  site: z.string().max(20).optional(),
  defaultRegion: z.string().max(60).optional(),
  secretId: formText.optional(),
  secretKey: formText.optional(),
  token: formText.optional(),
  expiresAt: z.number().nullable().optional(),
  storage: z.string().max(20).optional(),
  roleArn: formText.optional(),
  externalId: formText.nullable().optional(),
  sessionName: formText.optional(),
  durationSeconds: z.number().optional(),
  key: keyFormSchema.optional(),
});
export type ProfileForm = z.input<typeof profileFormSchema>;

/** Each setting's shape: the settings file (with defaults, settings.ts) and settings:set both check it. */
export const settingsShape = {
  rewriteTencentOrigin: z.boolean(),
  closeToTray: z.boolean(),
  startAtLogin: z.boolean(),
  trayInstanceCount: z.number().int().min(0).max(TRAY_INSTANCE_COUNT_MAX),
  notifications: z.boolean(),
  theme: z.enum(THEME_SETTINGS),
  language: z.enum(LANGUAGE_SETTINGS),
  defaultScale: z.enum(SCALE_SETTINGS),
  autoReconnect: z.boolean(),
  logLevel: z.enum(LOG_LEVEL_SETTINGS),
} satisfies Record<keyof Settings, z.ZodType>;

// ---- Open consoles (reported by each window) ---------------------------------------------

/** The phases of a console's reconnect machine, as the renderer reports them to main. */
export const CONSOLE_PHASES = [
  'idle',
  'connecting',
  'connected',
  'reconnecting',
  'waiting-instance',
  'stopped',
  'auth-problem',
  'gone',
  'offline',
  'failed',
  'cancelled',
] as const;
export type ConsolePhase = (typeof CONSOLE_PHASES)[number];
/** More consoles than any window sensibly holds: a longer report is refused. */
export const MAX_REPORTED_CONSOLES = 200;

const openConsoleSchema = z.strictObject({
  ref: instanceRefSchema,
  title: z.string().max(200),
  phase: z.enum(CONSOLE_PHASES),
});
export type ReportedConsole = z.infer<typeof openConsoleSchema>;

/** Who called: the sending window's id (Electron's webContents id; the e2e bridge names its page). */
export interface CallContext {
  sender: number;
}

// ---- Channels ----------------------------------------------------------------------------

interface ChannelSpec<I extends z.ZodType, O> {
  input: I;
  /** Phantom: carries the result type only. */
  output?: O;
}

/** Declares a channel: its argument schema now, its result type as a type parameter. */
function channel<O>() {
  return <I extends z.ZodType>(input: I): ChannelSpec<I, O> => ({ input });
}

/** Channel names are `namespace:method`; the preload exposes them as `window.cvm.namespace.method`. */
export const contract = {
  'app:info': channel<AppInfo>()(z.undefined()),
  /** The OS's language as one of the app's: cheap (no keychain probe), for each window's language at start. */
  'app:locale': channel<{ systemLocale: Locale }>()(z.undefined()),
  /** The profiles to choose from; the demo cloud's is always there. */
  'profiles:list': channel<ProfileSummary[]>()(z.undefined()),
  /** The key profiles in full (masked SecretIds, states, expiries) and any problem with profiles.json. */
  'profiles:details': channel<KeyProfilesOverview>()(z.undefined()),
  /** Adds a key profile; the key goes to the keychain (or memory, if `storage: 'memory'`). */
  'profiles:create': channel<KeyProfileView>()(profileFormSchema),
  /** Does Tencent Cloud accept the key, and which of the app's actions may it call. */
  'profiles:test': channel<KeyTestReport>()(z.strictObject({ profileId: profileIdSchema })),
  /** Rename, replace the key (`changes.key`), change site, region, storage or role settings. */
  'profiles:update': channel<KeyProfileView>()(
    z.strictObject({ profileId: profileIdSchema, changes: profileFormSchema }),
  ),
  /** Removes the profile and its keychain entry (a keychain failure leaves it listed). */
  'profiles:delete': channel<{ removed: true }>()(z.strictObject({ profileId: profileIdSchema })),
  /** The profile the app opens on start; null: none (the demo cloud). */
  'profiles:setDefault': channel<{ defaultProfileId: string | null }>()(
    z.strictObject({ profileId: profileIdSchema.nullable() }),
  ),
  /** Keys found in the environment, tccli's profiles and the SDK credentials file (masked). */
  'profiles:scanImports': channel<ImportScan>()(z.undefined()),
  /** Imports the chosen keys (by their scan `ref`) into the keychain: all of them, or none. */
  'profiles:import': channel<KeyProfileView[]>()(
    z.strictObject({
      choices: z
        .array(
          z.strictObject({
            ref: z.string().max(200),
            name: z.string().max(200).optional(),
            storage: z.enum(['keychain', 'memory']).optional(),
          }),
        )
        .max(100),
    }),
  ),
  /** Whether the OS keychain works; `recheck` probes again (after unlocking or installing one). */
  'profiles:keychainStatus': channel<KeychainStatus>()(
    z.strictObject({ recheck: z.boolean().optional() }).optional(),
  ),
  /** Instances of a profile, in one region or (without one) in every region. Starts the demo cloud on first use. */
  'instances:list': channel<InstanceSummary[]>()(
    z.strictObject({ profileId: profileIdSchema, region: regionSchema.optional() }),
  ),
  /** One instance's current description (state included). */
  'instances:get': channel<InstanceSummary>()(instanceRefSchema),
  /** Where a profile's instance is, by ID alone: every region of the profile is asked (quick connect). */
  'instances:find': channel<InstanceRef>()(
    z.strictObject({ profileId: profileIdSchema, instanceId: instanceIdSchema }),
  ),
  /** Start a STOPPED instance (asynchronous on the cloud side: poll instances:get). */
  'instances:start': channel<{ requestId: string }>()(instanceRefSchema),
  /** A fresh console URL for one connect attempt (at most 30 per instance per minute). */
  'console:issueUrl': channel<IssuedConsoleUrl>()(instanceRefSchema),
  /** Open the instance's console on Tencent's official web page in the default browser, with a fresh URL. */
  'console:openWebConsole': channel<{ opened: boolean }>()(instanceRefSchema),
  /**
   * Ask where to save a console screenshot and write it there. `saved: false` when the user
   * cancelled; `path` is where it was written (for "Screenshot saved to …" and Show in folder).
   */
  'console:saveScreenshot': channel<{ saved: boolean; path?: string }>()(
    z.strictObject({ suggestedName: fileNameSchema, pngBase64: pngBase64Schema }),
  ),
  /**
   * Ask where to save a console's text transcript (.txt, UTF-8) and write it there; as
   * console:saveScreenshot otherwise (the path can be shown in its folder).
   */
  'console:saveTranscript': channel<{ saved: boolean; path?: string }>()(
    z.strictObject({
      suggestedName: fileNameSchema.regex(/\.txt$/i, 'a .txt file name'),
      text: z.string().max(TRANSCRIPT_MAX_CHARS),
    }),
  ),
  /** Put a console screenshot on the system clipboard. */
  'console:copyScreenshot': channel<{ copied: boolean }>()(z.strictObject({ pngBase64: pngBase64Schema })),
  /** Tell main how a console link ended, for its log (the renderer sees the WebSocket close code). */
  'console:report': channel<{ logged: boolean }>()(
    z.strictObject({
      ref: instanceRefSchema,
      event: z.enum(['closed', 'security-failure']),
      code: z.number().int().min(0).max(4999).optional(),
      wasClean: z.boolean().optional(),
    }),
  ),
  /**
   * The consoles this window has open and their phases, sent whenever they change (the whole list:
   * a window that sends none has none). Main keeps them per window for the tray and notifications.
   */
  'windows:reportConsoles': channel<{ reported: number }>()(
    z.strictObject({ consoles: z.array(openConsoleSchema).max(MAX_REPORTED_CONSOLES) }),
  ),
  /** Show a file this app saved in this run (a screenshot) in the system's file manager; others are refused. */
  'console:showInFolder': channel<{ shown: boolean }>()(
    z.strictObject({ path: z.string().min(1).max(4096) }),
  ),
  /** Put text on the system clipboard (the window may not write it itself: permissions are denied). */
  'console:copyText': channel<{ copied: boolean }>()(z.strictObject({ text: z.string().max(256 * 1024) })),
  'settings:get': channel<Settings>()(z.undefined()),
  /** Change some settings; answers with all of them as now saved. */
  'settings:set': channel<Settings>()(z.strictObject(settingsShape).partial()),
  /** Opens the folder holding main's log in the system's file manager. */
  'app:openLogFolder': channel<{ opened: boolean }>()(z.undefined()),
  /** Open one instance's console in a window of its own (a detached tab). */
  'windows:openConsole': channel<{ opened: boolean }>()(
    z.strictObject({ ref: instanceRefSchema, title: z.string().max(200) }),
  ),
  /**
   * Start listing a profile's instances (every region, or only `regions` for a Retry); answers at
   * once, then pushes `inventory:listing` events tagged with `listingId` until one of type `done`.
   */
  'inventory:list': channel<{ listingId: string }>()(
    z.strictObject({
      profileId: profileIdSchema,
      listingId: listingIdSchema,
      regions: z.array(regionSchema).min(1).max(64).optional(),
    }),
  ),
  /**
   * The profile's last known inventory from the user-data folder (null: never listed, or unreadable),
   * or only `limit` of its instances from `offset` (the window asks for its first screen first, the
   * rest after its first paint); `total` counts them all.
   */
  'inventory:cached': channel<{ cached: CachedInventory | null; total: number }>()(
    z.strictObject({
      profileId: profileIdSchema,
      offset: z.number().int().nonnegative().max(1_000_000).optional(),
      limit: z.number().int().positive().max(1_000_000).optional(),
    }),
  ),
  /**
   * Start, stop or reboot instances (grouped per region, 100 per call). Answers with each instance's
   * outcome; states then follow as `inventory:instances` events until they settle. Never retried blindly.
   */
  'inventory:power': channel<PowerOutcome[]>()(
    z.strictObject({
      profileId: profileIdSchema,
      action: z.enum(['start', 'stop', 'reboot']),
      targets: z.array(instanceTargetSchema).min(1).max(1000),
      stopType: z.enum(['SOFT', 'HARD', 'SOFT_FIRST']).optional(),
      stoppedMode: z.enum(['KEEP_CHARGING', 'STOP_CHARGING']).optional(),
    }),
  ),
  /** Favourite and recent instances of every profile. */
  'inventory:marks': channel<Record<string, ProfileMarks>>()(z.undefined()),
  /** Mark an instance favourite (or not), or record that its console was opened; answers with the profile's marks. */
  'inventory:mark': channel<ProfileMarks>()(
    z.strictObject({
      profileId: profileIdSchema,
      region: regionSchema,
      instanceId: instanceIdSchema,
      favourite: z.boolean().optional(),
      opened: z.literal(true).optional(),
    }),
  ),
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export const CHANNELS = Object.keys(contract) as Channel[];

export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = NonNullable<Contract[C]['output']>;

/** The main-process implementation of every channel: plain async functions, no Electron. */
export type HandlerTable = {
  [C in Channel]: (input: ParsedInput<C>, context?: CallContext) => Promise<ChannelOutput<C>>;
};

// ---- Events (main → renderer) ------------------------------------------------------------

/** Events main pushes to our windows; the preload exposes `window.cvm.events.on<Name>(listener)`. */
/** Commands of the application menu that act in the focused window (common/app-shortcuts.ts). */
export { WINDOW_COMMANDS, type WindowCommand };

export const events = {
  /** An application-menu command for this window (its menu item or shortcut was used). */
  'app:command': z.strictObject({ command: z.enum(WINDOW_COMMANDS) }),
  /** Settings as now saved (any window or main changed them): each window applies the language and theme at once. */
  'settings:changed': z.custom<Settings>(),
  'system:resume': z.object({ at: z.number() }),
  /** A cvm-console:// link or --connect arrived: open this console here, or show why not. */
  'links:connect': z.union([
    z.strictObject({ ref: instanceRefSchema, title: z.string().max(200) }),
    z.strictObject({ message: z.string().max(1000) }),
  ]),
  /** The console gateway refused a handshake of this instance's console with this HTTP status (e.g. 503). */
  'console:handshake': z.strictObject({ ref: instanceRefSchema, status: z.number().int().min(100).max(599) }),
  /** Progress of an `inventory:list` (main is trusted: the schema only carries the type). */
  'inventory:listing': z.custom<InventoryListingEvent>(),
  /** Fresh descriptions of instances whose state is moving (transitional states, power actions). */
  'inventory:instances': z.custom<{ profileId: string; instances: InventoryInstance[] }>(),
} as const;
export type EventName = keyof typeof events;
export const EVENT_NAMES = Object.keys(events) as EventName[];
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;

// ---- The bridge the preload exposes as `window.cvm` ---------------------------------------

type Namespace<C extends string> = C extends `${infer N}:${string}` ? N : never;
type Method<C extends string, N extends string> = C extends `${N}:${infer M}` ? M : never;
type Capitalized<S extends string> = S extends `${infer F}${infer R}` ? `${Uppercase<F>}${R}` : S;

export type CvmBridge = {
  [N in Namespace<Channel>]: {
    [C in Channel as Method<C, N>]: (input: ChannelInput<C>) => Promise<IpcResult<ChannelOutput<C>>>;
  };
} & {
  events: {
    [E in EventName as `on${Capitalized<Method<E, Namespace<E>>>}`]: (
      listener: (payload: EventPayload<E>) => void,
    ) => () => void;
  };
};

export { splitChannel, eventListenerName } from './channel-names';
