// The reconnect policy of DESIGN.md §4 as a state machine, and the one source of truth about a
// console's connection. The console session supplies the URL source, the connector (noVNC) and the
// clock; it renders the state and the events this machine publishes, and forwards the user's
// actions to it. Nothing flows back: the session never reads the machine's metrics.
//
// Rules it keeps:
// - every attempt asks for a fresh URL right before connecting; a URL is never used twice and
//   never once it is older than `maxUrlAgeMs` (12 s; the gateway honours it for 15 s): console-urls.ts;
// - retries: the first at once, then ~1, 2, 4, 8 s with jitter, capped at 15 s; and never more
//   than 30 URL requests in any 60 s, whatever happens (reconnect-policy.ts says what each error means);
// - the user's own disconnect or cancel is never followed by a reconnect: intent is tracked here,
//   because noVNC reports a server-side close as `clean` too;
// - a link that goes silent is probed and declared dead within 5 s, then handled as a drop;
// - 'connected' means the first complete picture is drawn (or `pictureTimeoutMs` passed after the
//   handshake without one), and its time is filed under the fresh connect or the drop it ends.
import type { ErrorEnvelope, ErrorKind } from '../../src-main/contract';
import { backoffDelay } from './backoff';
import { toErrorEnvelope } from '../../src-main/common/errors';
import { ConsoleUrls } from './console-urls';
import type { UrlRequest } from './console-urls';
import type {
  CloseInfo,
  Connection,
  ConnectionEvents,
  CredentialsAnswer,
  IssuedConsoleUrl,
} from './connector';
import { LivenessMonitor } from './liveness';
import { MetricsRecorder } from './reconnect-metrics';
import type { DropRecord, ReconnectMetrics } from './reconnect-metrics';
import { judgeAttemptError, judgeInstancePoll } from './reconnect-policy';
import { DEFAULT_RECONNECT_OPTIONS } from './reconnect-types';
import type {
  ConnectKind,
  ReconnectController,
  ReconnectDeps,
  ReconnectEvent,
  ReconnectOptions,
  ReconnectPhase,
  ReconnectReason,
  ReconnectState,
} from './reconnect-types';

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
/** A handshake done, its first complete picture awaited: what it ends, since when. */
interface PictureWait {
  kind: ConnectKind;
  since: number | undefined;
  /** Files the picture's time in the metrics record of the connect or drop. */
  file?: (inMs: number) => void;
}

type TimerName = 'retry' | 'connect' | 'picture' | 'poll';

type StatePatch = { [K in keyof ReconnectState]?: ReconnectState[K] | undefined };

export class ReconnectMachine<C extends Connection = Connection> implements ReconnectController<C> {
  private readonly options: ReconnectOptions;
  private readonly clock: ReconnectDeps<C>['clock'];
  private readonly urls: ConsoleUrls;
  private readonly liveness: LivenessMonitor;
  private readonly metrics = new MetricsRecorder();
  private readonly listeners = new Set<(state: ReconnectState) => void>();
  private readonly eventListeners = new Set<(event: ReconnectEvent<C>) => void>();
  private readonly timers = new Map<TimerName, unknown>();

  private state: ReconnectState = Object.freeze({ phase: 'idle', attempt: 0 });
  private disposed = false;
  private online: boolean;
  /** Identifies the current operation; callbacks from an older one are ignored. */
  private gen = 0;
  private conn: C | undefined;
  /** The VNC handshake of `conn` is done (its picture may still be on its way). */
  private linkUp = false;
  /** The connection the UI shows (announced with a 'shown' event). */
  private shown: C | undefined;
  private pictureWait: PictureWait | undefined;
  /** What the VNC server asks for, until answered or the attempt ends. */
  private credentialTypes: readonly string[] | undefined;
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
  /** The unintended drop being recovered from. */
  private outage: { at: number; record: DropRecord } | undefined;

  constructor(
    private readonly deps: ReconnectDeps<C>,
    options: Partial<ReconnectOptions> = {},
  ) {
    this.options = { ...DEFAULT_RECONNECT_OPTIONS, ...options };
    this.clock = deps.clock;
    this.online = this.options.online;
    this.urls = new ConsoleUrls(
      this.clock,
      () => deps.issueUrl(),
      this.options,
      this.metrics,
      (event, detail) => this.log(event, detail),
    );
    this.liveness = new LivenessMonitor(
      this.clock,
      () => this.conn?.probe(),
      (silentForMs) => this.drop('dead-link', silentForMs),
      this.options.liveness,
    );
  }

  // ---- What it publishes ------------------------------------------------------------------------

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

  onEvent(listener: (event: ReconnectEvent<C>) => void): () => void {
    if (this.disposed) return () => {};
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** A copy of the counters and per-connect records: for benchmarks and tests, never for decisions. */
  getMetrics(): ReconnectMetrics {
    return this.metrics.snapshot();
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
      firstFrameInMs: undefined,
      restoredInMs: undefined,
    });
    this.beginAttempt(false);
  }

  cancel(): void {
    if (this.disposed || this.state.phase === 'idle' || this.state.phase === 'cancelled') return;
    this.halt('cancelled', { reason: 'cancelled' });
  }

  retryNow(): void {
    if (this.disposed || this.linkUp || this.inFlight) return;
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

  answerCredentials(answer: CredentialsAnswer | null): void {
    if (this.disposed || !this.credentialTypes) return;
    if (!answer) return this.cancel();
    this.credentialTypes = undefined;
    try {
      this.conn?.sendCredentials(answer);
    } catch {
      // The connection went away meanwhile; its close decides what comes next.
    }
    this.update({});
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
      this.log('start-failed', { kind: envelope.kind, code: envelope.code, requestId: envelope.requestId });
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
    if (this.disposed || !this.online) return;
    if (this.state.phase !== 'idle' && this.state.phase !== 'cancelled') return;
    this.urls.prefetch(this.clock.now());
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
    if (this.linkUp) {
      // The socket may look open across sleep; a quick probe tells whether it still is.
      this.liveness.probeNow(this.options.resumeProbeTimeoutMs);
      return;
    }
    if (this.timers.has('poll')) {
      this.clearTimer('poll');
      void this.pollInstanceState(this.gen);
      return;
    }
    const { phase } = this.state;
    if ((RETRYING.has(phase) && this.timers.has('retry') && !this.inFlight) || this.gaveUp()) {
      this.restartStreak();
      this.update({ reason: 'resume' });
      this.beginAttempt(false);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.gen++;
    this.eventListeners.clear();
    this.clearTimers();
    this.urls.dispose();
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
    let request: UrlRequest | undefined = this.urls.takePrefetched(now);
    if (!request) {
      const allowedAt = this.urls.nextAllowedAt(now);
      if (allowedAt > now) {
        const phase = RETRYING.has(this.state.phase) ? this.state.phase : this.retryPhase();
        this.update({ phase, reason: 'attempt-limit', nextAttemptAt: allowedAt });
        this.log('attempt-limit', { waitMs: allowedAt - now });
        this.setTimer('retry', allowedAt - now, () => this.beginAttempt(force));
        return;
      }
      request = this.urls.request(now);
    }
    const gen = ++this.gen;
    this.inFlight = true;
    if (this.outage) this.outage.record.attempts++;
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

  private onUrl(gen: number, issued: IssuedConsoleUrl, requestedAt: number): void {
    // Cancelled, disconnected or superseded meanwhile: the URL is dropped unused.
    if (gen !== this.gen || this.disposed) return;
    this.inFlight = false;
    switch (this.urls.judge(issued, requestedAt, this.clock.now())) {
      case 'invalid':
        return this.onAttemptError(toErrorEnvelope(undefined), 'error');
      case 'stale':
        return this.beginAttempt(false);
      case 'reused':
        return this.onAttemptError(
          { kind: 'server', code: 'ConsoleUrlReused', message: 'The console URL had already been used.' },
          'api-error',
        );
      case 'usable':
        return this.open(gen, issued);
    }
  }

  private open(gen: number, issued: IssuedConsoleUrl): void {
    this.inFlight = true;
    const current = (): boolean => gen === this.gen && !this.disposed;
    const events: ConnectionEvents = {
      connected: () => current() && this.onConnected(),
      picture: () => current() && this.onPicture(),
      data: () => current() && this.liveness.noteData(),
      credentialsRequired: (types) => current() && this.onCredentialsRequired(types),
      closed: (info?: CloseInfo) => current() && this.onClose(info ?? {}),
    };
    this.setTimer('connect', this.options.connectTimeoutMs, () => this.onConnectTimeout());
    let conn: C;
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

  /** The handshake is done: the link is up; the console is shown with its first complete picture. */
  private onConnected(): void {
    this.clearTimer('connect');
    this.inFlight = false;
    const now = this.clock.now();
    this.connectedAt = now;
    this.everConnected = true;
    this.linkUp = true;
    this.streakStartedAt = undefined;
    this.lastKind = undefined;
    if (this.credentialTypes) {
      this.credentialTypes = undefined;
      this.update({});
    }
    const outage = this.outage;
    this.outage = undefined;
    if (outage) {
      const { record } = outage;
      record.linkUpInMs = now - outage.at;
      this.pictureWait = { kind: 'restore', since: outage.at, file: (inMs) => (record.restoredInMs = inMs) };
    } else if (this.startedAt !== undefined) {
      const record = this.metrics.connect({ linkUpInMs: now - this.startedAt });
      this.pictureWait = {
        kind: 'fresh',
        since: this.startedAt,
        file: (inMs) => (record.firstFrameInMs = inMs),
      };
    } else {
      this.pictureWait = { kind: 'fresh', since: undefined };
    }
    this.startedAt = undefined;
    this.log('link-up', { kind: this.pictureWait.kind });
    this.liveness.start();
    this.setTimer('picture', this.options.pictureTimeoutMs, () => this.show(undefined));
  }

  /** The first complete framebuffer update is drawn. */
  private onPicture(): void {
    const wait = this.pictureWait;
    if (!this.linkUp || !wait) return;
    this.pictureWait = undefined;
    const inMs = wait.since === undefined ? undefined : this.clock.now() - wait.since;
    if (inMs !== undefined) wait.file?.(inMs);
    const timing: StatePatch = wait.kind === 'restore' ? { restoredInMs: inMs } : { firstFrameInMs: inMs };
    // Shown already without a picture (pictureTimeoutMs): only the timing is news.
    if (this.shown) return this.update(timing);
    this.show(wait.kind, timing);
    this.log('picture', { kind: wait.kind, inMs });
  }

  /** The console is connected and on screen; `kind` undefined: shown without a picture. */
  private show(kind: ConnectKind | undefined, timing: StatePatch = {}): void {
    const conn = this.conn;
    if (!conn || this.shown) return;
    this.clearTimer('picture');
    this.shown = conn;
    const connectKind = kind ?? this.pictureWait?.kind ?? 'fresh';
    this.update({
      ...timing,
      phase: 'connected',
      attempt: 0,
      reason: undefined,
      nextAttemptAt: undefined,
      lastError: undefined,
      instanceState: undefined,
    });
    this.log('connected', { kind: connectKind, picture: kind !== undefined });
    this.emit({ type: 'shown', kind: connectKind, connection: conn });
  }

  private onCredentialsRequired(types: readonly string[]): void {
    // A person may take a while to type a password; that is not a dead handshake.
    this.clearTimer('connect');
    this.credentialTypes = [...types];
    this.update({ reason: 'credentials' });
  }

  private onClose(info: CloseInfo): void {
    const wasUp = this.linkUp;
    this.forgetConnection(); // it closed itself: nothing left to disconnect
    this.log('closed', { connected: wasUp, detail: info.detail });
    if (info.userInitiated) return this.halt('idle', { reason: 'user-disconnect', attempt: 0 });
    if (info.securityFailure) return this.halt('failed', { reason: 'vnc-auth' });
    if (wasUp) return this.drop('closed');
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
    this.clearTimer('picture');
    this.closeConnection();
    const now = this.clock.now();
    // A connection that flapped straight down continues the backoff instead of restarting it.
    this.failures = now - this.connectedAt >= this.options.stableAfterMs ? 1 : this.failures + 1;
    this.streakStartedAt = now;
    this.lastKind = undefined;
    const record: DropRecord = { at: now, cause, attempts: 0 };
    if (silentForMs !== undefined) record.silentForMs = silentForMs;
    this.outage = { at: now, record: this.metrics.drop(record) };
    this.log('drop', { cause, silentForMs });
    if (this.deps.autoReconnect?.() === false) {
      return this.halt('cancelled', {
        attempt: 0,
        reason: 'drop',
        lastError: undefined,
        restoredInMs: undefined,
      });
    }
    this.update({
      phase: 'reconnecting',
      attempt: 0,
      reason: cause === 'dead-link' ? 'dead-link' : 'drop',
      lastError: undefined,
      restoredInMs: undefined,
    });
    this.scheduleRetry(backoffDelay(this.failures, this.deps.random, this.options.backoff));
  }

  /** DESIGN.md §3: what a failed attempt's error kind means for the next one (reconnect-policy.ts). */
  private onAttemptError(envelope: ErrorEnvelope, reason: ReconnectReason): void {
    const previousKind = this.lastKind;
    this.lastKind = envelope.kind;
    this.streakStartedAt ??= this.clock.now();
    this.log('attempt-failed', { kind: envelope.kind, code: envelope.code, requestId: envelope.requestId });
    const verdict = judgeAttemptError(
      envelope,
      { failures: this.failures + 1, previousKind },
      this.deps.random,
      this.options.backoff,
    );
    if (verdict.action === 'halt') {
      const { instanceState } = verdict;
      return this.halt(verdict.phase, {
        lastError: envelope,
        reason: 'error',
        ...(instanceState ? { instanceState } : {}),
      });
    }
    this.failures++;
    if (verdict.waiting) {
      this.update({
        phase: 'waiting-instance',
        reason: 'instance-busy',
        lastError: envelope,
        instanceState: verdict.waiting.instanceState ?? this.state.instanceState,
      });
      if (verdict.waiting.askState) this.refreshInstanceState();
    } else {
      this.update({ phase: this.retryPhase(), reason, lastError: envelope });
    }
    this.scheduleRetry(verdict.delayMs);
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
    let result: { instanceState: string } | { error: ErrorEnvelope };
    try {
      result = { instanceState: await this.deps.getInstanceState() };
    } catch (e) {
      result = { error: toErrorEnvelope(e) };
    }
    if (gen !== this.gen || this.disposed) return;
    const verdict = judgeInstancePoll(
      result,
      this.clock.now() - this.pollStartedAt,
      this.options.startTimeoutMs,
    );
    this.update(verdict.show);
    switch (verdict.next) {
      case 'connect':
        this.update({ reason: 'instance-running', lastError: undefined });
        return this.beginAttempt(false);
      case 'auth-problem':
      case 'gone':
        return this.halt(verdict.next, { reason: 'error' });
      case 'start-timeout':
        return this.halt('failed', { reason: 'start-timeout' });
      case 'poll':
        this.setTimer('poll', this.options.statePollMs, () => void this.pollInstanceState(gen));
    }
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
    this.outage = undefined;
    this.log('halt', { phase });
    this.update({ ...patch, phase, nextAttemptAt: undefined });
  }

  /** Disconnect the connection (if any) and forget it. */
  private closeConnection(): void {
    const conn = this.conn;
    this.forgetConnection();
    if (!conn) return;
    try {
      conn.disconnect();
    } catch {
      // Already gone; nothing to undo.
    }
  }

  /** Forget the connection without disconnecting it; the UI hears that a shown one is lost. */
  private forgetConnection(): void {
    this.conn = undefined;
    this.linkUp = false;
    this.pictureWait = undefined;
    this.credentialTypes = undefined;
    this.clearTimer('picture');
    const shown = this.shown;
    this.shown = undefined;
    if (shown) this.emit({ type: 'lost', connection: shown });
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

  /** Clears the attempt timers (a held prefetch keeps its own expiry, in ConsoleUrls). */
  private clearTimers(): void {
    this.clearTimer('retry');
    this.clearTimer('connect');
    this.clearTimer('picture');
    this.clearTimer('poll');
  }

  private update(patch: StatePatch): void {
    const next: Record<string, unknown> = { ...this.state, ...patch, credentialTypes: this.credentialTypes };
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

  private emit(event: ReconnectEvent<C>): void {
    for (const listener of [...this.eventListeners]) {
      try {
        listener(event);
      } catch {
        this.log('listener-error');
      }
    }
  }

  private log(event: string, detail?: Record<string, string | number | boolean | undefined>): void {
    this.deps.log?.(event, detail);
  }
}

export function createReconnectMachine<C extends Connection = Connection>(
  deps: ReconnectDeps<C>,
  options: Partial<ReconnectOptions> = {},
): ReconnectMachine<C> {
  return new ReconnectMachine(deps, options);
}
