// The demo cloud runs inside the app's main process, so a viewer must not be able to make it hold
// memory: update requests are coalesced, writes respect the stream's high-water mark (and reading
// stops meanwhile), a stream that ignores backpressure is cut off, and the gateway passes
// backpressure on in both directions.
import { describe, it, expect, afterEach } from 'vitest';
import { Duplex } from 'node:stream';
import type WebSocket from 'ws';
import { BuiltinVncServer } from '../../../src-main/demo/vnc-server';
import { MAX_BUFFERED_OUTPUT } from '../../../src-main/demo/vnc-server/rfb-session';
import { duplexPair } from '../../../src-main/demo/gateway-duplex-pair';
import { openWebSocket, RfbTestClient } from './rfb-test-client';
import { startGateway } from './gateway-harness';
import { MAX_FRAME_BYTES } from '../../../src-main/demo/vnc-gateway';
import type { GatewayHarness } from './gateway-harness';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function linuxServer(): BuiltinVncServer {
  const server = new BuiltinVncServer({ title: 'Ubuntu 22.04 LTS web-01 tty1', flavour: 'linux' });
  cleanups.push(() => server.close());
  return server;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reads updates until none arrives for `quietMs`; returns how many there were. */
async function countUpdates(c: RfbTestClient, quietMs = 300): Promise<number> {
  let n = 0;
  for (;;) {
    try {
      await c.readUpdate(quietMs);
      n++;
    } catch {
      return n;
    }
  }
}

/** Memory the process holds in Buffers, after letting pending I/O settle. */
async function bufferBytes(): Promise<number> {
  await sleep(50);
  return process.memoryUsage().arrayBuffers;
}

/** A viewer connected to a fresh Linux console over duplexPair, and both ends of the pair. */
async function viewerInMemory(): Promise<{ c: RfbTestClient; clientEnd: Duplex; serverEnd: Duplex }> {
  const [clientEnd, serverEnd] = duplexPair();
  linuxServer().handle(serverEnd);
  const c = await RfbTestClient.connect(clientEnd);
  cleanups.push(() => c.destroy());
  return { c, clientEnd, serverEnd };
}

describe('built-in VNC server backpressure', () => {
  it('answers a flood of 900 full-screen requests with at most two updates', async () => {
    const { c } = await viewerInMemory();
    c.requestUpdates(900);
    const n = await countUpdates(c);
    expect(n).toBeGreaterThanOrEqual(1);
    expect(n).toBeLessThanOrEqual(2); // the one in flight and one answering everything that came after
    // Still a working viewer afterwards.
    c.requestUpdate(false);
    expect(await c.readUpdate()).toEqual([{ x: 0, y: 0, w: 720, h: 400, encoding: 0 }]);
  });

  it('holds no more than about one slice for a viewer that never reads, and stops reading its requests', async () => {
    const { c, clientEnd, serverEnd } = await viewerInMemory();
    clientEnd.pause(); // from now on the viewer reads nothing (until resumed below)
    for (let i = 0; i < 20; i++) {
      c.requestUpdates(500);
      await sleep(5);
    }
    await sleep(200);
    // What the server has produced but the viewer has not taken: both ends' buffers.
    const held = serverEnd.writableLength + clientEnd.readableLength;
    expect(held).toBeLessThan(256 * 1024);
    // The requests it did not read wait in the viewer's write buffer, not in the server.
    expect(clientEnd.writableLength).toBeGreaterThan(0);
    clientEnd.resume();
    expect(await countUpdates(c)).toBeLessThanOrEqual(2);
  });

  it('cuts off a viewer whose stream takes everything and never drains', async () => {
    const server = linuxServer();
    // A stream with a huge high-water mark that never completes a write: it never says "stop".
    const stream = new Duplex({ writableHighWaterMark: 1 << 30, write() {}, read() {} });
    let buffered = 0; // everything written: no write ever completes
    const write = stream.write.bind(stream) as (chunk: Buffer) => boolean;
    stream.write = ((chunk: Buffer) => ((buffered += chunk.length), write(chunk))) as typeof stream.write;
    const closed = new Promise<void>((r) => stream.once('close', () => r()));
    server.handle(stream);
    stream.push(Buffer.from('RFB 003.008\n\x01\x01', 'latin1'));
    const request = Buffer.from([3, 0, 0, 0, 0, 0, 720 >> 8, 720 & 0xff, 400 >> 8, 400 & 0xff]);
    for (let i = 0; i < 100 && !stream.destroyed; i++) {
      stream.push(request);
      await sleep(5);
    }
    await closed;
    expect(server.connections).toBe(0);
    // Closed by the write that took it past the limit (a slice is at most 64 KB and its headers).
    expect(buffered).toBeGreaterThan(MAX_BUFFERED_OUTPUT);
    expect(buffered).toBeLessThan(MAX_BUFFERED_OUTPUT + 64 * 1024 + 100);
  });
});

describe('gateway backpressure', () => {
  let h: GatewayHarness;
  const sockets: WebSocket[] = [];

  async function gateway(): Promise<GatewayHarness> {
    h = await startGateway();
    cleanups.push(async () => {
      for (const ws of sockets.splice(0)) ws.terminate();
      await h.close();
    });
    return h;
  }

  it('pauses the VNC server while a WebSocket viewer reads nothing', async () => {
    await gateway();
    const server = linuxServer();
    h.backends.set('ins-web00001', { kind: 'builtin', server });
    const { ws, stream } = await openWebSocket(
      h.gateway.mintUrl('ins-web00001', h.base, { isWindows: false, isUbuntu: true }),
    );
    sockets.push(ws);
    const c = await RfbTestClient.connect(stream);
    c.stopReading(); // the viewer's socket is never read again
    const before = await bufferBytes();
    for (let i = 0; i < 100; i++) {
      c.requestUpdates(10);
      await sleep(5);
    }
    await sleep(300);
    // Without backpressure each batch becomes a 1.15 MB update queued for the viewer (115 MB here).
    expect((await bufferBytes()) - before).toBeLessThan(24 * 1024 * 1024);
    expect(h.gateway.liveConnections()).toBe(1);
  });

  it('closes a viewer whose WebSocket frame claims more than noVNC ever sends, before it arrives', async () => {
    await gateway();
    h.backends.set('ins-web00003', { kind: 'builtin', server: linuxServer() });
    const { ws } = await openWebSocket(
      h.gateway.mintUrl('ins-web00003', h.base, { isWindows: false, isUbuntu: true }),
    );
    sockets.push(ws);
    const code = new Promise<number>((r) => ws.once('close', (c) => r(c)));
    // A binary frame header claiming 1 MiB (64-bit length, masked), and then nothing.
    const raw = (ws as unknown as { _socket: Duplex })._socket;
    raw.write(Buffer.from([0x82, 0xff, 0, 0, 0, 0, 0, 0x10, 0, 0, 1, 2, 3, 4]));
    // 1009: message too big. The gateway does not wait for (and buffer) a megabyte first.
    expect(await code).toBe(1009);
    expect(MAX_FRAME_BYTES).toBeLessThan(1 << 20);
  });

  it('pauses a WebSocket viewer while its VNC server reads nothing', async () => {
    await gateway();
    // A VNC server that takes the connection and then never reads from it.
    let serverEnd: Duplex | undefined;
    const deaf = { handle: (stream: Duplex) => void (serverEnd = stream) } as unknown as BuiltinVncServer;
    h.backends.set('ins-web00002', { kind: 'builtin', server: deaf });
    const { ws } = await openWebSocket(
      h.gateway.mintUrl('ins-web00002', h.base, { isWindows: false, isUbuntu: true }),
    );
    sockets.push(ws);
    // The gateway's end of the in-memory link (duplexPair's ends know each other as `peer`).
    const gatewayEnd = (serverEnd as unknown as { peer: Duplex }).peer;
    // The viewer sends for a second as fast as its own socket takes it (keeping at most 1 MB queued).
    const chunk = Buffer.alloc(64 * 1024, 4);
    let sent = 0;
    const end = Date.now() + 1000;
    while (Date.now() < end) {
      if (ws.bufferedAmount < 1024 * 1024) {
        ws.send(chunk);
        sent += chunk.length;
      }
      await sleep(ws.bufferedAmount < 1024 * 1024 ? 0 : 5);
    }
    await sleep(100);
    // Without backpressure the gateway reads everything the viewer sends and queues it in memory.
    const held = serverEnd!.readableLength + gatewayEnd.writableLength;
    expect(sent).toBeGreaterThan(4 * 1024 * 1024);
    expect(held).toBeLessThan(512 * 1024);
    expect(h.gateway.liveConnections()).toBe(1);
  });
});
