import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { connect } from 'node:net';
import type WebSocket from 'ws';
import { BuiltinVncServer } from '../../../../src-main/demo/vnc-server/vnc-server';
import { startGateway, until } from './gateway-harness';
import type { GatewayHarness } from './gateway-harness';
import { openWebSocket, RfbTestClient } from '../vnc-server/rfb-test-client';

// 200 viewers connect at once and every one of them leaves in a different bad way. Afterwards nothing
// may be left open: no gateway link, no VNC session, no HTTP connection, no socket handle.
const CYCLES = 200;
let h: GatewayHarness;
let inMemory: BuiltinVncServer;
let overTcp: BuiltinVncServer;

const tcpHandles = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;

beforeAll(async () => {
  h = await startGateway();
  inMemory = new BuiltinVncServer({ title: 'Ubuntu 22.04 LTS stress-a tty1', flavour: 'linux' });
  overTcp = new BuiltinVncServer({ title: 'Windows Server 2019', flavour: 'windows', password: 'pw' });
  const { port } = await overTcp.listen(0);
  for (let i = 0; i < CYCLES; i++) {
    const id = `ins-s${String(i).padStart(7, '0')}`;
    h.backends.set(
      id,
      i % 2 ? { kind: 'tcp', host: '127.0.0.1', port } : { kind: 'builtin', server: inMemory },
    );
  }
});

afterAll(async () => {
  await h.close();
  await inMemory.close();
  await overTcp.close();
});

function closed(ws: WebSocket): Promise<void> {
  return ws.readyState === ws.CLOSED ? Promise.resolve() : new Promise((r) => ws.once('close', () => r()));
}

async function cycle(i: number): Promise<string> {
  const id = `ins-s${String(i).padStart(7, '0')}`;
  const password = i % 2 ? 'pw' : undefined;
  const url = h.gateway.mintUrl(id, h.base, { password, isWindows: i % 2 === 1, isUbuntu: i % 2 === 0 });
  const kind = i % 7;
  if (kind === 6) {
    // Half an upgrade request on a raw socket, then a reset.
    const s = connect(Number(new URL(url).port), '127.0.0.1');
    s.on('error', () => {});
    await new Promise<void>((r) => s.once('connect', () => r()));
    s.write(`GET ${new URL(url).pathname}${new URL(url).search} HTTP/1.1\r\nUpgrade: websocket\r\n`);
    s.resetAndDestroy();
    return 'half-upgrade';
  }
  const { ws, stream } = await openWebSocket(url);
  stream.on('error', () => {});
  if (kind === 0) {
    ws.terminate(); // gone before the RFB handshake
    return 'early-terminate';
  }
  const rfb = await RfbTestClient.connect(stream, { password: password ?? undefined, timeoutMs: 15_000 });
  rfb.requestUpdate(false, { x: 0, y: 0, w: 90, h: 48 }); // a real update, kept small: churn is the point
  await rfb.readUpdate(15_000);
  switch (kind) {
    case 1:
      ws.terminate();
      return 'terminate';
    case 2:
      ws.close(1000);
      await closed(ws);
      return 'close';
    case 3:
      h.gateway.faults.dropAll(id);
      await closed(ws);
      return 'drop';
    case 4:
      h.gateway.faults.blackHole(id);
      rfb.type('into the void');
      ws.terminate();
      return 'black-hole';
    default:
      h.gateway.faults.stopInstance(id);
      await closed(ws);
      return 'stop';
  }
}

describe('VncGateway under churn', () => {
  it(`survives ${CYCLES} concurrent connect/drop cycles without leaking a socket`, async () => {
    const baseline = tcpHandles();
    const t0 = Date.now();
    const kinds = await Promise.all(Array.from({ length: CYCLES }, (_, i) => cycle(i)));
    const elapsed = Date.now() - t0;
    expect(new Set(kinds).size).toBe(7);

    await until(
      async () => h.gateway.liveConnections() === 0 && (await h.openHttpConnections()) === 0,
      10_000,
    );
    await until(() => inMemory.connections === 0 && overTcp.connections === 0, 10_000);
    await until(() => tcpHandles() <= baseline, 10_000);
    expect(tcpHandles()).toBeLessThanOrEqual(baseline);
    expect(elapsed).toBeLessThan(30_000);

    // Every token was spent exactly once, by the cycle that minted it.
    const log = h.gateway.tokenLog();
    expect(log.filter((e) => e.outcome === 'reused' || e.outcome === 'unknown')).toHaveLength(0);
    expect(log.filter((e) => e.outcome === 'accepted').length).toBeGreaterThanOrEqual(
      CYCLES - CYCLES / 7 - 1,
    );

    // And the gateway still works afterwards.
    const id = 'ins-s0000000';
    const { ws, stream } = await openWebSocket(
      h.gateway.mintUrl(id, h.base, { isWindows: false, isUbuntu: true }),
    );
    const rfb = await RfbTestClient.connect(stream);
    rfb.requestUpdate(false);
    expect(await rfb.readUpdate()).toHaveLength(1);
    ws.terminate();
    await until(() => h.gateway.liveConnections() === 0);
  });
});
