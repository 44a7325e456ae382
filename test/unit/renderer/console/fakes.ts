// Deterministic stand-ins for the machine's seams: a manual clock, a scripted URL source and a
// scripted connector that records every URL it was handed and when.
import type { ErrorEnvelope } from '../../../../src-main/contract';
import type {
  Clock,
  CloseInfo,
  Connection,
  ConnectionEvents,
  ConsoleUrlHints,
  CredentialsAnswer,
  IssuedConsoleUrl,
} from '../../../../src-renderer/console/connector';
import { createReconnectMachine } from '../../../../src-renderer/console/reconnect-machine';
import type { ReconnectMachine } from '../../../../src-renderer/console/reconnect-machine';
import type {
  ReconnectDeps,
  ReconnectEvent,
  ReconnectOptions,
  ReconnectState,
} from '../../../../src-renderer/console/reconnect-types';

interface Timer {
  id: number;
  at: number;
  fn: () => void;
}

/** Timers fire in time order; promise callbacks settle between timers, as in a real event loop. */
export class FakeClock implements Clock {
  private current = 1_700_000_000_000;
  private timers: Timer[] = [];
  private seq = 0;

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const timer = { id: ++this.seq, at: this.current + Math.max(0, ms), fn };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  pending(): number {
    return this.timers.length;
  }

  async advance(ms: number): Promise<void> {
    const end = this.current + ms;
    await settle();
    for (;;) {
      const next = this.earliest();
      if (!next || next.at > end) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.current = next.at;
      next.fn();
      await settle();
    }
    this.current = end;
    await settle();
  }

  private earliest(): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers)
      if (!best || t.at < best.at || (t.at === best.at && t.id < best.id)) best = t;
    return best;
  }
}

/** Lets every queued promise callback run (a macrotask turn drains the microtask queue). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export type UrlOutcome =
  | { ok: true; delayMs?: number; url?: string; hints?: ConsoleUrlHints }
  | { ok: false; error: ErrorEnvelope | unknown; delayMs?: number };

export interface IssuedRecord {
  url: string;
  requestedAt: number;
  issuedAt?: number;
}

/** A URL source answering from a script (then from `fallback`), every URL unique unless told. */
export class FakeUrlSource {
  readonly requests: IssuedRecord[] = [];
  script: UrlOutcome[] = [];
  fallback: () => UrlOutcome = () => ({ ok: true });
  private seq = 0;

  constructor(private readonly clock: FakeClock) {}

  readonly issueUrl = (): Promise<IssuedConsoleUrl> => {
    const outcome = this.script.shift() ?? this.fallback();
    const record: IssuedRecord = { url: '', requestedAt: this.clock.now() };
    this.requests.push(record);
    return new Promise((resolve, reject) => {
      const finish = (): void => {
        if (!outcome.ok) return reject(outcome.error);
        const url = outcome.url ?? `wss://gzvnc.qcloud.com:26789/vnc?s=tok${++this.seq}&password=pw`;
        record.url = url;
        record.issuedAt = this.clock.now();
        resolve({ url, issuedAt: this.clock.now(), hints: outcome.hints ?? { password: 'pw' } });
      };
      if (outcome.delayMs) this.clock.setTimeout(finish, outcome.delayMs);
      else finish();
    });
  };
}

/** How long after its handshake a fake connection's first complete picture is drawn, by default. */
export const PICTURE_AFTER_MS = 10;

export type ConnectBehaviour =
  /**
   * Handshake completes after `afterMs` (default 20); the first complete picture follows
   * `pictureAfterMs` later (default PICTURE_AFTER_MS; null: never). Then, optionally, the link closes
   * or goes silent, `dropAfterMs` / `silentAfterMs` after the handshake.
   */
  | {
      kind: 'connect';
      afterMs?: number;
      pictureAfterMs?: number | null;
      dropAfterMs?: number;
      silentAfterMs?: number;
    }
  /** Closes before the handshake completes. */
  | { kind: 'refuse'; afterMs?: number }
  /** Neither connects nor closes (black hole during the handshake). */
  | { kind: 'hang' }
  /** Throws synchronously from connect(). */
  | { kind: 'throw' };

export class FakeConnection implements Connection {
  disconnects = 0;
  probes = 0;
  readonly credentials: CredentialsAnswer[] = [];
  /** When true, the link is black-holed: probes go unanswered and nothing arrives. */
  silent = false;
  connected = false;
  closed = false;
  connectedAt: number | undefined;
  silentAt: number | undefined;
  disconnectedAt: number | undefined;

  constructor(
    readonly url: string,
    readonly hints: ConsoleUrlHints,
    readonly events: ConnectionEvents,
    readonly openedAt: number,
    private readonly clock: FakeClock,
  ) {}

  disconnect(): void {
    this.disconnects++;
    this.disconnectedAt ??= this.clock.now();
    if (this.closed) return;
    this.closed = true;
    // Like noVNC after rfb.disconnect(): a 'disconnect' event with clean: true follows.
    this.clock.setTimeout(() => this.events.closed({}), 1);
  }

  sendCredentials(answer: CredentialsAnswer): void {
    this.credentials.push(answer);
  }

  probe(): void {
    this.probes++;
    if (this.silent || this.closed) return;
    this.clock.setTimeout(() => {
      if (!this.silent && !this.closed) this.events.data();
    }, 3);
  }

  /** The link black-holes: nothing arrives any more, nothing closes. */
  goSilent(): void {
    this.silent = true;
    this.silentAt ??= this.clock.now();
  }

  /** The server (or gateway) closes the link; noVNC would report clean: true. */
  serverClose(info: CloseInfo = {}): void {
    if (this.closed) return;
    this.closed = true;
    this.events.closed(info);
  }
}

export class FakeConnector {
  readonly connections: FakeConnection[] = [];
  script: ConnectBehaviour[] = [];
  fallback: () => ConnectBehaviour = () => ({ kind: 'connect', afterMs: 20 });

  constructor(private readonly clock: FakeClock) {}

  readonly connect = (url: string, hints: ConsoleUrlHints, events: ConnectionEvents): Connection => {
    const behaviour = this.script.shift() ?? this.fallback();
    if (behaviour.kind === 'throw') throw new Error(`cannot open ${url}`);
    const conn = new FakeConnection(url, hints, events, this.clock.now(), this.clock);
    this.connections.push(conn);
    if (behaviour.kind === 'connect') {
      this.clock.setTimeout(() => {
        if (conn.closed) return;
        conn.connected = true;
        conn.connectedAt = this.clock.now();
        events.connected();
        const { pictureAfterMs = PICTURE_AFTER_MS, dropAfterMs, silentAfterMs } = behaviour;
        if (pictureAfterMs !== null)
          this.clock.setTimeout(() => !conn.closed && events.picture(), pictureAfterMs);
        if (dropAfterMs !== undefined) this.clock.setTimeout(() => conn.serverClose(), dropAfterMs);
        if (silentAfterMs !== undefined)
          this.clock.setTimeout(() => !conn.closed && conn.goSilent(), silentAfterMs);
      }, behaviour.afterMs ?? 20);
    } else if (behaviour.kind === 'refuse') {
      this.clock.setTimeout(() => conn.serverClose({ detail: 'refused' }), behaviour.afterMs ?? 5);
    }
    return conn;
  };

  last(): FakeConnection {
    const conn = this.connections.at(-1);
    if (!conn) throw new Error('no connection was opened');
    return conn;
  }
}

export interface Harness {
  clock: FakeClock;
  urls: FakeUrlSource;
  connector: FakeConnector;
  machine: ReconnectMachine;
  states: ReconnectState[];
  events: ReconnectEvent[];
  logs: string[];
  instance: {
    state: string;
    starts: number;
    startError?: unknown;
    stateError?: unknown;
    stateQueue: string[];
  };
}

/** A machine wired to fakes; `random` defaults to 0.5, i.e. no jitter. */
export function harness(
  options: Partial<ReconnectOptions> = {},
  random: () => number = () => 0.5,
  extra: Pick<ReconnectDeps, 'autoReconnect'> = {},
): Harness {
  const clock = new FakeClock();
  const urls = new FakeUrlSource(clock);
  const connector = new FakeConnector(clock);
  const instance: Harness['instance'] = { state: 'RUNNING', starts: 0, stateQueue: [] };
  const logs: string[] = [];
  const machine = createReconnectMachine(
    {
      clock,
      random,
      issueUrl: urls.issueUrl,
      connect: connector.connect,
      getInstanceState: async () => {
        if (instance.stateError) throw instance.stateError;
        return instance.stateQueue.shift() ?? instance.state;
      },
      startInstance: async () => {
        instance.starts++;
        if (instance.startError) throw instance.startError;
      },
      log: (event, detail) => logs.push(`${event} ${JSON.stringify(detail ?? {})}`),
      ...extra,
    },
    options,
  );
  const states: ReconnectState[] = [];
  machine.subscribe((s) => states.push(s));
  const events: ReconnectEvent[] = [];
  machine.onEvent((e) => events.push(e));
  return { clock, urls, connector, machine, states, events, logs, instance };
}

export const envelope = (
  kind: ErrorEnvelope['kind'],
  code: string,
  retryAfterMs?: number,
): ErrorEnvelope => ({
  kind,
  code,
  message: `${kind} ${code}`,
  ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
});

export { maxInAnyWindow, seededRandom } from '../../../support/timeline';
