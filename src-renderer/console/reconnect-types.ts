// What the reconnect machine publishes and what it is built from: its phases and reasons, the
// state snapshot the UI renders, the events it announces, its options and its injected seams.
import type { ErrorEnvelope } from '../../src-main/contract';
import {
  CONSOLE_CONNECT_WINDOW_MS,
  CONSOLE_CONNECTS_PER_WINDOW,
  CONSOLE_URL_MAX_AGE_MS,
} from '../../src-main/common/console-limits';
import { DEFAULT_BACKOFF } from './backoff';
import type { BackoffPolicy } from './backoff';
import type { Clock, Connection, Connector, CredentialsAnswer, IssuedConsoleUrl } from './connector';
import { DEFAULT_LIVENESS } from './liveness';
import type { LivenessOptions } from './liveness';

export type ReconnectPhase =
  | 'idle'
  | 'connecting'
  | 'connected'
  | 'reconnecting'
  | 'waiting-instance'
  | 'stopped'
  | 'auth-problem'
  | 'gone'
  | 'offline'
  | 'failed'
  | 'cancelled';

/** Why the machine is where it is; the overlay shows it next to the phase. */
export type ReconnectReason =
  | 'start'
  | 'drop'
  | 'dead-link'
  | 'connect-failed'
  | 'connect-timeout'
  | 'api-error'
  | 'attempt-limit'
  | 'instance-busy'
  | 'instance-starting'
  | 'instance-running'
  | 'start-failed'
  | 'start-timeout'
  | 'credentials'
  | 'vnc-auth'
  | 'offline'
  | 'resume'
  | 'retry-now'
  | 'gave-up'
  | 'error'
  | 'cancelled'
  | 'user-disconnect';

/** The snapshot the UI renders. A new frozen object on every change. */
export interface ReconnectState {
  /** 'connected' once the console's first complete picture is drawn (see `pictureTimeoutMs`). */
  readonly phase: ReconnectPhase;
  /** URL requests made in the current connect/outage sequence (0 once connected). */
  readonly attempt: number;
  /** When the next attempt is due (clock ms); set only while a countdown runs. */
  readonly nextAttemptAt?: number;
  readonly reason?: ReconnectReason;
  /** The instance's state when known (e.g. REBOOTING, STOPPED, RUNNING). */
  readonly instanceState?: string;
  readonly lastError?: ErrorEnvelope;
  /** The VNC server asks for these credentials; the answer goes to `answerCredentials`. */
  readonly credentialTypes?: readonly string[];
  /** start() → first complete picture, for the most recent fresh connect. */
  readonly firstFrameInMs?: number;
  /** Unintended drop → first complete picture again, for the most recent drop. */
  readonly restoredInMs?: number;
}

/** A connect that ends a drop restores; any other is fresh. */
export type ConnectKind = 'fresh' | 'restore';

/** What happened to the connection the UI shows; the state says where the machine is now. */
export type ReconnectEvent<C extends Connection = Connection> =
  /** The console is connected and on screen (its first picture, or `pictureTimeoutMs` without one). */
  | { type: 'shown'; kind: ConnectKind; connection: C }
  /** The connection that was shown is gone (dropped, disconnected, cancelled…). */
  | { type: 'lost'; connection: C };

export interface ReconnectDeps<C extends Connection = Connection> {
  clock: Clock;
  /** A number in [0, 1), for jitter. */
  random: () => number;
  /** Main's console-URL broker for this instance; rejects with an error envelope. */
  issueUrl(): Promise<IssuedConsoleUrl>;
  connect: Connector<C>;
  /** DescribeInstances' InstanceState for this instance, e.g. 'RUNNING'. */
  getInstanceState(): Promise<string>;
  startInstance(): Promise<void>;
  /** Diagnostics; never receives a URL or token. */
  log?: (event: string, detail?: Record<string, string | number | boolean | undefined>) => void;
  /** The user's "automatic reconnect" setting, read at each drop (absent: on). Off: a drop stops at "Not connected". */
  autoReconnect?: () => boolean;
}

export interface ReconnectOptions {
  /** A URL older than this (measured from the moment it was requested) is thrown away unused. */
  maxUrlAgeMs: number;
  maxAttemptsPerWindow: number;
  attemptWindowMs: number;
  backoff: BackoffPolicy;
  liveness: LivenessOptions;
  /** After system resume a live-looking link is probed with this shorter deadline. */
  resumeProbeTimeoutMs: number;
  /** Socket open + VNC handshake must finish within this (paused while credentials are asked for). */
  connectTimeoutMs: number;
  /** A server that sends no complete picture after the handshake is shown as connected after this anyway. */
  pictureTimeoutMs: number;
  /** A connection that lasted at least this long restarts the backoff at "retry at once". */
  stableAfterMs: number;
  /** How often the instance state is polled after Start. */
  statePollMs: number;
  /** Give up waiting for a started instance to reach RUNNING after this. */
  startTimeoutMs: number;
  /** Retrying network/server/throttle failures stops (phase 'failed') after this; Infinity = never. */
  giveUpAfterMs: number;
  /** The OS's online state when the machine is created. */
  online: boolean;
}

export const DEFAULT_RECONNECT_OPTIONS: ReconnectOptions = {
  maxUrlAgeMs: CONSOLE_URL_MAX_AGE_MS,
  maxAttemptsPerWindow: CONSOLE_CONNECTS_PER_WINDOW,
  attemptWindowMs: CONSOLE_CONNECT_WINDOW_MS,
  backoff: DEFAULT_BACKOFF,
  liveness: DEFAULT_LIVENESS,
  resumeProbeTimeoutMs: 1000,
  connectTimeoutMs: 10_000,
  pictureTimeoutMs: 1000,
  stableAfterMs: 1500,
  statePollMs: 2000,
  startTimeoutMs: 5 * 60_000,
  giveUpAfterMs: 10 * 60_000,
  online: true,
};

/** What the Svelte layer needs: Svelte's store contract (`$machine`), the events and the user's actions. */
export interface ReconnectController<C extends Connection = Connection> {
  subscribe(run: (state: ReconnectState) => void): () => void;
  getState(): ReconnectState;
  onEvent(listener: (event: ReconnectEvent<C>) => void): () => void;
  start(): void;
  cancel(): void;
  retryNow(): void;
  userDisconnect(): void;
  startInstance(): Promise<void>;
  /** The user's answer to `state.credentialTypes`; null cancels. */
  answerCredentials(answer: CredentialsAnswer | null): void;
  /** Fetch a URL ahead of start() (pointer hovers Connect); discarded unused after `maxUrlAgeMs`. */
  prefetch(): void;
  setOnline(online: boolean): void;
  notifyResume(): void;
  dispose(): void;
}
