// The typed client over window.cvm — the only file in the renderer that touches the bridge.
// Every call resolves to the channel's result or throws a CvmError carrying the error envelope.
import type {
  AppInfo,
  CachedInventory,
  InventoryInstance,
  InventoryListingEvent,
  PowerOutcome,
  ProfileMarks,
  ChannelInput,
  CvmBridge,
  ErrorEnvelope,
  ErrorKind,
  EventPayload,
  InstanceRef,
  InstanceSummary,
  IpcResult,
  ImportScan,
  IssuedConsoleUrl,
  KeychainStatus,
  KeyProfilesOverview,
  KeyProfileView,
  KeyTestReport,
  ProfileForm,
  ProfileSummary,
  Settings,
} from '../src-main/contract';

export class CvmError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly retryAfterMs: number | undefined;
  /** A form's per-field messages (field path → message), when the error is about a form. */
  readonly fields: Record<string, string> | undefined;
  /** Tencent Cloud's RequestId of the failed call, when main passed one on (for diagnostics). */
  readonly requestId: string | undefined;
  constructor(envelope: ErrorEnvelope) {
    super(envelope.message);
    this.name = 'CvmError';
    this.kind = envelope.kind;
    this.code = envelope.code;
    this.retryAfterMs = envelope.retryAfterMs;
    this.fields = envelope.fields;
    this.requestId = envelope.requestId;
  }
}

function bridge(): CvmBridge {
  const cvm = window.cvm;
  if (!cvm) {
    throw new CvmError({
      kind: 'internal',
      code: 'NoBridge',
      message: 'CVM Console must run inside its own window: the bridge to the main process is missing.',
    });
  }
  return cvm;
}

async function unwrap<T>(call: Promise<IpcResult<T>>): Promise<T> {
  const result = await call;
  if (result.ok) return result.value;
  throw new CvmError(result.error);
}

export const api = {
  app: {
    info: (): Promise<AppInfo> => unwrap(bridge().app.info(undefined)),
  },
  profiles: {
    list: (): Promise<ProfileSummary[]> => unwrap(bridge().profiles.list(undefined)),
    details: (): Promise<KeyProfilesOverview> => unwrap(bridge().profiles.details(undefined)),
    create: (form: ProfileForm): Promise<KeyProfileView> => unwrap(bridge().profiles.create(form)),
    test: (profileId: string): Promise<KeyTestReport> => unwrap(bridge().profiles.test({ profileId })),
    update: (profileId: string, changes: ProfileForm): Promise<KeyProfileView> =>
      unwrap(bridge().profiles.update({ profileId, changes })),
    delete: (profileId: string): Promise<{ removed: true }> =>
      unwrap(bridge().profiles.delete({ profileId })),
    setDefault: (profileId: string | null): Promise<{ defaultProfileId: string | null }> =>
      unwrap(bridge().profiles.setDefault({ profileId })),
    scanImports: (): Promise<ImportScan> => unwrap(bridge().profiles.scanImports(undefined)),
    import: (choices: ChannelInput<'profiles:import'>['choices']): Promise<KeyProfileView[]> =>
      unwrap(bridge().profiles.import({ choices })),
    keychainStatus: (recheck = false): Promise<KeychainStatus> =>
      unwrap(bridge().profiles.keychainStatus(recheck ? { recheck } : undefined)),
  },
  instances: {
    list: (profileId: string, region?: string): Promise<InstanceSummary[]> =>
      unwrap(bridge().instances.list(region ? { profileId, region } : { profileId })),
    get: (ref: InstanceRef): Promise<InstanceSummary> => unwrap(bridge().instances.get(ref)),
    start: (ref: InstanceRef): Promise<{ requestId: string }> => unwrap(bridge().instances.start(ref)),
    find: (profileId: string, instanceId: string): Promise<InstanceRef> =>
      unwrap(bridge().instances.find({ profileId, instanceId })),
  },
  console: {
    issueUrl: (ref: InstanceRef): Promise<IssuedConsoleUrl> => unwrap(bridge().console.issueUrl(ref)),
    openWebConsole: (ref: InstanceRef): Promise<{ opened: boolean }> =>
      unwrap(bridge().console.openWebConsole(ref)),
    saveScreenshot: (suggestedName: string, pngBase64: string): Promise<{ saved: boolean; path?: string }> =>
      unwrap(bridge().console.saveScreenshot({ suggestedName, pngBase64 })),
    copyScreenshot: (pngBase64: string): Promise<{ copied: boolean }> =>
      unwrap(bridge().console.copyScreenshot({ pngBase64 })),
    showInFolder: (path: string): Promise<{ shown: boolean }> =>
      unwrap(bridge().console.showInFolder({ path })),
    copyText: (text: string): Promise<{ copied: boolean }> => unwrap(bridge().console.copyText({ text })),
    report: (report: ChannelInput<'console:report'>): Promise<{ logged: boolean }> =>
      unwrap(bridge().console.report(report)),
  },
  settings: {
    get: (): Promise<Settings> => unwrap(bridge().settings.get(undefined)),
    set: (patch: Partial<Settings>): Promise<Settings> => unwrap(bridge().settings.set(patch)),
  },
  windows: {
    openConsole: (ref: InstanceRef, title: string): Promise<{ opened: boolean }> =>
      unwrap(bridge().windows.openConsole({ ref, title })),
  },
  inventory: {
    list: (input: ChannelInput<'inventory:list'>): Promise<{ listingId: string }> =>
      unwrap(bridge().inventory.list(input)),
    cached: async (profileId: string): Promise<CachedInventory | null> =>
      (await unwrap(bridge().inventory.cached({ profileId }))).cached,
    power: (input: ChannelInput<'inventory:power'>): Promise<PowerOutcome[]> =>
      unwrap(bridge().inventory.power(input)),
    marks: (): Promise<Record<string, ProfileMarks>> => unwrap(bridge().inventory.marks(undefined)),
    mark: (input: ChannelInput<'inventory:mark'>): Promise<ProfileMarks> =>
      unwrap(bridge().inventory.mark(input)),
  },
  events: {
    onSystemResume: (listener: (payload: { at: number }) => void): (() => void) =>
      bridge().events.onResume(listener),
    onLinkConnect: (listener: (payload: EventPayload<'links:connect'>) => void): (() => void) =>
      bridge().events.onConnect(listener),
    onInventoryListing: (listener: (event: InventoryListingEvent) => void): (() => void) =>
      bridge().events.onListing(listener),
    onInventoryInstances: (
      listener: (payload: { profileId: string; instances: InventoryInstance[] }) => void,
    ): (() => void) => bridge().events.onInstances(listener),
  },
};
