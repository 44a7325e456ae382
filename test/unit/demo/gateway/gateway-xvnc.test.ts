import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type WebSocket from 'ws';
import { startGateway, until } from './gateway-harness';
import type { GatewayHarness } from './gateway-harness';
import { openWebSocket, RfbTestClient } from '../vnc-server/rfb-test-client';
import { startXvnc } from '../../../support/xvnc';
import type { RunningXvnc } from '../../../support/xvnc';

// The gateway in front of a real TigerVNC server: proves the pipe is protocol-agnostic bytes,
// not something that only works with our own server.
let xvnc: RunningXvnc;
let h: GatewayHarness;
const ID = 'ins-xvnc0001';
const sockets: WebSocket[] = [];

beforeAll(async () => {
  xvnc = await startXvnc({ geometry: '800x600' });
  h = await startGateway();
  h.backends.set(ID, { kind: 'tcp', host: '127.0.0.1', port: xvnc.port });
});

afterAll(async () => {
  for (const ws of sockets) ws.terminate();
  await h?.close();
  await xvnc?.stop();
});

async function viaGateway(): Promise<{ ws: WebSocket; rfb: RfbTestClient; closeCode: Promise<number> }> {
  const url = h.gateway.mintUrl(ID, h.base, { isWindows: false, isUbuntu: false });
  const { ws, stream } = await openWebSocket(url);
  sockets.push(ws);
  const closeCode = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  return { ws, rfb: await RfbTestClient.connect(stream), closeCode };
}

/** Reads updates until every pixel row of the screen has been covered by some rectangle. */
async function readFullScreen(rfb: RfbTestClient): Promise<number> {
  const rows = new Uint8Array(rfb.height);
  let rects = 0;
  while (rows.some((r) => r === 0)) {
    for (const r of await rfb.readUpdate(5000)) {
      rects++;
      if (r.x === 0 && r.w === rfb.width) rows.fill(1, r.y, r.y + r.h);
    }
    if (rows.some((r) => r === 0)) rfb.requestUpdate(true);
  }
  return rects;
}

describe('VncGateway in front of a real Xvnc', () => {
  it('speaks RFB end to end: handshake, ServerInit, a full framebuffer update', async () => {
    const { rfb } = await viaGateway();
    expect([rfb.width, rfb.height]).toEqual([800, 600]);
    expect(rfb.securityTypes).toEqual([1]);
    expect(rfb.format.bitsPerPixel).toBe(32);
    rfb.setEncodings([0]); // Raw only: the test client decodes nothing else
    rfb.requestUpdate(false);
    expect(await readFullScreen(rfb)).toBeGreaterThan(0);
  });

  it('a drop through the gateway leaves Xvnc serving; the next token connects again', async () => {
    const first = await viaGateway();
    expect(h.gateway.faults.dropAll(ID)).toBeGreaterThanOrEqual(1);
    expect(await first.closeCode).toBe(1006);
    const second = await viaGateway();
    second.rfb.setEncodings([0]);
    second.rfb.requestUpdate(false, { x: 0, y: 0, w: 64, h: 64 });
    const rects = await second.rfb.readUpdate(5000);
    expect(rects.length).toBeGreaterThan(0);
    second.ws.close(1000);
    expect(await second.closeCode).toBe(1000);
    await until(() => h.gateway.liveConnections(ID) === 0);
  });

  it('black-holing a link to Xvnc silences it without closing it', async () => {
    const c = await viaGateway();
    c.rfb.setEncodings([0]);
    expect(h.gateway.liveConnections(ID)).toBe(1);
    h.gateway.faults.blackHole(ID);
    c.rfb.requestUpdate(false);
    expect(await c.rfb.staysQuiet(300)).toBe(true);
    expect(c.ws.readyState).toBe(c.ws.OPEN);
    c.ws.terminate();
    await until(() => h.gateway.liveConnections(ID) === 0);
  });
});
