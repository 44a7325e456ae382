// The one IPC contract between the renderer and the main process.
// Channel names, argument schemas, result types and the error envelope all live here.
// Runtime imports: zod only (never `electron`), so the preload, main, the tests and the
// e2e bridge all derive from this single table. The renderer may import types only.
import { z } from 'zod';

/** What went wrong, as the user-facing logic needs to know it (DESIGN.md §3). */
export const ERROR_KINDS = [
  'auth',
  'instance-transitional',
  'instance-stopped',
  'instance-gone',
  'throttled',
  'network',
  'server',
  'clock',
  'invalid-input',
  'forbidden',
  'internal',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** Errors cross IPC as this envelope, never as a bare string or a thrown Error. */
export const errorEnvelopeSchema = z.object({
  kind: z.enum(ERROR_KINDS),
  code: z.string(),
  message: z.string(),
  retryAfterMs: z.number().nonnegative().optional(),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

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
}

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  arch: string;
  /** Electron's version inside the app; `null` when the handlers run outside Electron (tests). */
  electron: string | null;
  keychain: KeychainStatus;
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
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export const CHANNELS = Object.keys(contract) as Channel[];

export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = NonNullable<Contract[C]['output']>;

/** The main-process implementation of every channel: plain async functions, no Electron. */
export type HandlerTable = {
  [C in Channel]: (input: ParsedInput<C>) => Promise<ChannelOutput<C>>;
};

// ---- Events (main → renderer) ------------------------------------------------------------

/** Events main pushes to our windows; the preload exposes `window.cvm.events.on<Name>(listener)`. */
export const events = {
  'system:resume': z.object({ at: z.number() }),
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

/** `app:info` → `['app', 'info']`; used by the preload and the e2e bridge alike. */
export function splitChannel(name: string): [string, string] {
  const i = name.indexOf(':');
  return [name.slice(0, i), name.slice(i + 1)];
}

/** `system:resume` → `onResume`. */
export function eventListenerName(name: string): string {
  const method = splitChannel(name)[1];
  return `on${method.charAt(0).toUpperCase()}${method.slice(1)}`;
}
