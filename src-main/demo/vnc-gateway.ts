// The demo cloud's console gateway: WebSocket upgrades on /vnc?s=<token> are checked the way the real
// service documents (one use, 15 s, 30 connects per instance per minute) and piped to the instance's
// VNC server. Tests get a fault handle to make the network misbehave on purpose.
import { connect as netConnect } from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type WebSocket from 'ws';
import type { BuiltinVncServer } from './vnc-server';
import { TokenBook } from './gateway-tokens';
import type { TokenLogEntry, TokenOutcome } from './gateway-tokens';
import { ConnectLimiter } from './gateway-rate-limit';
import { isWebSocketUpgrade, rejectUpgrade, tokenFromUrl } from './gateway-http';
import { duplexPair } from './gateway-duplex-pair';
import { GatewayLink } from './gateway-link';

export type { TokenLogEntry, TokenOutcome } from './gateway-tokens';

export type VncBackend =
  { kind: 'builtin'; server: BuiltinVncServer } | { kind: 'tcp'; host: string; port: number };

export interface VncGatewayOptions {
  resolveBackend(instanceId: string): VncBackend | undefined;
  /** Connects to a non-running instance are refused (409). */
  isRunning(instanceId: string): boolean;
  /** Injectable clock (ms) for token expiry and the connect cap. */
  now?: () => number;
  /** Default 15000. */
  tokenTtlMs?: number;
  /** Default 30 per instance, in any rolling 60 s. */
  connectsPerMinute?: number;
}

export interface VncGatewayFaults {
  /** Close live connections now, abruptly (no close frame); returns how many. */
  dropAll(instanceId?: string): number;
  /** Drop whatever is live `ms` from now. */
  dropAfter(ms: number, instanceId?: string): void;
  /** Drop every connection (live and future) after a random time in [minMs, maxMs]; null stops. */
  randomDrops(opts: { minMs: number; maxMs: number } | null): void;
  /** Stop forwarding both ways on live connections without closing them (a dead network). */
  blackHole(instanceId?: string): void;
  /** Refuse the next n connects that present a valid token (HTTP 503; the token is spent). */
  refuseNext(n: number): void;
  /** Delay the upgrade and every chunk in each direction by ms. */
  setLatency(ms: number): void;
  /** Close the instance's connections as its VNC server going away would (close code 1000). */
  stopInstance(instanceId: string): void;
  /** Clear latency, refusals, random and pending drops. Black-holed links stay dead. */
  reset(): void;
}

// A backend that does not accept within this long is reported as 502.
const BACKEND_CONNECT_TIMEOUT_MS = 5000;
// noVNC sends frames of at most 10 KiB (its send queue); a bigger one is not a viewer. ws buffers a
// frame whole before handing it on, so this is also what a slow or hostile frame can make us hold.
export const MAX_FRAME_BYTES = 64 * 1024;

export class VncGateway {
  readonly faults: VncGatewayFaults;
  private readonly now: () => number;
  private readonly tokens: TokenBook;
  private readonly limiter: ConnectLimiter;
  private readonly wss: WebSocketServer;
  private readonly links = new Set<GatewayLink>();
  private readonly upgrading = new Set<Duplex>();
  private readonly delayedUpgrades = new Set<ReturnType<typeof setTimeout>>();
  private readonly dropTimers = new Set<ReturnType<typeof setTimeout>>();
  private refuseCount = 0;
  private latencyMs = 0;
  private randomDrop: { minMs: number; maxMs: number } | null = null;
  private closed = false;

  constructor(private readonly opts: VncGatewayOptions) {
    this.now = opts.now ?? Date.now;
    this.tokens = new TokenBook(opts.tokenTtlMs ?? 15_000);
    this.limiter = new ConnectLimiter(opts.connectsPerMinute ?? 30);
    this.wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      maxPayload: MAX_FRAME_BYTES,
      autoPong: false,
      // noVNC offers 'binary' (older versions also 'base64'); without an offer, no subprotocol.
      handleProtocols: (protocols) => (protocols.has('binary') ? 'binary' : false),
    });
    this.faults = this.makeFaults();
  }

  /** Mints a one-time token and returns the DECODED url, as DescribeInstanceVncUrl's value decodes to. */
  mintUrl(
    instanceId: string,
    publicBase: string,
    hints: { password?: string; isWindows: boolean; isUbuntu: boolean },
  ): string {
    const token = this.tokens.mint(instanceId, this.now());
    const base = publicBase.replace(/\/+$/, '');
    const password = encodeURIComponent(hints.password ?? '');
    return `${base}/vnc?s=${token}&password=${password}&isWindows=${hints.isWindows}&isUbuntu=${hints.isUbuntu}`;
  }

  /** Routes an HTTP upgrade for /vnc from an http.Server the simulator owns. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    if (this.closed) return void socket.destroy();
    this.upgrading.add(socket);
    socket.once('close', () => this.upgrading.delete(socket));
    if (this.latencyMs > 0) {
      this.later(this.delayedUpgrades, this.latencyMs, () => this.admit(req, socket, head));
    } else {
      this.admit(req, socket, head);
    }
  }

  tokenLog(): TokenLogEntry[] {
    return this.tokens.log();
  }

  liveConnections(instanceId?: string): number {
    let n = 0;
    for (const l of this.links) if (instanceId === undefined || l.instanceId === instanceId) n++;
    return n;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of [...this.delayedUpgrades, ...this.dropTimers]) clearTimeout(t);
    this.delayedUpgrades.clear();
    this.dropTimers.clear();
    for (const l of [...this.links]) l.drop();
    for (const s of this.upgrading) s.destroy();
    this.upgrading.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private admit(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (socket.destroyed) return;
    const { path, token } = tokenFromUrl(req.url);
    if (path !== '/vnc') return rejectUpgrade(socket, 404, 'Not found');
    if (!isWebSocketUpgrade(req)) return rejectUpgrade(socket, 400, 'Expected a WebSocket upgrade');

    const now = this.now();
    const redeemed = this.tokens.redeem(token, now);
    if (!redeemed.ok) {
      const why = { unknown: 'Unknown token', reused: 'Token already used', expired: 'Token expired' }[
        redeemed.outcome
      ];
      return rejectUpgrade(socket, 403, why);
    }
    const entry = redeemed.entry;
    const instanceId = entry.instanceId;
    const refuse = (
      outcome: TokenOutcome,
      status: number,
      message: string,
      headers?: Record<string, string>,
    ) => {
      entry.outcome = outcome;
      rejectUpgrade(socket, status, message, headers);
    };

    if (this.refuseCount > 0) {
      this.refuseCount--;
      return refuse('refused', 503, 'Console gateway unavailable');
    }
    const backend = this.opts.resolveBackend(instanceId);
    if (!backend || !this.opts.isRunning(instanceId)) {
      return refuse('not-running', 409, 'Instance is not running');
    }
    const waitMs = this.limiter.waitMs(instanceId, now);
    if (waitMs > 0) {
      return refuse('rate-limited', 429, 'Too many console connections for this instance', {
        'Retry-After': String(Math.ceil(waitMs / 1000)),
      });
    }
    // Only accepted connects count, but the slot is taken now so that connects racing a slow
    // backend cannot overshoot the cap; it is given back if this one fails after all.
    this.limiter.record(instanceId, now);
    const giveBack = () => this.limiter.forget(instanceId, now);

    this.openBackend(backend, (stream) => {
      if (!stream || stream.destroyed) {
        giveBack();
        return refuse('refused', 502, 'VNC server unreachable');
      }
      if (socket.destroyed || !socket.readable || !socket.writable || this.closed) {
        // The viewer left while the backend was connecting.
        giveBack();
        entry.outcome = 'refused';
        stream.destroy();
        return void socket.destroy();
      }
      entry.outcome = 'accepted';
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        this.upgrading.delete(socket);
        this.attach(instanceId, ws, stream);
      });
    });
  }

  private openBackend(backend: VncBackend, done: (stream: Duplex | undefined) => void): void {
    if (backend.kind === 'builtin') {
      const [gatewayEnd, serverEnd] = duplexPair();
      backend.server.handle(serverEnd);
      return done(gatewayEnd);
    }
    const sock = netConnect({ host: backend.host, port: backend.port });
    const timer = setTimeout(() => sock.destroy(), BACKEND_CONNECT_TIMEOUT_MS);
    sock.setNoDelay(true);
    let settled = false;
    const fail = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      done(undefined);
    };
    sock.once('error', fail);
    sock.once('close', fail);
    sock.once('connect', () => {
      settled = true;
      clearTimeout(timer);
      sock.off('error', fail);
      sock.off('close', fail);
      sock.on('error', () => sock.destroy());
      done(sock);
    });
  }

  private attach(instanceId: string, ws: WebSocket, backend: Duplex): void {
    const link = new GatewayLink(
      instanceId,
      ws,
      backend,
      () => this.latencyMs,
      (l) => this.links.delete(l),
    );
    this.links.add(link);
    if (this.randomDrop) link.dropAfter(this.randomDelay(this.randomDrop));
  }

  private randomDelay(r: { minMs: number; maxMs: number }): number {
    return r.minMs + Math.random() * Math.max(0, r.maxMs - r.minMs);
  }

  private later(set: Set<ReturnType<typeof setTimeout>>, ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      set.delete(t);
      fn();
    }, ms);
    set.add(t);
  }

  private selected(instanceId?: string): GatewayLink[] {
    return [...this.links].filter((l) => instanceId === undefined || l.instanceId === instanceId);
  }

  private makeFaults(): VncGatewayFaults {
    return {
      dropAll: (instanceId) => {
        const victims = this.selected(instanceId);
        for (const l of victims) l.drop();
        return victims.length;
      },
      dropAfter: (ms, instanceId) => {
        this.later(this.dropTimers, ms, () => this.faults.dropAll(instanceId));
      },
      randomDrops: (opts) => {
        this.randomDrop = opts;
        for (const l of this.links) l.dropAfter(opts ? this.randomDelay(opts) : undefined);
      },
      blackHole: (instanceId) => {
        for (const l of this.selected(instanceId)) l.blackHole();
      },
      refuseNext: (n) => {
        this.refuseCount = Math.max(0, Math.floor(n));
      },
      setLatency: (ms) => {
        this.latencyMs = Math.max(0, ms);
      },
      stopInstance: (instanceId) => {
        for (const l of this.selected(instanceId)) l.closeGracefully(1000, 'Instance stopped');
      },
      reset: () => {
        this.refuseCount = 0;
        this.latencyMs = 0;
        this.faults.randomDrops(null);
        for (const t of this.dropTimers) clearTimeout(t);
        this.dropTimers.clear();
      },
    };
  }
}
