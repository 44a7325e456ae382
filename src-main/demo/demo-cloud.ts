// The demo cloud: one loopback HTTP server that is both the simulated API endpoint (POST /)
// and the console gateway (WebSocket upgrade on /vnc), over one seeded fleet. Built-in VNC
// servers are created lazily, per instance, on first connect; any instance can be pointed at
// a real VNC server over TCP instead (tests use TigerVNC's Xvnc).
import { createServer, type Server } from 'node:http';
import { randomInt } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { DemoCredential } from './api-auth';
import type { DemoRole } from './api-sts';
import { ApiSimulator, type RequestLogEntry, type SimulatorControl } from './api-simulator';
import {
  DEMO_INSTANCES,
  Fleet,
  type DemoInstanceSpec,
  type InstanceRecord,
  type TransitionTimes,
} from './fleet';
import { BuiltinVncServer } from './vnc-server';
import { VncGateway, type VncBackend } from './vnc-gateway';

export interface DemoCloudOptions {
  /** Fleet size including the well-known demo instances (default 500). */
  instances?: number;
  seed?: number | string;
  /** Latency added to every API request, ms (default 0). */
  latencyMs?: number;
  /** Keys the API accepts; the first is the one reported. Default: one random key per run. */
  credentials?: DemoCredential | DemoCredential[];
  /** Roles STS AssumeRole serves. Default: DEMO_ROLE_ARN, which the reported key may assume. */
  roles?: DemoRole[];
  /** Per-instance VNC backends replacing the built-in server, e.g. a real Xvnc. */
  backends?: Record<string, VncBackend>;
  /** Clock for the fleet, the API and the gateway (epoch ms). */
  now?: () => number;
  /** Port on 127.0.0.1 (default: a free one). */
  port?: number;
  transitions?: Partial<TransitionTimes>;
  gateway?: { tokenTtlMs?: number; connectsPerMinute?: number };
  /** Called after every API request (the CLI prints these). */
  onRequest?: (entry: RequestLogEntry) => void;
  /** Regions that fail every request from the start, with the error code (see SimulatorControl.failRegion). */
  failRegions?: Record<string, string>;
}

export interface DemoCloud {
  /** `http://127.0.0.1:PORT`: the API endpoint to give the cloud client. */
  readonly endpoint: string;
  readonly port: number;
  /** `ws://127.0.0.1:PORT`: where console URLs point. */
  readonly vncBase: string;
  /** The reported key (SecretKey included: the caller hands it to the client; never log it). */
  readonly credentials: { secretId: string; secretKey: string; token?: string };
  readonly fleet: Fleet;
  /** The well-known instances present in this fleet (ins-demo0001 …). */
  readonly demoInstances: readonly DemoInstanceSpec[];
  readonly simulator: SimulatorControl;
  readonly gateway: VncGateway;
  /** The built-in VNC server of an instance (created on demand); undefined for TCP backends or unknown ids. */
  vncServer(instanceId: string): BuiltinVncServer | undefined;
  /** Points an instance at another backend (undefined: back to the built-in server). */
  setBackend(instanceId: string, backend: VncBackend | undefined): void;
  close(): Promise<void>;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomText(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALNUM[randomInt(ALNUM.length)];
  return s;
}

/** The demo cloud's own role, so a role profile can be tried without an account. */
export const DEMO_ROLE_ARN = 'qcs::cam::uin/100000000001:roleName/cvm-console-demo';

/** A fresh key per run, shaped like a real one (36-char AKID… SecretId, 32-char SecretKey). */
export function generateDemoCredential(): DemoCredential {
  return { secretId: `AKID${randomText(32)}`, secretKey: randomText(32) };
}

/**
 * What the built-in console shows: a Linux banner like "TencentOS Server 3.1 (TK4) web-prod-01 tty1",
 * or the Windows product name. The bitmap font is ASCII, so an unnamed (未命名) instance shows its id.
 */
export function consoleIdentity(rec: Readonly<InstanceRecord>): { title: string; hostname: string } {
  const ascii = (s: string): boolean => /^[\x20-\x7e]+$/.test(s);
  const host = ascii(rec.name) ? rec.name.replace(/\s+/g, '-') : rec.id;
  if (rec.platform === 'windows') {
    const product = /Windows Server \d+/.exec(rec.osName)?.[0] ?? 'Windows Server';
    return { title: `${product} - ${host}`, hostname: host.toUpperCase().slice(0, 15) };
  }
  const os = ascii(rec.osName) ? rec.osName.replace(/\s+64bit$/, '') : 'Linux';
  return { title: `${os} ${host} tty1`, hostname: host };
}

export async function startDemoCloud(opts: DemoCloudOptions = {}): Promise<DemoCloud> {
  const now = opts.now ?? Date.now;
  const fleet = new Fleet({
    size: opts.instances ?? 500,
    seed: opts.seed ?? 1,
    now,
    ...(opts.transitions ? { transitions: opts.transitions } : {}),
  });
  const credentials = opts.credentials
    ? Array.isArray(opts.credentials)
      ? opts.credentials
      : [opts.credentials]
    : [generateDemoCredential()];
  const primary = credentials[0];
  if (!primary) throw new Error('startDemoCloud: credentials must not be empty');

  const overrides = new Map<string, VncBackend>(Object.entries(opts.backends ?? {}));
  const builtins = new Map<string, BuiltinVncServer>();

  const builtinFor = (id: string): BuiltinVncServer | undefined => {
    if (overrides.has(id)) return undefined;
    const existing = builtins.get(id);
    if (existing) return existing;
    const rec = fleet.get(id);
    if (!rec) return undefined;
    const server = new BuiltinVncServer({
      ...consoleIdentity(rec),
      flavour: rec.platform,
      ...(rec.vncPassword ? { password: rec.vncPassword } : {}),
    });
    builtins.set(id, server);
    return server;
  };

  const gateway = new VncGateway({
    resolveBackend: (id) => {
      const override = overrides.get(id);
      if (override) return override;
      const server = builtinFor(id);
      return server ? { kind: 'builtin', server } : undefined;
    },
    isRunning: (id) => fleet.get(id)?.state === 'RUNNING',
    now,
    ...(opts.gateway?.tokenTtlMs !== undefined ? { tokenTtlMs: opts.gateway.tokenTtlMs } : {}),
    ...(opts.gateway?.connectsPerMinute !== undefined
      ? { connectsPerMinute: opts.gateway.connectsPerMinute }
      : {}),
  });

  // An instance that stops or reboots takes its console down as its VNC server going away would,
  // and the built-in server is discarded so the next boot starts from a fresh banner.
  fleet.onStateChange((change) => {
    if (change.from !== 'RUNNING' || change.to === 'RUNNING') return;
    gateway.faults.stopInstance(change.instanceId);
    const server = builtins.get(change.instanceId);
    if (server) {
      builtins.delete(change.instanceId);
      void server.close();
    }
  });

  let vncBase = '';
  const simulator = new ApiSimulator({
    fleet,
    credentials,
    roles: opts.roles ?? [{ arn: DEMO_ROLE_ARN, trustedSecretIds: [primary.secretId] }],
    now,
    latencyMs: opts.latencyMs ?? 0,
    mintVncUrl: (rec, hints) => gateway.mintUrl(rec.id, vncBase, hints),
    ...(opts.onRequest ? { onRequest: opts.onRequest } : {}),
  });

  for (const [region, code] of Object.entries(opts.failRegions ?? {}))
    simulator.control.failRegion(region, code);

  const server: Server = createServer((req, res) => simulator.handle(req, res));
  server.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '').split('?')[0];
    if (path === '/vnc') {
      gateway.handleUpgrade(req, socket, head);
      return;
    }
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  vncBase = `ws://127.0.0.1:${port}`;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      simulator.close();
      await gateway.close();
      await Promise.all([...builtins.values()].map((s) => s.close()));
      builtins.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    })();
    return closing;
  };

  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    vncBase,
    credentials: { ...primary },
    fleet,
    demoInstances: DEMO_INSTANCES.filter((d) => fleet.get(d.id) !== undefined),
    simulator: simulator.control,
    gateway,
    vncServer: builtinFor,
    setBackend: (id, backend) => {
      if (backend) overrides.set(id, backend);
      else overrides.delete(id);
    },
    close,
  };
}
