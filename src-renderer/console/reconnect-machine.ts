// The reconnect policy of DESIGN.md §4 as a pure state machine. It decides when to ask for a
// console URL and when to connect with it; the ConsoleView supplies the URL source, the
// connector (noVNC) and the clock, and renders the state this machine publishes.
//
// Rules it keeps:
// - every attempt asks for a fresh URL right before connecting; a URL is never used twice and
//   never once it is older than `maxUrlAgeMs` (12 s; the gateway honours it for 15 s);
// - retries: the first at once, then ~1, 2, 4, 8 s with jitter, capped at 15 s; and never more
//   than 30 URL requests in any 60 s, whatever happens;
// - the user's own disconnect or cancel is never followed by a reconnect: intent is tracked here,
//   because noVNC reports a server-side close as `clean` too;
// - a link that goes silent is probed and declared dead within 5 s, then handled as a drop.
import type { ErrorEnvelope, ErrorKind } from '../../src-main/contract';
import { AttemptBudget } from './attempt-budget';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff';
import type { BackoffPolicy } from './backoff';
import { instanceStateFromCode, toErrorEnvelope } from './console-error';
import type {
  Clock,
  CloseInfo,
  Connection,
  ConnectionEvents,
  Connector,
  IssuedConsoleUrl,
} from './connector';
import { DEFAULT_LIVENESS, LivenessMonitor } from './liveness';
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
  readonly phase: ReconnectPhase;
  /** URL requests made in the current connect/outage sequence (0 once connected). */
  readonly attempt: number;
  /** When the next attempt is due (clock ms); set only while a countdown runs. */
  readonly nextAttemptAt?: number;
  readonly reason?: ReconnectReason;
  /** The instance's state when known (e.g. REBOOTING, STOPPED, RUNNING). */
  readonly instanceState?: string;
  readonly lastError?: ErrorEnvelope;
  /** Drop → connected again, for the most recent restored drop. */
  readonly restoredInMs?: number;
}

/** One unintended drop, for benchmarks and diagnostics. */
export interface DropRecord {
  at: number;
  cause: 'closed' | 'dead-link';
  /** For a dead link: how long it had been silent when declared dead. */
  silentForMs?: number;
  /** URL requests it took to come back. */
  attempts: number;
  restoredInMs?: number;
  firstFrameInMs?: number;
}

export interface ConnectRecord {
  /** start() → connected. */
  connectedInMs: number;
  /** start() → first frame, when the connector reports frames. */
  firstFrameInMs?: number;
}

export interface ReconnectMetrics {
  drops: DropRecord[];
  connects: ConnectRecord[];
  urlsRequested: number;
  urlsUsed: number;
  staleUrlsDiscarded: number;
  duplicateUrlsRejected: number;
  deadLinksDetected: number;
  /** Clock time of every URL request, for checking the per-window ceiling. */
  attemptTimes: number[];
}

export interface ReconnectDeps {
  clock: Clock;
  /** A number in [0, 1), for jitter. */
  random: () => number;
  /** Main's console-URL broker for this instance; rejects with an error envelope. */
  issueUrl(): Promise<IssuedConsoleUrl>;
  connect: Connector;
  /** DescribeInstances' InstanceState for this instance, e.g. 'RUNNING'. */
  getInstanceState(): Promise<string>;
  startInstance(): Promise<void>;
  /** Diagnostics; never receives a URL or token. */
  log?: (event: string, detail?: Record<string, string | number | boolean | undefined>) => void;
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
  maxUrlAgeMs: 12_000,
  maxAttemptsPerWindow: 30,
  attemptWindowMs: 60_000,
  backoff: DEFAULT_BACKOFF,
  liveness: DEFAULT_LIVENESS,
  resumeProbeTimeoutMs: 1000,
  connectTimeoutMs: 10_000,
  stableAfterMs: 1500,
  statePollMs: 2000,
  startTimeoutMs: 5 * 60_000,
  giveUpAfterMs: 10 * 60_000,
  online: true,
};

/** What the Svelte layer needs: Svelte's store contract (`$machine`) plus the user's actions. */
export interface ReconnectController {
  subscribe(run: (state: ReconnectState) => void): () => void;
  getState(): ReconnectState;
  start(): void;
  cancel(): void;
  retryNow(): void;
  userDisconnect(): void;
  startInstance(): Promise<void>;
  /** Fetch a URL ahead of start() (pointer hovers Connect); discarded unused after 12 s. */
  prefetch(): void;
  setOnline(online: boolean): void;
  notifyResume(): void;
  dispose(): void;
}

/** Phases from which start() begins a new session. */
const RESTARTABLE: ReadonlySet<ReconnectPhase> = new Set([
  'idle',
  'cancelled',
  'failed',
  'auth-problem',
  'gone',
  'stopped',
]);
/** Phases in which the machine is working towards a connection by itself. */
const RETRYING: ReadonlySet<ReconnectPhase> = new Set(['connecting', 'reconnecting', 'waiting-instance']);
const GONE_STATES: ReadonlySet<string> = new Set(['TERMINATING', 'TERMINATED']);
const MAX_REMEMBERED_URLS = 4096;
const MAX_RECORDS = 1000;

interface UrlRequest {
  promise: Promise<IssuedConsoleUrl>;
  requestedAt: number;
  /** Set once a prefetched URL has arrived, so a click can use it without waiting a microtask. */
  issued?: IssuedConsoleUrl;
}

type TimerName = 'retry' | 'connect' | 'poll' | 'prefetch';

type StatePatch = { [K in keyof ReconnectState]?: ReconnectState[K] | undefined };

export class ReconnectMachine implements ReconnectController {
  private readonly options: ReconnectOptions;
  private readonly clock: Clock;
  private readonly budget: AttemptBudget;
  private readonly liveness: LivenessMonitor;
  private readonly listeners = new Set<(state: ReconnectState) => void>();
  private readonly timers = new Map<TimerName, unknown>();

  private state: ReconnectState = Object.freeze({ phase: 'idle', attempt: 0 });
  private disposed = false;
  private online: boolean;
  /** Identifies the current operation; callbacks from an older one are ignored. */
  private gen = 0;
  private conn: Connection | undefined;
  /** A URL request or a connection is under way and has not yet succeeded or failed. */
  private inFlight = false;
  private connectedAt = 0;
  private everConnected = false;
  /** Consecutive failures in the current outage (a drop counts as the first). */
  private failures = 0;
  private lastKind: ErrorKind | undefined;
  private streakStartedAt: number | undefined;
  private startedAt: number | undefined;
  private pollStartedAt = 0;
  private prefetched: UrlRequest | undefined;
  private readonly usedUrls = new Set<string>();
  private openDrop: DropRecord | undefined;
  private awaitingFrame: { since: number; record: DropRecord | ConnectRecord } | undefined;
  private readonly metrics: ReconnectMetrics = {
    drops: [],
    connects: [],
    urlsRequested: 0,
    urlsUsed: 0,
    staleUrlsDiscarded: 0,
    duplicateUrlsRejected: 0,
    deadLinksDetected: 0,
    attemptTimes: [],
  };

  constructor(
    private readonly deps: ReconnectDeps,
    options: Partial<ReconnectOptions> = {},
  ) {
    this.options = { ...DEFAULT_RECONNECT_OPTIONS, ...options };
    this.clock = deps.clock;
    this.online = this.options.online;
    this.budget = new AttemptBudget(this.options.maxAttemptsPerWindow, this.options.attemptWindowMs);
    this.liveness = new LivenessMonitor(
      this.clock,
      () => this.conn?.probe(),
      (silentForMs) => this.drop('dead-link', silentForMs),
      this.options.liveness,
    );
  }

  // ---- Store --------------------------------------------------------------------------------

  getState(): ReconnectState {
    return this.state;
  }

  subscribe(run: (state: ReconnectState) => void): () => void {
    if (this.disposed) {
      run(this.state);
      return () => {};
    }
    this.listeners.add(run);
    run(this.state);
    return () => this.listeners.delete(run);
  }

  /** A copy of the counters and per-drop records. */
  getMetrics(): ReconnectMetrics {
    return {
      ...this.metrics,
      drops: this.metrics.drops.map((d) => ({ ...d })),
      connects: this.metrics.connects.map((c) => ({ ...c })),
      attemptTimes: [...this.metrics.attemptTimes],
    };
  }

  // ---- User actions -------------------------------------------------------------------------

  start(): void {
    if (this.disposed || !RESTARTABLE.has(this.state.phase)) return;
    this.resetStreak();
    this.everConnected = false;
    this.startedAt = this.clock.now();
    this.update({
      phase: 'connecting',
      attempt: 0,
      reason: 'start',
      nextAttemptAt: undefined,
      lastError: undefined,
      instanceState: undefined,
      restoredInMs: undefined,
    });
    this.beginAttempt(false);
  }

  cancel(): void {
    if (this.disposed || this.state.phase === 'idle' || this.state.phase === 'cancelled') return;
    this.halt('cancelled', { reason: 'cancelled' });
  }

  retryNow(): void {
    if (this.disposed || this.state.phase === 'connected' || this.inFlight) return;
    if (this.state.phase === 'idle') return this.start();
    if (RESTARTABLE.has(this.state.phase)) {
      this.resetStreak();
      this.startedAt ??= this.clock.now();
    }
    this.gen++; // abandons a pending Start or state poll
    this.clearTimers();
    this.update({ reason: 'retry-now', nextAttemptAt: undefined });
    // An explicit request goes ahead even if the OS claims to be offline.
    this.beginAttempt(true);
  }

  userDisconnect(): void {
    if (this.disposed || this.state.phase === 'idle') return;
    this.halt('idle', { reason: 'user-disconnect', attempt: 0 });
  }

  async startInstance(): Promise<void> {
    if (this.disposed || this.state.phase !== 'stopped') return;
    this.clearTimers();
    const gen = ++this.gen;
    this.update({
      phase: 'waiting-instance',
      reason: 'instance-starting',
      lastError: undefined,
      nextAttemptAt: undefined,
    });
    try {
      await this.deps.startInstance();
    } catch (error) {
      if (gen !== this.gen || this.disposed) return;
      const envelope = toErrorEnvelope(error);
      this.log('start-failed', { kind: envelope.kind, code: envelope.code });
      if (envelope.kind === 'auth')
        return this.halt('auth-problem', { lastError: envelope, reason: 'start-failed' });
      if (envelope.kind === 'instance-gone')
        return this.halt('gone', { lastError: envelope, reason: 'start-failed' });
      // Already starting: fine, wait for RUNNING like after a successful Start.
      if (envelope.kind !== 'instance-transitional') {
        this.update({ phase: 'stopped', reason: 'start-failed', lastError: envelope });
        return;
      }
    }
    if (gen !== this.gen || this.disposed) return;
    this.resetStreak();
    this.pollStartedAt = this.clock.now();
    await this.pollInstanceState(gen);
  }

  prefetch(): void {
    if (this.disposed || !this.online || this.prefetched) return;
    if (this.state.phase !== 'idle' && this.state.phase !== 'cancelled') return;
    const now = this.clock.now();
    if (this.budget.nextAllowedAt(now) > now) return;
    const request = this.requestUrl(now);
    request.promise.then(
      (issued) => (request.issued = issued),
      () => {}, // an unused prefetch's failure is of no interest
    );
    this.prefetched = request;
    this.setTimer('prefetch', this.options.maxUrlAgeMs, () => {
      if (this.prefetched !== request) return;
      this.prefetched = undefined;
      this.metrics.staleUrlsDiscarded++;
      this.log('url-discarded', { why: 'prefetch-expired' });
    });
  }

  // ---- Environment signals ------------------------------------------------------------------

  setOnline(online: boolean): void {
    if (this.disposed || online === this.online) return;
    this.online = online;
    this.log(online ? 'online' : 'offline');
    if (!online) {
      // A countdown pauses; an attempt already under way is left to finish or fail.
      if (RETRYING.has(this.state.phase) && this.timers.has('retry')) this.enterOffline();
      return;
    }
    if (this.state.phase === 'offline' || this.gaveUp()) {
      this.restartStreak();
      this.update({ reason: 'offline' });
      this.beginAttempt(false);
    }
  }

  notifyResume(): void {
    if (this.disposed) return;
    this.log('resume');
    const { phase } = this.state;
    if (phase === 'connected') {
      // The socket may look open across sleep; a quick probe tells whether it still is.
      this.liveness.probeNow(this.options.resumeProbeTimeoutMs);
      return;
    }
    if (this.timers.has('poll')) {
      this.clearTimer('poll');
      void this.pollInstanceState(this.gen);
      return;
    }
    if ((RETRYING.has(phase) && this.timers.has('retry') && !this.inFlight) || this.gaveUp()) {
      this.restartStreak();
      this.update({ reason: 'resume' });
      this.beginAttempt(false);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.gen++;
    this.clearTimers();
    this.clearTimer('prefetch');
    this.prefetched = undefined;
    this.liveness.stop();
    this.closeConnection();
    this.inFlight = false;
    this.disposed = true;
    this.listeners.clear();
  }

  // ---- Attempts -----------------------------------------------------------------------------

  /** Time for an attempt: unless offline or over the budget, request a URL now. */
  private beginAttempt(force: boolean): void {
    if (this.disposed) return;
    this.clearTimer('retry');
    this.clearTimer('poll');
    if (!this.online && !force) return this.enterOffline();
    const now = this.clock.now();
    let request = this.takePrefetch(now);
    if (!request) {
      const allowedAt = this.budget.nextAllowedAt(now);
      if (allowedAt > now) {
        const phase = RETRYING.has(this.state.phase) ? this.state.phase : this.retryPhase();
        this.update({ phase, reason: 'attempt-limit', nextAttemptAt: allowedAt });
        this.log('attempt-limit', { waitMs: allowedAt - now });
        this.setTimer('retry', allowedAt - now, () => this.beginAttempt(force));
        return;
      }
      request = this.requestUrl(now);
    }
    const gen = ++this.gen;
    this.inFlight = true;
    if (this.openDrop) this.openDrop.attempts++;
    this.update({
      phase: this.state.phase === 'waiting-instance' ? 'waiting-instance' : this.retryPhase(),
      attempt: this.state.attempt + 1,
      nextAttemptAt: undefined,
    });
    this.log('attempt', { attempt: this.state.attempt });
    const { requestedAt } = request;
    // A prefetched URL that has already arrived connects now, inside the click: waiting even a
    // microtask would let the new tab's first render run before the WebSocket is opened.
    if (request.issued) return this.onUrl(gen, request.issued, requestedAt);
    request.promise.then(
      (issued) => this.onUrl(gen, issued, requestedAt),
      (error: unknown) => {
        if (gen !== this.gen || this.disposed) return;
        this.inFlight = false;
        this.onAttemptError(toErrorEnvelope(error), 'api-error');
      },
    );
  }

  /** Asks main for a URL; every request counts against the per-window budget. */
  private requestUrl(now: number): UrlRequest {
    this.budget.record(now);
    this.metrics.urlsRequested++;
    pushCapped(this.metrics.attemptTimes, now, 100_000);
    let promise: Promise<IssuedConsoleUrl>;
    try {
      promise = this.deps.issueUrl();
    } catch (error) {
      promise = Promise.reject(error);
    }
    return { promise, requestedAt: now };
  }

  private takePrefetch(now: number): UrlRequest | undefined {
    const request = this.prefetched;
    if (!request) return undefined;
    this.prefetched = undefined;
    this.clearTimer('prefetch');
    if (now - request.requestedAt > this.options.maxUrlAgeMs) {
      this.metrics.staleUrlsDiscarded++;
      return undefined;
    }
    return request;
  }

  private onUrl(gen: number, issued: IssuedConsoleUrl, requestedAt: number): void {
    // Cancelled, disconnected or superseded meanwhile: the URL is dropped unused.
    if (gen !== this.gen || this.disposed) return;
    this.inFlight = false;
    if (!issued || typeof issued.url !== 'string' || issued.url === '') {
      return this.onAttemptError(toErrorEnvelope(undefined), 'error');
    }
    // Measured from the request, an upper bound on the true age that needs no clock shared with main.
    const age = this.clock.now() - requestedAt;
    if (age > this.options.maxUrlAgeMs) {
      this.metrics.staleUrlsDiscarded++;
      this.log('url-discarded', { why: 'stale', ageMs: age });
      return this.beginAttempt(false);
    }
    if (this.usedUrls.has(issued.url)) {
      this.metrics.duplicateUrlsRejected++;
      this.log('url-discarded', { why: 'reused' });
      return this.onAttemptError(
        { kind: 'server', code: 'ConsoleUrlReused', message: 'The console URL had already been used.' },
        'api-error',
      );
    }
    this.open(gen, issued);
  }

  private open(gen: number, issued: IssuedConsoleUrl): void {
    this.rememberUrl(issued.url);
    this.metrics.urlsUsed++;
    this.inFlight = true;
    const current = (): boolean => gen === this.gen && !this.disposed;
    const events: ConnectionEvents = {
      onConnected: () => current() && this.onConnected(),
      onFirstFrame: () => current() && this.onFirstFrame(),
      onData: () => current() && this.liveness.noteData(),
      onCredentialsRequired: () => current() && this.onCredentialsRequired(),
      onClose: (info?: CloseInfo) => current() && this.onClose(info ?? {}),
    };
    this.setTimer('connect', this.options.connectTimeoutMs, () => this.onConnectTimeout());
    let conn: Connection;
    try {
      conn = this.deps.connect(issued.url, issued.hints ?? {}, events);
    } catch {
      if (!current()) return;
      this.abandonAttempt();
      return this.onAttemptError(
        { kind: 'internal', code: 'ConnectFailed', message: 'The console could not be opened.' },
        'error',
      );
    }
    // It may have closed (or been cancelled) while connect() ran.
    if (!current()) return;
    this.conn = conn;
  }

  private onConnected(): void {
    this.clearTimer('connect');
    this.inFlight = false;
    const now = this.clock.now();
    this.connectedAt = now;
    this.everConnected = true;
    this.streakStartedAt = undefined;
    this.lastKind = undefined;
    let restoredInMs = this.state.restoredInMs;
    if (this.openDrop) {
      restoredInMs = now - this.openDrop.at;
      this.openDrop.restoredInMs = restoredInMs;
      this.awaitingFrame = { since: this.openDrop.at, record: this.openDrop };
      this.openDrop = undefined;
    } else if (this.startedAt !== undefined) {
      const record: ConnectRecord = { connectedInMs: now - this.startedAt };
      pushCapped(this.metrics.connects, record, MAX_RECORDS);
      this.awaitingFrame = { since: this.startedAt, record };
    }
    this.startedAt = undefined;
    this.update({
      phase: 'connected',
      attempt: 0,
      reason: undefined,
      nextAttemptAt: undefined,
      lastError: undefined,
      instanceState: undefined,
      restoredInMs,
    });
    this.log('connected', { restoredInMs });
    this.liveness.start();
  }

  private onFirstFrame(): void {
    if (!this.awaitingFrame) return;
    this.awaitingFrame.record.firstFrameInMs = this.clock.now() - this.awaitingFrame.since;
    this.awaitingFrame = undefined;
  }

  private onCredentialsRequired(): void {
    // A person may take a while to type a password; that is not a dead handshake.
    this.clearTimer('connect');
    this.update({ reason: 'credentials' });
  }

  private onClose(info: CloseInfo): void {
    this.conn = undefined; // it closed itself: nothing left to disconnect
    this.log('closed', { connected: this.state.phase === 'connected', detail: info.detail });
    if (info.userInitiated) return this.halt('idle', { reason: 'user-disconnect', attempt: 0 });
    if (info.securityFailure) return this.halt('failed', { reason: 'vnc-auth' });
    if (this.state.phase === 'connected') return this.drop('closed');
    this.abandonAttempt();
    this.onAttemptError(
      {
        kind: 'network',
        code: 'ConnectionClosed',
        message: 'The console connection closed before it was ready.',
      },
      'connect-failed',
    );
  }

  private onConnectTimeout(): void {
    this.abandonAttempt();
    this.onAttemptError(
      { kind: 'network', code: 'ConnectTimeout', message: 'The console did not answer in time.' },
      'connect-timeout',
    );
  }

  /** Forget the connection attempt in progress; its later events are ignored. */
  private abandonAttempt(): void {
    this.gen++;
    this.clearTimer('connect');
    this.inFlight = false;
    this.closeConnection();
  }

  /** An unintended loss of an established connection. */
  private drop(cause: 'closed' | 'dead-link', silentForMs?: number): void {
    this.gen++;
    this.liveness.stop();
    this.closeConnection();
    const now = this.clock.now();
    // A connection that flapped straight down continues the backoff instead of restarting it.
    this.failures = now - this.connectedAt >= this.options.stableAfterMs ? 1 : this.failures + 1;
    this.streakStartedAt = now;
    this.lastKind = undefined;
    this.awaitingFrame = undefined;
    const record: DropRecord = { at: now, cause, attempts: 0 };
    if (silentForMs !== undefined) record.silentForMs = silentForMs;
    if (cause === 'dead-link') this.metrics.deadLinksDetected++;
    pushCapped(this.metrics.drops, record, MAX_RECORDS);
    this.openDrop = record;
    this.log('drop', { cause, silentForMs });
    this.update({
      phase: 'reconnecting',
      attempt: 0,
      reason: cause === 'dead-link' ? 'dead-link' : 'drop',
      lastError: undefined,
    });
    this.scheduleRetry(backoffDelay(this.failures, this.deps.random, this.options.backoff));
  }

  /** DESIGN.md §3: what each error kind means for the next attempt. */
  private onAttemptError(envelope: ErrorEnvelope, reason: ReconnectReason): void {
    const previousKind = this.lastKind;
    this.lastKind = envelope.kind;
    this.streakStartedAt ??= this.clock.now();
    this.log('attempt-failed', { kind: envelope.kind, code: envelope.code });
    const retryAfter = envelope.retryAfterMs ?? 0;
    switch (envelope.kind) {
      case 'auth':
        return this.halt('auth-problem', { lastError: envelope, reason: 'error' });
      case 'instance-gone':
        return this.halt('gone', { lastError: envelope, reason: 'error' });
      case 'instance-stopped': {
        const instanceState = instanceStateFromCode(envelope.code) ?? 'STOPPED';
        return this.halt('stopped', { lastError: envelope, reason: 'error', instanceState });
      }
      case 'instance-transitional': {
        this.failures++;
        const instanceState = instanceStateFromCode(envelope.code);
        this.update({
          phase: 'waiting-instance',
          reason: 'instance-busy',
          lastError: envelope,
          instanceState: instanceState ?? this.state.instanceState,
        });
        if (!instanceState) this.refreshInstanceState();
        // The instance needs seconds to minutes: no immediate retry here.
        const delay = backoffDelay(Math.max(this.failures, 2), this.deps.random, this.options.backoff);
        return this.scheduleRetry(Math.max(delay, retryAfter));
      }
      case 'throttled':
      case 'network':
      case 'server': {
        this.failures++;
        this.update({ phase: this.retryPhase(), reason, lastError: envelope });
        const delay = backoffDelay(this.failures, this.deps.random, this.options.backoff);
        return this.scheduleRetry(Math.max(delay, retryAfter));
      }
      case 'clock': {
        // Main corrects its clock from the server's Date header; one immediate retry, then backoff.
        this.failures++;
        this.update({ phase: this.retryPhase(), reason, lastError: envelope });
        const delay =
          previousKind === 'clock' ? backoffDelay(this.failures, this.deps.random, this.options.backoff) : 0;
        return this.scheduleRetry(Math.max(delay, retryAfter));
      }
      default:
        // invalid-input, forbidden, internal: a bug or a refusal that retrying cannot fix.
        return this.halt('failed', { lastError: envelope, reason: 'error' });
    }
  }

  private scheduleRetry(delayMs: number): void {
    if (!this.online) return this.enterOffline();
    const now = this.clock.now();
    const { giveUpAfterMs } = this.options;
    if (
      this.state.phase !== 'waiting-instance' &&
      this.streakStartedAt !== undefined &&
      now - this.streakStartedAt >= giveUpAfterMs
    ) {
      return this.halt('failed', { reason: 'gave-up' });
    }
    if (delayMs <= 0) return this.beginAttempt(false);
    this.update({ nextAttemptAt: now + delayMs });
    this.setTimer('retry', delayMs, () => this.beginAttempt(false));
  }

  private enterOffline(): void {
    this.clearTimer('retry');
    this.update({ phase: 'offline', reason: 'offline', nextAttemptAt: undefined });
  }

  // ---- Instance state -----------------------------------------------------------------------

  private async pollInstanceState(gen: number): Promise<void> {
    let instanceState: string | undefined;
    let error: ErrorEnvelope | undefined;
    try {
      instanceState = await this.deps.getInstanceState();
    } catch (e) {
      error = toErrorEnvelope(e);
    }
    if (gen !== this.gen || this.disposed) return;
    if (error) {
      if (error.kind === 'auth') return this.halt('auth-problem', { lastError: error, reason: 'error' });
      if (error.kind === 'instance-gone') return this.halt('gone', { lastError: error, reason: 'error' });
      this.update({ lastError: error });
    } else if (instanceState !== undefined) {
      this.update({ instanceState });
      if (instanceState === 'RUNNING') {
        this.update({ reason: 'instance-running', lastError: undefined });
        return this.beginAttempt(false);
      }
      if (GONE_STATES.has(instanceState)) return this.halt('gone', { reason: 'error' });
    }
    if (this.clock.now() - this.pollStartedAt >= this.options.startTimeoutMs) {
      return this.halt('failed', { reason: 'start-timeout' });
    }
    this.setTimer('poll', this.options.statePollMs, () => void this.pollInstanceState(gen));
  }

  /** Best effort: show the state when the error code did not name it. */
  private refreshInstanceState(): void {
    const gen = this.gen;
    this.deps.getInstanceState().then(
      (instanceState) => {
        if (gen !== this.gen || this.disposed) return;
        if (this.state.phase === 'waiting-instance') this.update({ instanceState });
      },
      () => {},
    );
  }

  // ---- Plumbing -----------------------------------------------------------------------------

  /** Stop everything: no timer, no connection, no pending result will act any more. */
  private halt(phase: ReconnectPhase, patch: StatePatch): void {
    this.gen++;
    this.clearTimers();
    this.liveness.stop();
    this.closeConnection();
    this.inFlight = false;
    this.openDrop = undefined;
    this.awaitingFrame = undefined;
    this.log('halt', { phase });
    this.update({ ...patch, phase, nextAttemptAt: undefined });
  }

  private closeConnection(): void {
    const conn = this.conn;
    this.conn = undefined;
    if (!conn) return;
    try {
      conn.disconnect();
    } catch {
      // Already gone; nothing to undo.
    }
  }

  private retryPhase(): ReconnectPhase {
    return this.everConnected ? 'reconnecting' : 'connecting';
  }

  private gaveUp(): boolean {
    return this.state.phase === 'failed' && this.state.reason === 'gave-up';
  }

  private resetStreak(): void {
    this.failures = 0;
    this.streakStartedAt = undefined;
    this.lastKind = undefined;
  }

  /** Online again or awake again: a fresh start for the backoff and the give-up clock. */
  private restartStreak(): void {
    this.failures = 1;
    this.streakStartedAt = this.clock.now();
    this.lastKind = undefined;
  }

  private rememberUrl(url: string): void {
    this.usedUrls.add(url);
    if (this.usedUrls.size > MAX_REMEMBERED_URLS) {
      const oldest = this.usedUrls.values().next().value;
      if (oldest !== undefined) this.usedUrls.delete(oldest);
    }
  }

  private setTimer(name: TimerName, ms: number, fn: () => void): void {
    this.clearTimer(name);
    const handle = this.clock.setTimeout(() => {
      if (this.timers.get(name) !== handle) return;
      this.timers.delete(name);
      fn();
    }, ms);
    this.timers.set(name, handle);
  }

  private clearTimer(name: TimerName): void {
    const handle = this.timers.get(name);
    if (handle === undefined) return;
    this.timers.delete(name);
    this.clock.clearTimeout(handle);
  }

  /** Clears the attempt timers; a held prefetch keeps its own expiry. */
  private clearTimers(): void {
    this.clearTimer('retry');
    this.clearTimer('connect');
    this.clearTimer('poll');
  }

  private update(patch: StatePatch): void {
    const next: Record<string, unknown> = { ...this.state, ...patch };
    for (const key of Object.keys(next)) if (next[key] === undefined) delete next[key];
    this.state = Object.freeze(next as unknown as ReconnectState);
    if (this.disposed) return;
    for (const listener of [...this.listeners]) {
      try {
        listener(this.state);
      } catch {
        this.log('listener-error');
      }
    }
  }

  private log(event: string, detail?: Record<string, string | number | boolean | undefined>): void {
    this.deps.log?.(event, detail);
  }
}

export function createReconnectMachine(
  deps: ReconnectDeps,
  options: Partial<ReconnectOptions> = {},
): ReconnectMachine {
  return new ReconnectMachine(deps, options);
}

function pushCapped<T>(list: T[], item: T, cap: number): void {
  list.push(item);
  if (list.length > cap) list.splice(0, list.length - cap);
}
