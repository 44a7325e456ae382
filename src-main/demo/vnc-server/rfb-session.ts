// One viewer's RFB conversation (RFC 6143): handshake, security, then client messages in a loop.
// Anything malformed ends this session only; the stream's errors are always handled here.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { vncAuthResponse } from './des';
import { DirtyRegion, intersect } from './dirty-region';
import { ModifierState } from './keysyms';
import type { Modifiers } from './keysyms';
import {
  encodeRaw,
  NATIVE_FORMAT,
  readPixelFormat,
  unsupportedReason,
  writePixelFormat,
} from './pixel-format';
import type { PixelFormat, PixelSource } from './pixel-format';
import type { Rect } from './framebuffer';

export interface RfbHost {
  readonly width: number;
  readonly height: number;
  readonly name: string;
  readonly password: string | undefined;
  readonly framebuffer: PixelSource;
  keyEvent(keysym: number, down: boolean, mods: Modifiers): void;
  sessionClosed(session: RfbSession): void;
}

const SECURITY_NONE = 1;
const SECURITY_VNC_AUTH = 2;
const ENCODING_RAW = 0;
// A client that has not finished the handshake by then is stuck or hostile.
const HANDSHAKE_TIMEOUT_MS = 10_000;
// Clipboard text is ignored; a bigger claim than this is treated as garbage, not buffered.
const MAX_CUT_TEXT = 1 << 20;
// How long a refused client gets to read the reason before the stream is torn down.
const LINGER_MS = 1_000;

type State = 'version' | 'security' | 'auth' | 'client-init' | 'normal' | 'closed';

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

function reasonString(text: string): Buffer {
  const t = Buffer.from(text, 'utf8');
  return Buffer.concat([u32(t.length), t]);
}

export class RfbSession {
  private input: Buffer = Buffer.alloc(0);
  private state: State = 'version';
  private minor = 8;
  private challenge: Buffer = Buffer.alloc(0);
  private format: PixelFormat = NATIVE_FORMAT;
  private readonly dirty = new DirtyRegion();
  private held: Rect | undefined; // an incremental request waiting for something to change
  private readonly modifiers = new ModifierState();
  private readonly handshakeTimer: ReturnType<typeof setTimeout>;

  constructor(
    private readonly stream: Duplex,
    private readonly host: RfbHost,
  ) {
    // Registered first and never removed: a late error on a closed stream must not reach the process.
    stream.on('error', () => this.close());
    stream.on('close', () => this.close());
    stream.on('end', () => this.close());
    stream.on('data', (chunk: Buffer) => this.onData(chunk));
    this.handshakeTimer = setTimeout(() => this.close(), HANDSHAKE_TIMEOUT_MS);
    this.handshakeTimer.unref?.();
    if (stream.destroyed) {
      queueMicrotask(() => this.close());
      return;
    }
    this.send(Buffer.from('RFB 003.008\n', 'latin1'));
  }

  get isOpen(): boolean {
    return this.state !== 'closed';
  }

  /** The server's screen changed in these areas. */
  markDirty(rects: Rect[]): void {
    for (const r of rects) this.dirty.add(r);
    this.flushHeld();
  }

  close(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    clearTimeout(this.handshakeTimer);
    this.stream.destroy();
    this.host.sessionClosed(this);
  }

  private onData(chunk: Buffer): void {
    if (this.state === 'closed') return;
    this.input = this.input.length === 0 ? chunk : Buffer.concat([this.input, chunk]);
    let used = 0;
    for (;;) {
      const n = this.step(this.input.subarray(used));
      if (n === 0 || !this.isOpen) break; // a step may have closed the session
      used += n;
    }
    this.input = this.input.subarray(used);
  }

  /** Handles one protocol unit at the head of `buf`; returns the bytes used, 0 if more are needed. */
  private step(buf: Buffer): number {
    switch (this.state) {
      case 'version':
        return buf.length < 12 ? 0 : (this.onVersion(buf.toString('latin1', 0, 12)), 12);
      case 'security':
        return buf.length < 1 ? 0 : (this.onSecurityChoice(buf[0]!), 1);
      case 'auth':
        return buf.length < 16 ? 0 : (this.onAuthResponse(buf.subarray(0, 16)), 16);
      case 'client-init':
        return buf.length < 1 ? 0 : (this.onClientInit(), 1);
      case 'normal':
        return this.onMessage(buf);
      default:
        return 0;
    }
  }

  private onVersion(text: string): void {
    const m = /^RFB (\d{3})\.(\d{3})\n$/.exec(text);
    const major = Number(m?.[1]);
    const minor = Number(m?.[2]);
    if (!m || major !== 3 || minor < 3) return this.close();
    // RFC 6143 §7.1.1: 3.7 and 3.8 as such, anything newer as 3.8, other 3.x as 3.3.
    this.minor = minor >= 8 ? 8 : minor === 7 ? 7 : 3;
    const type = this.host.password !== undefined ? SECURITY_VNC_AUTH : SECURITY_NONE;
    if (this.minor === 3) {
      // 3.3: the server decides the security type; no SecurityResult follows None.
      this.send(u32(type));
      if (type === SECURITY_NONE) this.state = 'client-init';
      else this.sendChallenge();
    } else {
      this.send(Buffer.from([1, type]));
      this.state = 'security';
    }
  }

  private onSecurityChoice(type: number): void {
    const offered = this.host.password !== undefined ? SECURITY_VNC_AUTH : SECURITY_NONE;
    if (type !== offered) return this.refuse('Security type not offered');
    if (type === SECURITY_VNC_AUTH) return this.sendChallenge();
    if (this.minor === 8) this.send(u32(0)); // 3.7 sends no SecurityResult for None
    this.state = 'client-init';
  }

  private sendChallenge(): void {
    this.challenge = randomBytes(16);
    this.send(this.challenge);
    this.state = 'auth';
  }

  private onAuthResponse(response: Buffer): void {
    const expected = Buffer.from(vncAuthResponse(this.host.password ?? '', this.challenge));
    if (!timingSafeEqual(expected, response)) return this.refuse('Authentication failed');
    this.send(u32(0));
    this.state = 'client-init';
  }

  /** Sends a failed SecurityResult (with a reason from 3.8 on) and ends the session. */
  private refuse(reason: string): void {
    const result = this.minor === 8 ? Buffer.concat([u32(1), reasonString(reason)]) : u32(1);
    this.state = 'closed';
    clearTimeout(this.handshakeTimer);
    if (!this.stream.destroyed) this.stream.end(result);
    setTimeout(() => this.stream.destroy(), LINGER_MS).unref?.();
    this.host.sessionClosed(this);
  }

  private onClientInit(): void {
    // The shared flag is ignored: every viewer shares the one console, as the demo wants.
    const head = Buffer.alloc(4);
    head.writeUInt16BE(this.host.width, 0);
    head.writeUInt16BE(this.host.height, 2);
    this.send(Buffer.concat([head, writePixelFormat(NATIVE_FORMAT), reasonString(this.host.name)]));
    clearTimeout(this.handshakeTimer);
    this.state = 'normal';
    // A client whose first request is incremental has seen nothing yet: everything is news to it.
    this.dirty.add(this.screenRect());
  }

  private onMessage(buf: Buffer): number {
    if (buf.length < 1) return 0;
    switch (buf[0]) {
      case 0: // SetPixelFormat
        if (buf.length < 20) return 0;
        this.onSetPixelFormat(readPixelFormat(buf, 4));
        return 20;
      case 2: {
        // SetEncodings: only Raw is ever sent, which every client must accept, so the list is just skipped.
        if (buf.length < 4) return 0;
        const size = 4 + 4 * buf.readUInt16BE(2);
        return buf.length < size ? 0 : size;
      }
      case 3: // FramebufferUpdateRequest
        if (buf.length < 10) return 0;
        this.onUpdateRequest(buf[1] !== 0, {
          x: buf.readUInt16BE(2),
          y: buf.readUInt16BE(4),
          w: buf.readUInt16BE(6),
          h: buf.readUInt16BE(8),
        });
        return 10;
      case 4: {
        // KeyEvent
        if (buf.length < 8) return 0;
        const down = buf[1] !== 0;
        const keysym = buf.readUInt32BE(4);
        this.modifiers.update(keysym, down);
        this.host.keyEvent(keysym, down, this.modifiers.current);
        return 8;
      }
      case 5: // PointerEvent: the text console has no pointer
        return buf.length < 6 ? 0 : 6;
      case 6: {
        // ClientCutText; a negative length is the Extended Clipboard form, same size rule.
        if (buf.length < 8) return 0;
        const length = Math.abs(buf.readInt32BE(4));
        if (length > MAX_CUT_TEXT) {
          this.close();
          return 0;
        }
        return buf.length < 8 + length ? 0 : 8 + length;
      }
      default:
        // Unknown message: its length is unknown too, so the stream cannot be resynchronised.
        this.close();
        return 0;
    }
  }

  private onSetPixelFormat(pf: PixelFormat): void {
    if (unsupportedReason(pf) !== undefined) return this.close();
    this.format = pf;
    this.dirty.add(this.screenRect());
  }

  private onUpdateRequest(incremental: boolean, area: Rect): void {
    const clipped = intersect(area, this.screenRect());
    if (!incremental) {
      // Always answered at once, even when nothing changed: viewers and liveness probes rely on it.
      if (clipped) this.dirty.take(clipped);
      this.held = undefined;
      this.sendUpdate(clipped ? [clipped] : []);
      return;
    }
    if (!clipped) return;
    this.held = this.held ? union(this.held, clipped) : clipped;
    this.flushHeld();
  }

  private flushHeld(): void {
    if (this.state !== 'normal' || !this.held || !this.dirty.intersects(this.held)) return;
    const rects = this.dirty.take(this.held);
    this.held = undefined;
    this.sendUpdate(rects);
  }

  private sendUpdate(rects: Rect[]): void {
    const parts: Buffer[] = [];
    const head = Buffer.alloc(4);
    head.writeUInt8(0, 0); // FramebufferUpdate
    head.writeUInt16BE(rects.length, 2);
    parts.push(head);
    for (const r of rects) {
      const rh = Buffer.alloc(12);
      rh.writeUInt16BE(r.x, 0);
      rh.writeUInt16BE(r.y, 2);
      rh.writeUInt16BE(r.w, 4);
      rh.writeUInt16BE(r.h, 6);
      rh.writeInt32BE(ENCODING_RAW, 8);
      parts.push(rh, encodeRaw(this.host.framebuffer, r.x, r.y, r.w, r.h, this.format));
    }
    this.send(Buffer.concat(parts));
  }

  private screenRect(): Rect {
    return { x: 0, y: 0, w: this.host.width, h: this.host.height };
  }

  private send(data: Buffer): void {
    if (this.state !== 'closed' && !this.stream.destroyed && this.stream.writable) this.stream.write(data);
  }
}

function union(a: Rect, b: Rect): Rect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
}
