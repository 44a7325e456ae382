// A local Tencent Cloud API 3.0 endpoint for the CVM actions the app uses. It answers like the
// real service: TC3 signature and ±5 min window, per-action rate limits, documented error
// codes in {"Response":{"Error":{Code,Message},RequestId}} with HTTP 200, and a Date header on
// every response so a client can correct its clock. Each key may carry a CAM policy (which
// actions it may call), and STS AssumeRole issues temporary keys for configured roles.
// Tests drive it through `control`.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { verifyRequest, type DemoCredential } from './api-auth';
import { ApiError, defaultMessage } from './api-errors';
import { resolveAction, runAction } from './api-actions';
import { parseParams } from './api-params';
import { camAllows, mintTemporaryCredential, type DemoRole, type StsBackend } from './api-sts';
import { RateLimiter } from './api-rate-limit';
import { findRegion } from './fleet-catalog';
import type { Fleet, InstanceRecord, InstanceState } from './fleet';

/** POST body limit of the real API. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** What a region made to fail answers by default: the key may not use that region. */
export const DEFAULT_REGION_FAULT = 'AuthFailure.UnauthorizedOperation';
/** A demo left running for days keeps only the most recent requests. */
const MAX_LOG_ENTRIES = 20_000;
/** Expired temporary keys are still recognised (TokenFailure) this long, then forgotten. */
const EXPIRED_KEY_GRACE_MS = 60 * 60_000;

export interface RequestLogEntry {
  /** Server time (epoch ms) the request arrived. */
  at: number;
  requestId: string;
  service?: string;
  action?: string;
  version?: string;
  region?: string;
  secretId?: string;
  instanceIds?: string[];
  /** 'ok', the error code returned, 'http-<status>' or 'dropped'. */
  outcome: string;
}

export interface VncUrlHints {
  password?: string;
  isWindows: boolean;
  isUbuntu: boolean;
}

/** Mints a decoded console URL for a RUNNING instance (the gateway does this in the demo cloud). */
export type VncUrlMinter = (instance: Readonly<InstanceRecord>, hints: VncUrlHints) => string;

export interface ApiSimulatorOptions {
  fleet: Fleet;
  credentials: DemoCredential[];
  /** Roles STS AssumeRole can issue temporary keys for. */
  roles?: DemoRole[];
  /** Server clock, epoch ms (default Date.now). The same clock should drive the fleet. */
  now?: () => number;
  /** Added to every request (ms). */
  latencyMs?: number;
  mintVncUrl?: VncUrlMinter;
  /** Told when control.stopInstance() cuts an instance off (the gateway drops its viewers). */
  onInstanceStopped?: (instanceId: string) => void;
  /** Called after each request with its log entry (for a console log; holds no secret). */
  onRequest?: (entry: RequestLogEntry) => void;
}

interface Fault {
  kind: 'error' | 'http' | 'drop';
  remaining: number;
  action?: string;
  code?: string;
  message?: string;
  status?: number;
}

/** The test/control handle. Never exposes SecretKeys. */
export interface SimulatorControl {
  readonly fleet: Fleet;
  /** Forces a state (see Fleet.setState). */
  setState(
    instanceId: string,
    state: InstanceState,
    opts?: { settleTo?: InstanceState; afterMs?: number },
  ): void;
  /** The instance is STOPPED at once and its console viewers are dropped. */
  stopInstance(instanceId: string): void;
  /** Latency for every request (no action) or for one action (ms); null clears an action's override. */
  setLatency(ms: number | null, action?: string): void;
  /** Shifts the server clock (ms), e.g. to make a client's timestamps look skewed. */
  setClockOffset(ms: number): void;
  /** Server time as the simulator sees it (epoch ms). */
  serverNow(): number;
  /** The next `count` (default 1) signed requests (of `action`, if given) fail with this code. */
  failNext(code: string, opts?: { count?: number; action?: string; message?: string }): void;
  /** The next requests get a bare HTTP error (e.g. 502) instead of an API answer. */
  failNextHttp(status: number, opts?: { count?: number; action?: string }): void;
  /** The next requests have their connection destroyed without an answer. */
  dropNext(opts?: { count?: number; action?: string }): void;
  /**
   * From now on each signed request (of `action`, if given) fails with one of `codes` (default
   * InternalError) with probability `rate` (0..1), after the rate limit like failNext; null stops.
   */
  failRandomly(opts: { rate: number; codes?: string[]; action?: string; random?: () => number } | null): void;
  /**
   * Every signed request for `region` fails with `code` (default AuthFailure.UnauthorizedOperation,
   * as for a key whose CAM policy leaves that region out) until cleared with `null`.
   */
  failRegion(region: string, code?: string | null): void;
  /** Overrides a rate limit (requests per second; Infinity disables it). */
  setRateLimit(action: string, perSecond: number, service?: string): void;
  addCredential(credential: DemoCredential): void;
  removeCredential(secretId: string): void;
  addRole(role: DemoRole): void;
  removeRole(arn: string): void;
  /** How many temporary keys AssumeRole has issued (a test counts renewals with it). */
  issuedTemporaryKeys(): number;
  requestLog(): RequestLogEntry[];
  clearRequestLog(): void;
  /** Clears faults, latency overrides, clock offset, rate-limit overrides and the log. */
  reset(): void;
}

export class ApiSimulator {
  readonly control: SimulatorControl;
  private readonly fleet: Fleet;
  private readonly credentials = new Map<string, DemoCredential>();
  private readonly roles = new Map<string, DemoRole>();
  private issued = 0;
  private readonly now: () => number;
  private readonly limiter: RateLimiter;
  private readonly mint: VncUrlMinter;
  private readonly baseLatency: number;
  private globalLatency: number;
  private readonly actionLatency = new Map<string, number>();
  private clockOffset = 0;
  private faults: Fault[] = [];
  private randomFailure: { rate: number; codes: string[]; action?: string; random: () => number } | undefined;
  private readonly regionFaults = new Map<string, string>();
  private log: RequestLogEntry[] = [];
  private readonly timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private closed = false;
  private readonly onRequest: ((entry: RequestLogEntry) => void) | undefined;

  constructor(opts: ApiSimulatorOptions) {
    this.fleet = opts.fleet;
    for (const c of opts.credentials) this.credentials.set(c.secretId, { ...c });
    for (const r of opts.roles ?? []) this.roles.set(r.arn, { ...r });
    this.now = opts.now ?? Date.now;
    // The clock offset only skews what the server reports; rate limiting keeps steady time.
    this.limiter = new RateLimiter(this.now);
    this.mint = opts.mintVncUrl ?? placeholderVncUrl;
    this.baseLatency = opts.latencyMs ?? 0;
    this.globalLatency = this.baseLatency;
    this.onRequest = opts.onRequest;
    this.control = this.makeControl(opts.onInstanceStopped);
  }

  private serverNow(): number {
    return this.now() + this.clockOffset;
  }

  /** Handles one HTTP request (mount it on any node:http server). */
  handle(req: IncomingMessage, res: ServerResponse): void {
    this.process(req, res).catch(() => {
      if (!res.headersSent) this.sendError(res, randomUUID(), new ApiError('InternalError'));
      else res.destroy();
    });
  }

  /** Stops pending latency timers so a closing server is not held open. */
  close(): void {
    this.closed = true;
    for (const t of this.timers) {
      clearTimeout(t.timer);
      t.resolve();
    }
    this.timers.clear();
  }

  private async process(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const entry: RequestLogEntry = { at: this.serverNow(), requestId, outcome: '' };
    const finish = (outcome: string): void => {
      entry.outcome = outcome;
      this.log.push(entry);
      if (this.log.length > MAX_LOG_ENTRIES) this.log.splice(0, this.log.length - MAX_LOG_ENTRIES);
      this.onRequest?.({ ...entry });
    };
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/') {
      res.writeHead(404, { Date: this.dateHeader(), 'Content-Type': 'text/plain' }).end('Not Found');
      return finish('http-404');
    }
    if (req.method !== 'POST') {
      this.sendError(res, requestId, new ApiError('UnsupportedProtocol'));
      return finish('UnsupportedProtocol');
    }
    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === 'too-large') {
      this.sendError(res, requestId, new ApiError('RequestSizeLimitExceeded'));
      return finish('RequestSizeLimitExceeded');
    }
    const action = headerOf(req, 'x-tc-action');
    const version = headerOf(req, 'x-tc-version');
    const region = headerOf(req, 'x-tc-region');
    if (action) entry.action = action;
    if (version) entry.version = version;
    if (region) entry.region = region;

    await this.delay(this.actionLatency.get(action ?? '') ?? this.globalLatency);
    if (this.closed) {
      res.destroy();
      return finish('dropped');
    }

    const transport = this.takeFault(action, ['http', 'drop']);
    if (transport?.kind === 'drop') {
      req.socket.destroy();
      return finish('dropped');
    }
    if (transport?.kind === 'http') {
      const status = transport.status ?? 502;
      res
        .writeHead(status, { Date: this.dateHeader(), 'Content-Type': 'text/html' })
        .end(`<html><body><h1>${status}</h1></body></html>`);
      return finish(`http-${status}`);
    }

    try {
      if (!action)
        throw new ApiError('MissingParameter', 'The request is missing a required parameter `Action`.');
      const auth = verifyRequest({
        headers: req.headers,
        body,
        nowMs: this.serverNow(),
        lookup: (id) => this.credentials.get(id),
      });
      if (auth.secretId) entry.secretId = auth.secretId;
      if (!auth.ok) throw auth.error;
      entry.secretId = auth.secretId;
      entry.service = auth.service;
      const spec = resolveAction(auth.service, version, action);
      if (!camAllows(this.credentials.get(auth.secretId)?.allow, auth.service, action)) {
        throw new ApiError(
          'AuthFailure.UnauthorizedOperation',
          `You are not authorized to perform operation (${auth.service}:${action}): ` +
            'the CAM policy of this key does not allow it.',
        );
      }
      if (!this.limiter.take(auth.secretId, auth.service, action)) {
        const rate = this.limiter.limit(auth.service, action);
        throw new ApiError(
          'RequestLimitExceeded',
          `Your request rate exceeds the frequency limit of ${rate} requests per second for ${action}.`,
        );
      }
      const injected = this.takeFault(action, ['error']);
      if (injected) throw new ApiError(injected.code ?? 'InternalError', injected.message);
      const regionFault = region === undefined ? undefined : this.regionFaults.get(region);
      if (regionFault) throw new ApiError(regionFault, `${defaultMessage(regionFault)} (region ${region})`);
      const params = parseParams(body);
      const ids = instanceIdsOf(params);
      if (ids) entry.instanceIds = ids;
      const randomCode = this.randomFailureCode(action);
      if (randomCode) throw new ApiError(randomCode);
      const result = runAction(
        spec,
        {
          service: auth.service,
          action,
          region,
          language: headerOf(req, 'x-tc-language'),
          params,
          requestId,
          caller: auth.secretId,
          sts: this.sts,
          fleet: this.fleet,
          mintVncUrl: (rec) => this.mint(rec, hintsFor(rec)),
        },
        headerOf(req, 'host') ?? '',
      );
      this.send(res, { Response: { ...result, RequestId: requestId } });
      finish('ok');
    } catch (err) {
      const apiErr = err instanceof ApiError ? err : new ApiError('InternalError');
      this.sendError(res, requestId, apiErr);
      finish(apiErr.code);
    }
  }

  private readonly sts: StsBackend = {
    findRole: (arn) => this.roles.get(arn),
    issue: (role, seconds) => {
      const now = this.serverNow();
      for (const [id, c] of this.credentials) {
        if (c.token !== undefined && c.expiresAt !== undefined && c.expiresAt + EXPIRED_KEY_GRACE_MS < now)
          this.credentials.delete(id);
      }
      const cred = mintTemporaryCredential(now + seconds * 1000);
      this.credentials.set(cred.secretId, { ...cred, ...(role.allow ? { allow: role.allow } : {}) });
      this.issued += 1;
      return cred;
    },
  };

  private dateHeader(): string {
    return new Date(this.serverNow()).toUTCString();
  }

  private send(res: ServerResponse, payload: unknown): void {
    const json = JSON.stringify(payload);
    res.writeHead(200, {
      Date: this.dateHeader(),
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(json),
    });
    res.end(json);
  }

  private sendError(res: ServerResponse, requestId: string, err: ApiError): void {
    this.send(res, { Response: { Error: { Code: err.code, Message: err.message }, RequestId: requestId } });
  }

  private takeFault(action: string | undefined, kinds: Fault['kind'][]): Fault | undefined {
    const fault = this.faults.find(
      (f) => kinds.includes(f.kind) && (f.action === undefined || f.action === action),
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault;
  }

  private randomFailureCode(action: string): string | undefined {
    const f = this.randomFailure;
    if (!f || (f.action !== undefined && f.action !== action) || f.random() >= f.rate) return undefined;
    return f.codes[Math.floor(f.random() * f.codes.length)];
  }

  private delay(ms: number): Promise<void> {
    if (ms <= 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const handle = {
        timer: setTimeout(() => {
          this.timers.delete(handle);
          resolve();
        }, ms),
        resolve,
      };
      this.timers.add(handle);
    });
  }

  private makeControl(onInstanceStopped?: (id: string) => void): SimulatorControl {
    const fault = (f: Omit<Fault, 'remaining'>, count = 1): void => {
      if (!Number.isInteger(count) || count < 1) throw new Error('count must be a positive integer');
      this.faults.push({ ...f, remaining: count });
    };
    return {
      fleet: this.fleet,
      setState: (id, state, opts) => this.fleet.setState(id, state, opts),
      stopInstance: (id) => {
        this.fleet.setState(id, 'STOPPED');
        onInstanceStopped?.(id);
      },
      setLatency: (ms, action) => {
        if (action === undefined) this.globalLatency = ms ?? this.baseLatency;
        else if (ms === null) this.actionLatency.delete(action);
        else this.actionLatency.set(action, ms);
      },
      setClockOffset: (ms) => {
        this.clockOffset = ms;
      },
      serverNow: () => this.serverNow(),
      failNext: (code, opts = {}) =>
        fault(
          { kind: 'error', code, message: opts.message ?? defaultMessage(code), action: opts.action },
          opts.count,
        ),
      failNextHttp: (status, opts = {}) => fault({ kind: 'http', status, action: opts.action }, opts.count),
      dropNext: (opts = {}) => fault({ kind: 'drop', action: opts.action }, opts.count),
      failRandomly: (opts) => {
        if (opts === null) {
          this.randomFailure = undefined;
          return;
        }
        if (!(opts.rate >= 0 && opts.rate <= 1)) throw new Error('rate must be between 0 and 1');
        const codes = opts.codes ?? ['InternalError'];
        if (codes.length === 0) throw new Error('codes must not be empty');
        this.randomFailure = {
          rate: opts.rate,
          codes,
          random: opts.random ?? Math.random,
          ...(opts.action !== undefined ? { action: opts.action } : {}),
        };
      },
      failRegion: (region, code = DEFAULT_REGION_FAULT) => {
        if (code === null) this.regionFaults.delete(region);
        else this.regionFaults.set(region, code);
      },
      setRateLimit: (action, perSecond, service = 'cvm') => this.limiter.setLimit(service, action, perSecond),
      addCredential: (c) => {
        this.credentials.set(c.secretId, { ...c });
      },
      removeCredential: (id) => {
        this.credentials.delete(id);
      },
      addRole: (role) => {
        this.roles.set(role.arn, { ...role });
      },
      removeRole: (arn) => {
        this.roles.delete(arn);
      },
      issuedTemporaryKeys: () => this.issued,
      requestLog: () => this.log.map((e) => ({ ...e })),
      clearRequestLog: () => {
        this.log = [];
      },
      reset: () => {
        this.faults = [];
        this.randomFailure = undefined;
        this.regionFaults.clear();
        this.actionLatency.clear();
        this.globalLatency = this.baseLatency;
        this.clockOffset = 0;
        this.limiter.reset();
        this.log = [];
      },
    };
  }
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function instanceIdsOf(params: Record<string, unknown>): string[] | undefined {
  const ids = params['InstanceIds'];
  if (Array.isArray(ids)) return ids.filter((x): x is string => typeof x === 'string').slice(0, 100);
  const id = params['InstanceId'];
  return typeof id === 'string' ? [id] : undefined;
}

export function hintsFor(rec: Readonly<InstanceRecord>): VncUrlHints {
  return {
    ...(rec.vncPassword ? { password: rec.vncPassword } : {}),
    isWindows: rec.platform === 'windows',
    isUbuntu: /ubuntu/i.test(rec.osName),
  };
}

/** Without a gateway: a URL shaped like the real one (regional host, base64 token), not connectable. */
export function placeholderVncUrl(rec: Readonly<InstanceRecord>, hints: VncUrlHints): string {
  const host = findRegion(rec.region)?.vncHost ?? 'gzvnc.qcloud.com:26789';
  const token = randomBytes(96).toString('base64');
  return (
    `wss://${host}/vnc?s=${token}&password=${encodeURIComponent(hints.password ?? '')}` +
    `&isWindows=${hints.isWindows}&isUbuntu=${hints.isUbuntu}`
  );
}

/** A stand-alone simulator on 127.0.0.1 (tests that need no gateway). */
export async function startApiSimulator(opts: ApiSimulatorOptions & { port?: number }): Promise<{
  simulator: ApiSimulator;
  server: Server;
  port: number;
  endpoint: string;
  close(): Promise<void>;
}> {
  const simulator = new ApiSimulator(opts);
  const server = createServer((req, res) => simulator.handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    simulator,
    server,
    port,
    endpoint: `http://127.0.0.1:${port}`,
    close: () => closeServer(server, simulator),
  };
}

export function closeServer(server: Server, simulator: ApiSimulator): Promise<void> {
  simulator.close();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
