import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import { BuiltinVncServer } from '../../../../src-main/demo/vnc-server/vnc-server';
import { RfbTestClient } from './rfb-test-client';

let server: BuiltinVncServer;
let port: number;

beforeEach(async () => {
  server = new BuiltinVncServer({ title: 'Debian 12 db-01 tty1', flavour: 'linux' });
  ({ port } = await server.listen(0));
});

afterEach(async () => {
  await server.close();
});

function open(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
  });
}

/** Resolves when the server ends the connection (or rejects if it stays open). */
function closedByServer(s: Socket, ms = 2000): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('server kept the connection open')), ms);
    s.on('close', () => {
      clearTimeout(t);
      resolve();
    });
    s.on('error', () => {});
    s.resume();
  });
}

async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function stillServes(): Promise<void> {
  const c = await RfbTestClient.tcp(port);
  c.requestUpdate(false);
  expect(await c.readUpdate()).toHaveLength(1);
  c.destroy();
  await until(() => server.connections === 0);
}

describe('BuiltinVncServer against bad clients', () => {
  it('drops a client that sends garbage instead of a version', async () => {
    const s = await open();
    s.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await closedByServer(s);
    await stillServes();
  });

  it('drops a wrong protocol version', async () => {
    for (const v of ['RFB 004.000\n', 'RFB 003.002\n', 'RFB 03.008\n\n']) {
      const s = await open();
      s.write(v);
      await closedByServer(s);
    }
    await stillServes();
  });

  it('survives clients that vanish at every stage of the handshake', async () => {
    const stages = [
      Buffer.alloc(0),
      Buffer.from('RFB 0'),
      Buffer.from('RFB 003.008\n'),
      Buffer.from('RFB 003.008\n\x01'),
      Buffer.from('RFB 003.008\n\x01\x01'),
      Buffer.from('RFB 003.008\n\x01\x01\x03\x00\x00\x00'),
    ];
    for (const bytes of stages) {
      const s = await open();
      if (bytes.length) s.write(bytes);
      await new Promise((r) => setTimeout(r, 10));
      s.resetAndDestroy(); // RST, not FIN: the rudest way to go
    }
    await until(() => server.connections === 0);
    await stillServes();
  });

  it('drops a client that sends an unknown message type or an absurd clipboard', async () => {
    const a = await RfbTestClient.tcp(port);
    a.write(Buffer.from([0x7f, 1, 2, 3]));
    await a.closed;
    const b = await RfbTestClient.tcp(port);
    const cut = Buffer.alloc(8);
    cut[0] = 6;
    cut.writeUInt32BE(0x7fffffff, 4);
    b.write(cut);
    await b.closed;
    await until(() => server.connections === 0);
    await stillServes();
  });

  it('accepts messages split into single bytes and many messages in one chunk', async () => {
    const c = await RfbTestClient.tcp(port);
    const keys = Buffer.concat(
      Array.from('split', (ch) => {
        const down = Buffer.from([4, 1, 0, 0, 0, 0, 0, ch.charCodeAt(0)]);
        const up = Buffer.from([4, 0, 0, 0, 0, 0, 0, ch.charCodeAt(0)]);
        return Buffer.concat([down, up]);
      }),
    );
    for (const byte of keys.subarray(0, 16)) c.write(Buffer.from([byte]));
    c.write(keys.subarray(16));
    c.cutText('ignored clipboard');
    c.pointer(1, 5, 5);
    c.requestUpdate(false);
    await c.readUpdate();
    expect(server.typedText()).toBe('split');
    c.destroy();
  });

  it('survives viewers that disconnect in the middle of large updates', async () => {
    for (let i = 0; i < 20; i++) {
      const c = await RfbTestClient.tcp(port);
      c.requestUpdate(false);
      c.requestUpdate(false);
      c.destroy();
    }
    await until(() => server.connections === 0);
    await stillServes();
  });

  it('handles a stream that is already destroyed and streams after close()', async () => {
    const dead = new PassThrough();
    dead.destroy();
    server.handle(dead);
    await until(() => server.connections === 0);
    await server.close();
    const late = new PassThrough();
    server.handle(late);
    expect(late.destroyed).toBe(true);
    expect(server.connections).toBe(0);
  });

  it('keeps serving while 60 garbage clients come and go concurrently', async () => {
    const rude = Array.from({ length: 60 }, async (_, i) => {
      const s = await open();
      s.on('error', () => {});
      s.write(Buffer.from(Array.from({ length: 40 }, (_, j) => (i * 31 + j * 7) & 0xff)));
      if (i % 2) s.destroy();
      else s.end();
    });
    await Promise.all(rude);
    await stillServes();
    await until(() => server.connections === 0);
  });
});
