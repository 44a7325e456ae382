// The hostile viewers, in a process of their own (as a real attacker is): the demo cloud under test
// runs in the test process, like it runs in the app's main process, and its event loop and memory
// are measured there without the attackers' own work in them. Started by attacker.ts; driven
// over IPC. Every attack runs until `stop`.
import { connect as netConnect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type WebSocket from 'ws';
import { openWebSocket, RfbTestClient } from './rfb-test-client';
import { NOVNC_8 } from './pixel-formats';
import type { AttackSpec, AttackStats, ToAttacker, FromAttacker } from './attacker';

const send = (m: FromAttacker) => process.send?.(m);
let stats: AttackStats = {};
const closers = new Set<() => void>();
// Attacks started before the last `stop` see a newer epoch and end.
let epoch = 0;
let nextMint = 0;
const minted = new Map<number, (urls: string[]) => void>();

function count(kind: string, what: keyof AttackStats[string], n = 1): void {
  const s = (stats[kind] ??= { opened: 0, closedByServer: 0, failed: 0, bytesIn: 0 });
  s[what] += n;
}

/** Fresh one-time console URLs from the test process (tokens are minted by the gateway there). */
function mint(n: number, instance: 'hostile'): Promise<string[]> {
  const id = nextMint++;
  return new Promise((resolve) => {
    minted.set(id, resolve);
    send({ op: 'mint', id, count: n, instance });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Keeps one connection of an attack alive until stop: `run` again whenever the last one ends. */
async function forever(run: (mine: number) => Promise<void>): Promise<void> {
  const mine = epoch;
  while (mine === epoch) {
    try {
      await run(mine);
    } catch {
      count('errors', 'failed');
    }
    if (mine === epoch) await sleep(20);
  }
}

/** Counts a connection; `closed` settles when it closes, `end` closes it from this side. */
function track(
  kind: string,
  mine: number,
  stream: Duplex | Socket,
  ws?: WebSocket,
): { closed: Promise<void>; end(): void } {
  count(kind, 'opened');
  let ours = false;
  const end = () => {
    ours = true;
    if (ws) ws.terminate();
    else stream.destroy();
  };
  closers.add(end);
  stream.on('error', () => {});
  ws?.on('error', () => {});
  const closed = new Promise<void>((resolve) => {
    (ws ?? stream).once('close', () => {
      closers.delete(end);
      if (!ours) count(kind, 'closedByServer');
      resolve();
    });
  });
  // Opened after its attack was stopped: gone at once.
  if (mine !== epoch) end();
  return { closed, end };
}

async function viewer(
  kind: string,
  mine: number,
): Promise<{ ws: WebSocket; stream: Duplex; rfb: RfbTestClient; closed: Promise<void> }> {
  const [url] = await mint(1, 'hostile');
  const { ws, stream } = await openWebSocket(url!);
  const { closed } = track(kind, mine, stream, ws);
  const rfb = await RfbTestClient.connect(stream, { timeoutMs: 15_000 });
  return { ws, stream, rfb, closed };
}

/** Handshakes, stops reading, and asks for the whole screen 900 times every 500 ms. */
async function neverRead(mine: number): Promise<void> {
  const { rfb, closed } = await viewer('never-read', mine);
  rfb.stopReading();
  const timer = setInterval(() => rfb.requestUpdates(900), 500);
  rfb.requestUpdates(900);
  await closed;
  clearInterval(timer);
}

/** Asks for the whole screen 1,500 times per frame every 20 ms and reads (without decoding) all it gets. */
async function floodRead(bpp: 8 | 32, mine: number): Promise<void> {
  const { stream, rfb, closed } = await viewer(`flood-read-${bpp}`, mine);
  if (bpp === 8) rfb.setPixelFormat(NOVNC_8);
  stream.removeAllListeners('data');
  stream.on('data', (chunk: Buffer) => count(`flood-read-${bpp}`, 'bytesIn', chunk.length));
  const timer = setInterval(() => rfb.requestUpdates(1500), 20);
  rfb.requestUpdates(1500);
  await closed;
  clearInterval(timer);
}

// Each is sent after a good handshake (or instead of one); the server must end the session or ignore it.
const MALFORMED: { name: string; handshake: boolean; bytes: () => Buffer }[] = [
  { name: 'http', handshake: false, bytes: () => Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n') },
  { name: 'bad-version', handshake: false, bytes: () => Buffer.from('RFB 009.999\n') },
  {
    name: 'garbage',
    handshake: false,
    bytes: () => Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 73) & 255)),
  },
  { name: 'unknown-message', handshake: true, bytes: () => Buffer.from([0x7f, 1, 2, 3]) },
  { name: 'huge-clipboard', handshake: true, bytes: () => Buffer.from([6, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff]) },
  {
    name: 'colour-map-format',
    handshake: true,
    bytes: () => Buffer.from([0, 0, 0, 0, 8, 8, 0, 0, 0, 7, 0, 7, 0, 3, 0, 3, 6, 0, 0, 0]),
  },
  {
    name: 'bad-depth',
    handshake: true,
    bytes: () => Buffer.from([0, 0, 0, 0, 24, 24, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0, 0, 0, 0]),
  },
  { name: 'truncated-encodings', handshake: true, bytes: () => Buffer.from([2, 0, 0xff, 0xff, 0, 0, 0, 0]) },
  {
    name: 'random-after-handshake',
    handshake: true,
    bytes: () => Buffer.from(Array.from({ length: 256 }, () => Math.floor(Math.random() * 256))),
  },
];

/** Connects straight to the VNC port, sends one malformed thing, waits up to 1 s, goes; over and over. */
async function malformed(vncPort: number, i: number, mine: number): Promise<void> {
  const m = MALFORMED[i % MALFORMED.length]!;
  const socket = netConnect(vncPort, '127.0.0.1');
  const { closed, end } = track(`malformed-${m.name}`, mine, socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  if (m.handshake) {
    const rfb = await RfbTestClient.connect(socket, { timeoutMs: 15_000 });
    rfb.write(m.bytes());
  } else {
    socket.resume(); // read (and drop) what the server says, or its close would never be seen
    socket.write(m.bytes());
  }
  await Promise.race([closed, sleep(1000)]);
  end();
  await closed;
}

/** Trickles one byte every `ms`: into the RFB handshake, an HTTP upgrade, a WebSocket frame, a clipboard. */
async function slowloris(variant: number, vncPort: number, httpPort: number, mine: number): Promise<void> {
  const kind = ['slow-rfb-handshake', 'slow-http-upgrade', 'slow-ws-frame', 'slow-clipboard'][variant % 4]!;
  let socket: Duplex;
  let bytes: Buffer;
  let closed: Promise<void>;
  if (kind === 'slow-http-upgrade' || kind === 'slow-rfb-handshake') {
    const port = kind === 'slow-rfb-handshake' ? vncPort : httpPort;
    socket = netConnect(port, '127.0.0.1');
    closed = track(kind, mine, socket).closed;
    socket.resume(); // read (and drop) what the server says, or its close would never be seen
    bytes = Buffer.from(
      kind === 'slow-rfb-handshake'
        ? 'RFB 003.008\n'
        : 'GET /vnc?s=x HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n',
    );
  } else {
    const v = await viewer(kind, mine);
    const { ws, stream, rfb } = v;
    closed = v.closed;
    if (kind === 'slow-clipboard') {
      // A clipboard message that claims 1 MB and then arrives a byte at a time, inside normal frames.
      rfb.write(Buffer.from([6, 0, 0, 0, 0, 0x10, 0, 0]));
      socket = stream;
      bytes = Buffer.alloc(1 << 20, 0x61);
    } else {
      // A raw WebSocket frame header claiming 60,000 bytes (just under the gateway's limit), then its
      // (masked) payload a byte at a time.
      const raw = (ws as unknown as { _socket: Socket })._socket;
      socket = raw;
      bytes = Buffer.concat([Buffer.from([0x82, 0xfe, 0xea, 0x60, 1, 2, 3, 4]), Buffer.alloc(60_000)]);
    }
  }
  for (let i = 0; i < bytes.length && !socket.destroyed; i++) {
    socket.write(bytes.subarray(i, i + 1));
    await Promise.race([closed, sleep(500)]);
  }
  await closed;
}

async function attack(spec: AttackSpec): Promise<void> {
  const runs: Promise<void>[] = [];
  for (let i = 0; i < spec.count; i++) {
    switch (spec.kind) {
      case 'never-read':
        runs.push(forever((mine) => neverRead(mine)));
        break;
      case 'flood-read':
        runs.push(forever((mine) => floodRead(spec.bpp, mine)));
        break;
      case 'malformed': {
        let n = i;
        runs.push(forever((mine) => malformed(spec.vncPort, (n += spec.count), mine)));
        break;
      }
      case 'slowloris':
        runs.push(forever((mine) => slowloris(i, spec.vncPort, spec.httpPort, mine)));
        break;
    }
  }
  await Promise.all(runs);
}

process.on('message', (m: ToAttacker) => {
  if (m.op === 'urls') {
    minted.get(m.id)?.(m.urls);
    minted.delete(m.id);
  } else if (m.op === 'attack') {
    void attack(m.spec);
  } else if (m.op === 'stats') {
    send({ op: 'stats', stats });
  } else if (m.op === 'stop') {
    epoch++;
    for (const close of closers) close();
    send({ op: 'stopped', stats });
    stats = {};
  }
});
process.on('disconnect', () => process.exit(0));
send({ op: 'ready' });
