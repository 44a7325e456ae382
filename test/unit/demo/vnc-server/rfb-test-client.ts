// A small RFB client for tests: speaks the handshake itself (VNC auth through noVNC's DES, so it shares
// no crypto with the server under test), keeps a decoded copy of the framebuffer, and reads messages
// with timeouts so a silent server fails a test instead of hanging it.
import { connect as netConnect } from 'node:net';
import { constants as zlibConstants, createInflate } from 'node:zlib';
import type { Inflate } from 'node:zlib';
import type { Duplex } from 'node:stream';
import WebSocket, { createWebSocketStream } from 'ws';
import { novncVncAuthResponse } from './novnc-des';
import type { PixelFormat } from '../../../../src-main/demo/vnc-server/pixel-format';
import type { RfbHost } from '../../../../src-main/demo/vnc-server/rfb-session';
import type { FairScheduler } from '../../../../src-main/demo/vnc-server/fair-scheduler';

export type { PixelFormat };

export interface UpdateRect {
  x: number;
  y: number;
  w: number;
  h: number;
  encoding: number;
}

export interface ConnectOptions {
  password?: string;
  /** The 12-byte version line to answer with; default 'RFB 003.008\n'. */
  version?: string;
  /** Pick this security type whatever the server offers (to test refusals). */
  securityType?: number;
  timeoutMs?: number;
}

export class RfbProtocolError extends Error {}

/** An RfbSession's host for tests that drive a session directly: a screen of `pixels`, no password. */
export function rfbTestHost(
  width: number,
  pixels: Uint32Array,
  scheduler: FairScheduler,
  sessionClosed: () => void = () => {},
): RfbHost {
  return {
    width,
    height: pixels.length / width,
    name: 'test',
    password: undefined,
    framebuffer: { width, pixels },
    scheduler,
    keyEvent: () => {},
    sessionClosed,
  };
}

/** A message of a type byte, a flag byte and a rectangle (FramebufferUpdateRequest, EnableContinuousUpdates). */
function flagAndRect(
  type: number,
  flag: boolean,
  rect: { x: number; y: number; w: number; h: number },
): Buffer {
  const b = Buffer.alloc(10);
  b[0] = type;
  b[1] = flag ? 1 : 0;
  b.writeUInt16BE(rect.x, 2);
  b.writeUInt16BE(rect.y, 4);
  b.writeUInt16BE(rect.w, 6);
  b.writeUInt16BE(rect.h, 8);
  return b;
}

/** A server message as `next()` reads it. */
export type ServerMessage =
  | { type: 'update'; rects: UpdateRect[] }
  | { type: 'end-of-continuous-updates' }
  | { type: 'fence'; flags: number; payload: Buffer }
  | { type: 'bell' };

export class RfbTestClient {
  width = 0;
  height = 0;
  name = '';
  format!: PixelFormat;
  /** Security types the server offered (3.7+), or the one it chose (3.3). */
  securityTypes: number[] = [];
  /** 0x00RRGGBB per pixel, whatever format travels on the wire. */
  pixels = new Uint32Array(0);
  // Arrived chunks are kept as a list and joined only when read: a 1 MB frame in 64 KB pieces
  // would otherwise be copied over and over.
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Every byte that ever arrived: unlike `buffered`, a read does not take it back down. */
  private received = 0;
  private waiter: (() => void) | undefined;
  private ended = false;
  readonly closed: Promise<void>;

  private constructor(
    readonly stream: Duplex,
    private readonly timeoutMs: number,
  ) {
    stream.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
      this.received += chunk.length;
      this.waiter?.();
    });
    this.closed = new Promise((resolve) => {
      const done = () => {
        this.ended = true;
        this.waiter?.();
        resolve();
      };
      stream.on('close', done);
      stream.on('end', done);
      stream.on('error', done);
    });
  }

  /** Wraps a stream without any handshake (for tests that misbehave on purpose). */
  static raw(stream: Duplex, timeoutMs = 5000): RfbTestClient {
    return new RfbTestClient(stream, timeoutMs);
  }

  static async connect(stream: Duplex, opts: ConnectOptions = {}): Promise<RfbTestClient> {
    const client = new RfbTestClient(stream, opts.timeoutMs ?? 5000);
    try {
      await client.handshake(opts);
    } catch (err) {
      stream.destroy();
      throw err;
    }
    return client;
  }

  static tcp(port: number, opts: ConnectOptions = {}): Promise<RfbTestClient> {
    return RfbTestClient.connect(netConnect(port, '127.0.0.1'), opts);
  }

  /** Reads exactly n bytes, failing after the timeout or when the stream ends first. */
  async read(n: number, timeoutMs = this.timeoutMs): Promise<Buffer> {
    if (n === 0) return Buffer.alloc(0);
    const deadline = Date.now() + timeoutMs;
    while (this.buffered < n) {
      if (this.ended) throw new RfbProtocolError(`stream ended while waiting for ${n} bytes`);
      const left = deadline - Date.now();
      if (left <= 0) throw new RfbProtocolError(`timed out waiting for ${n} bytes (have ${this.buffered})`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.waiter = undefined;
    }
    const head = this.chunks[0]!;
    if (head.length < n) {
      // Join just enough chunks to cover n bytes.
      let count = 0;
      let size = 0;
      while (size < n) size += this.chunks[count++]!.length;
      this.chunks.splice(0, count, Buffer.concat(this.chunks.slice(0, count), size));
    }
    const first = this.chunks[0]!;
    const out = first.subarray(0, n);
    if (first.length === n) this.chunks.shift();
    else this.chunks[0] = first.subarray(n);
    this.buffered -= n;
    return out;
  }

  /** Bytes that arrived and were not read yet. */
  get pending(): number {
    return this.buffered;
  }

  /**
   * Stops reading for good: nothing is taken from the stream any more, so it fills up and (for a
   * WebSocket stream from openWebSocket) the socket underneath stops being read too.
   */
  stopReading(): void {
    this.stream.removeAllListeners('data');
    this.stream.pause();
  }

  get isEnded(): boolean {
    return this.ended;
  }

  write(data: Buffer | Uint8Array): void {
    this.stream.write(data);
  }

  private async readReason(): Promise<string> {
    const len = (await this.read(4)).readUInt32BE(0);
    return (await this.read(len)).toString('utf8');
  }

  private async handshake(opts: ConnectOptions): Promise<void> {
    const serverVersion = (await this.read(12)).toString('latin1');
    if (!/^RFB 003\.\d{3}\n$/.test(serverVersion))
      throw new RfbProtocolError(`bad server version ${serverVersion}`);
    const version = opts.version ?? 'RFB 003.008\n';
    this.write(Buffer.from(version, 'latin1'));
    const minor = Math.min(Number(version.slice(8, 11)), Number(serverVersion.slice(8, 11)));
    let type: number;
    if (minor >= 7) {
      const n = (await this.read(1))[0]!;
      if (n === 0) throw new RfbProtocolError(`server refused: ${await this.readReason()}`);
      this.securityTypes = [...(await this.read(n))];
      type =
        opts.securityType ??
        (opts.password !== undefined && this.securityTypes.includes(2)
          ? 2
          : this.securityTypes.includes(1)
            ? 1
            : 2);
      this.write(Buffer.from([type]));
    } else {
      type = (await this.read(4)).readUInt32BE(0);
      this.securityTypes = [type];
      if (type === 0) throw new RfbProtocolError(`server refused: ${await this.readReason()}`);
    }
    if (type === 2) {
      const challenge = await this.read(16);
      this.write(await novncVncAuthResponse(opts.password ?? '', challenge));
    }
    if (type === 2 || minor === 8) {
      const result = (await this.read(4)).readUInt32BE(0);
      if (result !== 0) {
        const reason = minor === 8 ? await this.readReason() : '';
        throw new RfbProtocolError(`security failed: ${reason}`);
      }
    }
    this.write(Buffer.from([1])); // ClientInit, shared
    const init = await this.read(24);
    this.width = init.readUInt16BE(0);
    this.height = init.readUInt16BE(2);
    this.format = parsePixelFormat(init, 4);
    this.name = (await this.read(init.readUInt32BE(20))).toString('utf8');
    this.pixels = new Uint32Array(this.width * this.height);
  }

  setPixelFormat(pf: PixelFormat): void {
    const b = Buffer.alloc(20);
    b[0] = 0;
    b[4] = pf.bitsPerPixel;
    b[5] = pf.depth;
    b[6] = pf.bigEndian ? 1 : 0;
    b[7] = pf.trueColour ? 1 : 0;
    b.writeUInt16BE(pf.redMax, 8);
    b.writeUInt16BE(pf.greenMax, 10);
    b.writeUInt16BE(pf.blueMax, 12);
    b[14] = pf.redShift;
    b[15] = pf.greenShift;
    b[16] = pf.blueShift;
    this.write(b);
    this.format = pf;
  }

  setEncodings(encodings: number[]): void {
    const b = Buffer.alloc(4 + 4 * encodings.length);
    b[0] = 2;
    b.writeUInt16BE(encodings.length, 2);
    encodings.forEach((e, i) => b.writeInt32BE(e, 4 + 4 * i));
    this.write(b);
  }

  requestUpdate(incremental: boolean, rect = { x: 0, y: 0, w: this.width, h: this.height }): void {
    this.requestUpdates(1, incremental, rect);
  }

  /** `count` FramebufferUpdateRequests in a single write (a flood, as a hostile viewer sends it). */
  requestUpdates(
    count: number,
    incremental = false,
    rect = { x: 0, y: 0, w: this.width, h: this.height },
  ): void {
    const one = flagAndRect(3, incremental, rect);
    this.write(Buffer.concat(Array.from({ length: count }, () => one)));
  }

  key(keysym: number, down: boolean): void {
    const b = Buffer.alloc(8);
    b[0] = 4;
    b[1] = down ? 1 : 0;
    b.writeUInt32BE(keysym >>> 0, 4);
    this.write(b);
  }

  press(keysym: number): void {
    this.key(keysym, true);
    this.key(keysym, false);
  }

  /** Presses the keys of printable ASCII text; '\n' becomes Return. */
  type(text: string): void {
    for (const ch of text) this.press(ch === '\n' ? 0xff0d : ch.charCodeAt(0));
  }

  /** Holds the modifiers, presses key, releases in reverse order (like noVNC's sendCtrlAltDel). */
  chord(modifiers: number[], key: number): void {
    for (const m of modifiers) this.key(m, true);
    this.press(key);
    for (const m of [...modifiers].reverse()) this.key(m, false);
  }

  pointer(mask: number, x: number, y: number): void {
    const b = Buffer.alloc(6);
    b[0] = 5;
    b[1] = mask;
    b.writeUInt16BE(x, 2);
    b.writeUInt16BE(y, 4);
    this.write(b);
  }

  /** EnableContinuousUpdates (message 150). */
  continuousUpdates(enable: boolean, rect = { x: 0, y: 0, w: this.width, h: this.height }): void {
    this.write(flagAndRect(150, enable, rect));
  }

  /** ClientFence (message 248); the length byte may be given to lie about the payload. */
  fence(flags: number, payload: Uint8Array, length = payload.length): void {
    const b = Buffer.alloc(9);
    b[0] = 248;
    b.writeUInt32BE(flags >>> 0, 4);
    b[8] = length;
    this.write(Buffer.concat([b, payload]));
  }

  /**
   * Reads the next server message of any kind this client knows (an update is decoded into
   * `pixels`); ServerCutText is skipped.
   */
  async next(timeoutMs = this.timeoutMs): Promise<ServerMessage> {
    for (;;) {
      const type = (await this.read(1, timeoutMs))[0];
      if (type === 0) return { type: 'update', rects: await this.readUpdateBody(timeoutMs) };
      if (type === 2) return { type: 'bell' };
      if (type === 150) return { type: 'end-of-continuous-updates' };
      if (type === 248) {
        const head = await this.read(8, timeoutMs);
        const payload = await this.read(head[7]!, timeoutMs);
        return { type: 'fence', flags: head.readUInt32BE(3), payload: Buffer.from(payload) };
      }
      if (type === 3) {
        const len = (await this.read(7, timeoutMs)).readUInt32BE(3);
        await this.read(len, timeoutMs);
        continue;
      }
      throw new RfbProtocolError(`unexpected server message ${type}`);
    }
  }

  cutText(text: string): void {
    const t = Buffer.from(text, 'latin1');
    const b = Buffer.alloc(8);
    b[0] = 6;
    b.writeUInt32BE(t.length, 4);
    this.write(Buffer.concat([b, t]));
  }

  /** Reads server messages until a FramebufferUpdate, decodes it into `pixels`, returns its rects. */
  async readUpdate(timeoutMs = this.timeoutMs): Promise<UpdateRect[]> {
    for (;;) {
      const type = (await this.read(1, timeoutMs))[0];
      if (type === 0) break;
      if (type === 2) continue; // Bell
      if (type === 3) {
        const len = (await this.read(7, timeoutMs)).readUInt32BE(3);
        await this.read(len, timeoutMs);
        continue;
      }
      throw new RfbProtocolError(`unexpected server message ${type}`);
    }
    return this.readUpdateBody(timeoutMs);
  }

  /** A FramebufferUpdate after its type byte. */
  private async readUpdateBody(timeoutMs: number): Promise<UpdateRect[]> {
    const count = (await this.read(3, timeoutMs)).readUInt16BE(1);
    const rects: UpdateRect[] = [];
    for (let i = 0; i < count; i++) {
      const h = await this.read(12, timeoutMs);
      const r = {
        x: h.readUInt16BE(0),
        y: h.readUInt16BE(2),
        w: h.readUInt16BE(4),
        h: h.readUInt16BE(6),
        encoding: h.readInt32BE(8),
      };
      rects.push(r);
      if (r.encoding === 0)
        this.applyRaw(r, await this.read(r.w * r.h * (this.format.bitsPerPixel / 8), timeoutMs));
      else if (r.encoding === 6) {
        const length = (await this.read(4, timeoutMs)).readUInt32BE(0);
        const data = await this.inflate(await this.read(length, timeoutMs));
        if (data.length !== r.w * r.h * (this.format.bitsPerPixel / 8))
          throw new RfbProtocolError(`a Zlib rectangle inflated to ${data.length} bytes`);
        this.applyRaw(r, data);
      } else if (r.encoding === 1) {
        const src = await this.read(4, timeoutMs);
        this.applyCopy(r, src.readUInt16BE(0), src.readUInt16BE(2));
      } else if (r.encoding === -223) this.resize(r.w, r.h);
      else throw new RfbProtocolError(`encoding ${r.encoding} not supported by the test client`);
    }
    return rects;
  }

  /**
   * Resolves true when nothing at all arrives within `ms` (for held incremental requests). Counted
   * in bytes received, not bytes waiting: a reader running meanwhile may take what arrived.
   */
  async staysQuiet(ms: number): Promise<boolean> {
    const before = this.received;
    await new Promise((r) => setTimeout(r, ms));
    return this.received === before;
  }

  pixel(x: number, y: number): number {
    return this.pixels[y * this.width + x]!;
  }

  /** How many pixels of a rectangle differ from `colour`. */
  countNot(colour: number, rect = { x: 0, y: 0, w: this.width, h: this.height }): number {
    let n = 0;
    for (let y = rect.y; y < rect.y + rect.h; y++) {
      for (let x = rect.x; x < rect.x + rect.w; x++) if (this.pixel(x, y) !== colour) n++;
    }
    return n;
  }

  destroy(): void {
    this.stream.destroy();
  }

  private resize(w: number, h: number): void {
    this.width = w;
    this.height = h;
    this.pixels = new Uint32Array(w * h);
  }

  /** CopyRect: the rectangle at (sx, sy) of the framebuffer as it was, moved to `r` (rows may overlap). */
  private applyCopy(r: UpdateRect, sx: number, sy: number): void {
    if (sx + r.w > this.width || sy + r.h > this.height || r.x + r.w > this.width || r.y + r.h > this.height)
      throw new RfbProtocolError('CopyRect outside the framebuffer');
    const rows = Array.from({ length: r.h }, (_, i) => i);
    if (sy < r.y) rows.reverse(); // moving down: copy the bottom row first
    for (const i of rows) {
      const from = (sy + i) * this.width + sx;
      this.pixels.copyWithin((r.y + i) * this.width + r.x, from, from + r.w);
    }
  }

  /**
   * Zlib rectangles: the next bytes of the connection's one zlib stream (RFC 6143 §7.7.2), inflated
   * by one Node stream kept for the connection, as a viewer's inflater is.
   */
  private inflater: Inflate | undefined;
  private async inflate(data: Buffer): Promise<Buffer> {
    const z = (this.inflater ??= createInflate());
    const out: Buffer[] = [];
    const take = (chunk: Buffer) => out.push(chunk);
    z.on('data', take);
    const failed = new Promise<never>((_, reject) =>
      z.once('error', (e) => reject(new RfbProtocolError(`zlib: ${e.message}`))),
    );
    z.write(data);
    await Promise.race([new Promise<void>((r) => z.flush(zlibConstants.Z_SYNC_FLUSH, () => r())), failed]);
    await new Promise((r) => setImmediate(r));
    z.off('data', take);
    return Buffer.concat(out);
  }

  private applyRaw(r: UpdateRect, data: Buffer): void {
    const pf = this.format;
    const bpp = pf.bitsPerPixel / 8;
    if (
      bpp === 4 &&
      !pf.bigEndian &&
      pf.redShift === 16 &&
      pf.greenShift === 8 &&
      pf.blueShift === 0 &&
      pf.redMax === 255
    ) {
      // The server's native format is already 0x00RRGGBB in little-endian words.
      const words = new Uint32Array(Uint8Array.from(data).buffer);
      for (let i = 0; i < words.length; i++) words[i]! &= 0xffffff; // the padding byte means nothing
      for (let y = 0; y < r.h; y++) {
        this.pixels.set(words.subarray(y * r.w, (y + 1) * r.w), (r.y + y) * this.width + r.x);
      }
      return;
    }
    let o = 0;
    for (let y = r.y; y < r.y + r.h; y++) {
      for (let x = r.x; x < r.x + r.w; x++, o += bpp) {
        const v =
          bpp === 4
            ? pf.bigEndian
              ? data.readUInt32BE(o)
              : data.readUInt32LE(o)
            : bpp === 2
              ? pf.bigEndian
                ? data.readUInt16BE(o)
                : data.readUInt16LE(o)
              : data[o]!;
        const scale = (c: number, max: number) => Math.round((c * 255) / max);
        const red = scale((v >>> pf.redShift) & pf.redMax, pf.redMax);
        const green = scale((v >>> pf.greenShift) & pf.greenMax, pf.greenMax);
        const blue = scale((v >>> pf.blueShift) & pf.blueMax, pf.blueMax);
        this.pixels[y * this.width + x] = (red << 16) | (green << 8) | blue;
      }
    }
  }
}

export function parsePixelFormat(b: Buffer, o: number): PixelFormat {
  return {
    bitsPerPixel: b[o]!,
    depth: b[o + 1]!,
    bigEndian: b[o + 2] !== 0,
    trueColour: b[o + 3] !== 0,
    redMax: b.readUInt16BE(o + 4),
    greenMax: b.readUInt16BE(o + 6),
    blueMax: b.readUInt16BE(o + 8),
    redShift: b[o + 10]!,
    greenShift: b[o + 11]!,
    blueShift: b[o + 12]!,
  };
}

/** Opens a WebSocket (as noVNC does, offering 'binary') and resolves with it and a byte stream over it. */
export function openWebSocket(url: string): Promise<{ ws: WebSocket; stream: Duplex }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, ['binary']);
    ws.once('open', () => {
      ws.removeAllListeners('unexpected-response');
      resolve({ ws, stream: createWebSocketStream(ws) });
    });
    ws.once('unexpected-response', (_req, res) => {
      reject(new UpgradeRefused(res.statusCode ?? 0));
      res.resume();
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

export class UpgradeRefused extends Error {
  constructor(readonly status: number) {
    super(`upgrade refused with HTTP ${status}`);
  }
}

/** The HTTP status a gateway answers an upgrade with: 101 when it accepted (the socket is then closed). */
export async function upgradeStatus(url: string): Promise<number> {
  try {
    const { ws } = await openWebSocket(url);
    ws.terminate();
    return 101;
  } catch (err) {
    if (err instanceof UpgradeRefused) return err.status;
    throw err;
  }
}

export const XK = {
  Return: 0xff0d,
  BackSpace: 0xff08,
  Delete: 0xffff,
  Escape: 0xff1b,
  Control_L: 0xffe3,
  Alt_L: 0xffe9,
  F1: 0xffbe,
} as const;
