// Puts a VncGateway behind a loopback http.Server (as the simulator does) for tests.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { VncGateway } from '../../../../src-main/demo/gateway/vnc-gateway';
import type { VncBackend, VncGatewayOptions } from '../../../../src-main/demo/gateway/vnc-gateway';

export interface GatewayHarness {
  gateway: VncGateway;
  http: Server;
  /** 'ws://127.0.0.1:PORT' */
  base: string;
  /** Instance id -> backend; tests add and remove entries. */
  backends: Map<string, VncBackend>;
  /** Instance ids that are not running. */
  stopped: Set<string>;
  /** The injected clock; tests move it forward. */
  clock: { now: number };
  openHttpConnections(): Promise<number>;
  close(): Promise<void>;
}

export async function startGateway(extra: Partial<VncGatewayOptions> = {}): Promise<GatewayHarness> {
  const backends = new Map<string, VncBackend>();
  const stopped = new Set<string>();
  const clock = { now: 1_700_000_000_000 };
  const gateway = new VncGateway({
    resolveBackend: (id) => backends.get(id),
    isRunning: (id) => !stopped.has(id),
    now: () => clock.now,
    ...extra,
  });
  const http = createServer((_req, res) => {
    res.statusCode = 404;
    res.end();
  });
  http.on('upgrade', (req, socket, head) => gateway.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    gateway,
    http,
    base: `ws://127.0.0.1:${port}`,
    backends,
    stopped,
    clock,
    openHttpConnections: () =>
      new Promise((resolve, reject) => http.getConnections((err, n) => (err ? reject(err) : resolve(n)))),
    async close() {
      await gateway.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

export async function until(cond: () => boolean | Promise<boolean>, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
