// One viewer's RFB conversation (RFC 6143): handshake, security, then client messages in a loop.
// Anything malformed ends this session only; the stream's errors are always handled here.
// A viewer cannot make the server hold more than about one update for it: update requests are
// coalesced (one update in flight, one pending), an update is encoded and written in slices that
// wait for the stream to drain, requests are not read while it is full, and a stream whose
// buffered output still passes a limit is closed.
// A viewer that accepts CopyRect gets the console's scrolls as such: it moves the rows it has and
// is sent only the rows that are new (a log printing at speed costs a fraction of a full screen).
// A viewer that speaks ContinuousUpdates and Fence (noVNC, TigerVNC) is pushed an update whenever
// the screen changes, without asking, at most FENCES_AHEAD updates ahead of what it has handled.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { vncAuthResponse } from './des';
import { contains, DirtyRegion, intersect } from './dirty-region';
import { ModifierState } from './keysyms';
import type { Modifiers } from './keysyms';
import {
  NATIVE_FORMAT,
  PixelEncoder,
  readPixelFormat,
  unsupportedReason,
  writePixelFormat,
} from './pixel-format';
import type { PixelFormat, PixelSource } from './pixel-format';
import type { Rect, Scroll } from './framebuffer';
import type { FairScheduler } from './fair-scheduler';
import {
  ENCODING_COPY_RECT,
  ENCODING_ZLIB,
  packRows,
  snapshot,
  unpackRows,
  updateSlices,
  zlibStream,
} from './update-slices';
import type { PackedRows, PixelRows, ZlibStream } from './update-slices';
import {
  ENCODING_CONTINUOUS_UPDATES,
  ENCODING_FENCE,
  endOfContinuousUpdates,
  FENCE_REQUEST,
  fenceAnswer,
  FENCES_AHEAD,
  FenceWindow,
  MSG_CONTINUOUS_UPDATES,
  MSG_FENCE,
  readClientFence,
} from './continuous-updates';

export interface RfbHost {
  readonly width: number;
  readonly height: number;
  readonly name: string;
  readonly password: string | undefined;
  readonly framebuffer: PixelSource;
  /** Runs the encoding slices of every session's updates, a few at a time. */
  readonly scheduler: FairScheduler;
  keyEvent(keysym: number, down: boolean, mods: Modifiers): void;
  sessionClosed(session: RfbSession): void;
}

const SECURITY_NONE = 1;
const SECURITY_VNC_AUTH = 2;
// A client that has not finished the handshake by then is stuck or hostile.
const HANDSHAKE_TIMEOUT_MS = 10_000;
// Clipboard text is ignored (dropped as it arrives); a bigger claim than this is treated as garbage.
const MAX_CUT_TEXT = 1 << 20;
// How long a refused client gets to read the reason before the stream is torn down.
const LINGER_MS = 1_000;
// An update is encoded and written about this many bytes at a time (one scheduler step).
const SLICE_BYTES = 64 * 1024;
// Messages handled per turn of the event loop; the rest waits for the next turn (key floods).
const MESSAGES_PER_TURN = 512;
// How fast "bytes sent lately" forgets (the scheduler's rank), ms.
const RECENT_MS = 1_000;
// Bytes sent lately (decaying with RECENT_MS) beyond which a viewer's updates are bulk work for the
// scheduler: some three full screens of the demo console in Raw. Bytes, not pixels: what a viewer
// costs the server, the gateway and the link is mostly the bytes written (a text console in Zlib
// is a few per cent of its Raw size, and deflating a screen costs ~5 ms), and a console scrolling
// at full speed to a Zlib viewer must not be paced as a flood of Raw screens would be.
const BULK_BYTES = 3 * 720 * 400 * 4;
// Added to the rank of an update that has sent its first slice: far above any byte count.
const STARTED_RANK = 2 ** 52;
// Backpressure keeps a stream's buffer near its high-water mark; past this the viewer is cut off.
export const MAX_BUFFERED_OUTPUT = 4 * 1024 * 1024;
// Messages that wait for the update being written (fence answers): a viewer that makes more of them
// than this during one update is flooding.
const MAX_QUEUED_MESSAGES = 64 * 1024;
// Moments of the screen kept for a viewer behind on pushed updates, at most this many bytes in all;
// past it, changes join into the next update as before.
const MAX_MOMENT_BYTES = 6 * 1024 * 1024;
// Up to this many bytes of them are kept as they are (two screens of the demo console: a viewer a
// little behind costs no deflating); past it, each is deflated once a later one is kept, a few
// dozen KB for a text console's, so the bytes left hold a thousand lines or more.
const RAW_MOMENT_BYTES = 2 * 720 * 400 * 4;
// A kept moment that is only a scroll takes in the next one while the two together scroll at most
// this share of the area: each update then still shows a quarter of the screen before it.
const MAX_JOINED_SCROLL = 3 / 4;

/** A screen's moment not sent yet: what changed up to then, and its pixels as they were. */
interface Moment {
  rects: Rect[];
  copy: Scroll | undefined;
  /** Raw while it is the newest (it may still be joined), deflated once a later one is kept. */
  pixels: PixelRows | PackedRows;
  /** Bytes held. */
  size: number;
}

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
  private encoder = new PixelEncoder(NATIVE_FORMAT);
  private readonly dirty = new DirtyRegion();
  private copyRect = false; // the viewer accepts CopyRect (it said so in SetEncodings)
  private takesZlib = false; // the viewer accepts Zlib
  private takesFence = false; // the viewer answers fences (it listed the Fence pseudo-encoding)
  private announcedContinuous = false; // the first EndOfContinuousUpdates went out
  // Continuous updates are on: changes inside `continuousArea` (undefined: none) are pushed unasked.
  private continuous = false;
  private continuousArea: Rect | undefined;
  private readonly fences = new FenceWindow();
  // Moments kept while updates are pushed and the viewer is behind, oldest first (keepMoment).
  private moments: Moment[] = [];
  private momentBytes = 0;
  // Messages for the viewer that must wait until the update being written is complete.
  private queued: Buffer[] = [];
  private queuedBytes = 0;
  // The connection's one zlib stream, made at the first Zlib rectangle and kept for good: a viewer
  // that stops and again takes Zlib goes on inflating where its stream was.
  private zlib: ZlibStream | undefined;
  // Scrolls since the last update, joined into one: the viewer repeats it before the dirty rects.
  private copy: Scroll | undefined;
  private held: Rect | undefined; // an incremental request waiting for something to change
  // Non-incremental requests not answered yet, merged: one update answers them all.
  private full: { area: Rect | undefined } | undefined;
  private updating = false; // an update is being written
  private waitingForDrain = false;
  private inputBacklog = false; // more messages wait than one turn handles
  private skip = 0; // bytes of an ignored message (clipboard, encodings) still to discard
  // Bytes sent lately, decaying with RECENT_MS: the scheduler serves the least served first.
  private recentBytes = 0;
  private recentAt = 0;
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

  /**
   * The server moved the pixels of `s.area` up by `s.dy` (then calls markDirty with what it drew
   * anew). A viewer that takes CopyRect is sent the move; to any other the area is simply dirty.
   */
  markScrolled(s: Scroll): void {
    if (this.copy && !sameRect(this.copy.area, s.area)) this.flushCopy();
    const dy = (this.copy?.dy ?? 0) + s.dy;
    if (!this.copyRect || this.state !== 'normal' || dy >= s.area.h) {
      this.flushCopy();
      this.dirty.add(s.area);
      return;
    }
    this.dirty.scroll(s.area, s.dy);
    this.copy = { area: s.area, dy };
  }

  /**
   * The server is about to change the screen. While updates are pushed, what this viewer has not been
   * sent yet is kept as the screen is now, to go out as an update of its own: a console scrolling
   * faster than the viewer takes updates then shows it every line, not only those on the screen when
   * it caught up. Bounded by MAX_MOMENT_BYTES.
   */
  keepMoment(): void {
    const area = this.continuousArea;
    if (this.state !== 'normal' || !this.continuous || !area) return;
    if (this.copy && !contains(area, this.copy.area)) return;
    if (!this.copy && !this.dirty.intersects(area)) return;
    this.joinLastMoment(area);
    const rects = this.dirty.take(area);
    this.packLastMoment();
    const pixels = snapshot(this.host.framebuffer, rects);
    const size = pixels.pixels.byteLength;
    if (this.momentBytes + size > MAX_MOMENT_BYTES) {
      for (const r of rects) this.dirty.add(r);
      return;
    }
    this.moments.push({ rects, copy: this.copy, pixels, size });
    this.momentBytes += size;
    this.copy = undefined;
  }

  /**
   * A viewer that is behind takes one kept moment per round trip; a console printing a few lines a
   * change would leave it further behind at each, until the moments pass MAX_MOMENT_BYTES and a whole
   * screen goes out at once, lines that scrolled through it never shown. So the newest kept moment,
   * not sent yet, becomes part of the one being kept when, together, the screen only scrolled (the
   * area pushed, by at most MAX_JOINED_SCROLL of it) and drew the rows the scroll brought in: every
   * line the first showed is still on screen in the second, and the viewer needs half the updates.
   */
  private joinLastMoment(area: Rect): void {
    const last = this.moments.at(-1);
    const copy = this.copy;
    if (!last?.copy || !copy || !sameRect(last.copy.area, copy.area) || !contains(copy.area, area)) return;
    const dy = last.copy.dy + copy.dy;
    if (dy > copy.area.h * MAX_JOINED_SCROLL) return;
    // Drawn over above the rows the two scrolls brought in: something the first showed is gone.
    if (this.dirty.intersects({ ...copy.area, h: copy.area.h - dy })) return;
    this.moments.pop();
    this.momentBytes -= last.size;
    // What the first changed, moved up by the scroll since, and what changed after it.
    const since = this.dirty.take(copy.area);
    for (const r of last.rects) this.dirty.add(r);
    this.dirty.scroll(copy.area, copy.dy);
    for (const r of since) this.dirty.add(r);
    this.copy = { area: copy.area, dy };
  }

  /** The newest kept moment will not be joined any more (one is kept after it): deflated if many are kept. */
  private packLastMoment(): void {
    const last = this.moments.at(-1);
    if (!last || 'deflated' in last.pixels || this.momentBytes <= RAW_MOMENT_BYTES) return;
    last.pixels = packRows(last.pixels);
    this.momentBytes += last.pixels.deflated.length - last.size;
    last.size = last.pixels.deflated.length;
  }

  /** The kept moments will not go out: everything they changed is dirty again, as is a pending scroll. */
  private dropMoments(): void {
    if (this.moments.length === 0) return;
    this.flushCopy();
    for (const m of this.moments) {
      if (m.copy) this.dirty.add(m.copy.area);
      for (const r of m.rects) this.dirty.add(r);
    }
    this.moments = [];
    this.momentBytes = 0;
  }

  /** The server's screen changed in these areas. */
  markDirty(rects: Rect[]): void {
    for (const r of rects) this.dirty.add(r);
    this.pump();
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
    this.processInput();
  }

  private processInput(): void {
    let used = 0;
    let messages = 0;
    while (this.isOpen && messages < MESSAGES_PER_TURN) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, this.input.length - used);
        this.skip -= n;
        used += n;
        if (this.skip > 0) break;
      }
      const n = this.step(this.input, used);
      if (n === 0 || !this.isOpen) break; // a step may have closed the session
      used += n;
      messages++;
    }
    this.input = this.input.subarray(used);
    if (!this.isOpen) return;
    // A turn's worth of messages handled and more are waiting: the rest comes next turn.
    const backlog = messages >= MESSAGES_PER_TURN && this.input.length > 0;
    if (backlog && !this.inputBacklog) {
      setImmediate(() => {
        this.inputBacklog = false;
        this.updateFlow();
        if (this.isOpen) this.processInput();
      });
    }
    this.inputBacklog = backlog;
    this.updateFlow();
    this.pump();
  }

  /** Reads from the viewer only while its output drains and its earlier messages are handled. */
  private updateFlow(): void {
    if (!this.isOpen) return;
    if (this.waitingForDrain || this.inputBacklog) this.stream.pause();
    else this.stream.resume();
  }

  /** Handles one protocol unit at `buf[at]`; returns the bytes used, 0 if more are needed. */
  private step(buf: Buffer, at: number): number {
    const left = buf.length - at;
    switch (this.state) {
      case 'version':
        return left < 12 ? 0 : (this.onVersion(buf.toString('latin1', at, at + 12)), 12);
      case 'security':
        return left < 1 ? 0 : (this.onSecurityChoice(buf[at]!), 1);
      case 'auth':
        return left < 16 ? 0 : (this.onAuthResponse(buf.subarray(at, at + 16)), 16);
      case 'client-init':
        return left < 1 ? 0 : (this.onClientInit(), 1);
      case 'normal':
        return this.onMessage(buf, at);
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

  private onMessage(buf: Buffer, at: number): number {
    const left = buf.length - at;
    if (left < 1) return 0;
    switch (buf[at]) {
      case 0: // SetPixelFormat
        if (left < 20) return 0;
        this.onSetPixelFormat(readPixelFormat(buf, at + 4));
        return 20;
      case 2: {
        // SetEncodings: Raw is sent to everyone (every client must accept it), CopyRect and Zlib to
        // those that list them.
        if (left < 4) return 0;
        // The list is read whole once it is all here: at most 65,535 entries, 256 KiB.
        const size = 4 + 4 * buf.readUInt16BE(at + 2);
        if (left < size) return 0;
        let copyRect = false;
        let zlib = false;
        let fence = false;
        let continuous = false;
        for (let o = at + 4; o < at + size; o += 4) {
          const encoding = buf.readInt32BE(o);
          if (encoding === ENCODING_COPY_RECT) copyRect = true;
          if (encoding === ENCODING_ZLIB) zlib = true;
          if (encoding === ENCODING_FENCE) fence = true;
          if (encoding === ENCODING_CONTINUOUS_UPDATES) continuous = true;
        }
        this.copyRect = copyRect;
        this.takesZlib = zlib;
        this.takesFence = fence;
        this.dropMoments();
        if (!copyRect) this.flushCopy();
        // A viewer learns that the server has continuous updates from a first EndOfContinuousUpdates.
        if (continuous && !this.announcedContinuous) {
          this.announcedContinuous = true;
          this.queue(endOfContinuousUpdates());
        }
        return size;
      }
      case 3: // FramebufferUpdateRequest
        if (left < 10) return 0;
        this.onUpdateRequest(buf[at + 1] !== 0, readRect(buf, at + 2));
        return 10;
      case 4: {
        // KeyEvent
        if (left < 8) return 0;
        const down = buf[at + 1] !== 0;
        const keysym = buf.readUInt32BE(at + 4);
        this.modifiers.update(keysym, down);
        this.host.keyEvent(keysym, down, this.modifiers.current);
        return 8;
      }
      case 5: // PointerEvent: the text console has no pointer
        return left < 6 ? 0 : 6;
      case MSG_CONTINUOUS_UPDATES: // EnableContinuousUpdates
        if (left < 10) return 0;
        // Only a viewer told that the server has them may ask for them.
        if (!this.announcedContinuous) {
          this.close();
          return 0;
        }
        this.onEnableContinuous(buf[at + 1] !== 0, readRect(buf, at + 2));
        return 10;
      case MSG_FENCE: {
        // ClientFence: a request is answered (after the update being written), an answer frees a
        // place for the next pushed update. A payload over 64 bytes or an answer to no request ends
        // the session.
        const read = readClientFence(buf, at);
        if (!read) return 0;
        if ('error' in read) {
          this.close();
          return 0;
        }
        const { fence } = read;
        if ((fence.flags & FENCE_REQUEST) !== 0) this.queue(fenceAnswer(fence));
        else if (this.fences.answered(fence) !== undefined) {
          this.close();
          return 0;
        }
        return read.size;
      }
      case 6: {
        // ClientCutText; a negative length is the Extended Clipboard form, same size rule.
        if (left < 8) return 0;
        const length = Math.abs(buf.readInt32BE(at + 4));
        if (length > MAX_CUT_TEXT) {
          this.close();
          return 0;
        }
        this.skip = length; // discarded as it arrives, never buffered
        return 8;
      }
      default:
        // Unknown message: its length is unknown too, so the stream cannot be resynchronised.
        this.close();
        return 0;
    }
  }

  private onSetPixelFormat(pf: PixelFormat): void {
    if (unsupportedReason(pf) !== undefined) return this.close();
    this.encoder = new PixelEncoder(pf);
    this.dropMoments();
    this.dirty.add(this.screenRect());
  }

  /**
   * Continuous updates on (for `area`, replacing an earlier one) or off. Off is always confirmed with
   * EndOfContinuousUpdates, after the update being written, even when they were off already.
   */
  private onEnableContinuous(enable: boolean, area: Rect): void {
    if (!enable) {
      this.dropMoments();
      this.continuous = false;
      this.continuousArea = undefined;
      this.queue(endOfContinuousUpdates());
      return;
    }
    this.dropMoments(); // kept for the old area
    this.continuous = true;
    this.continuousArea = intersect(area, this.screenRect());
    this.held = undefined; // incremental requests mean nothing while updates are pushed
  }

  private onUpdateRequest(incremental: boolean, area: Rect): void {
    const clipped = intersect(area, this.screenRect());
    if (!incremental) {
      // The answer shows the screen as it is: moments older than it must not follow it.
      this.dropMoments();
      // Always answered, even when nothing changed: viewers and liveness probes rely on it. Requests
      // that arrive before the answer goes out share it (RFC 6143 lets one update answer several).
      const merged =
        this.full?.area && clipped ? union(this.full.area, clipped) : (this.full?.area ?? clipped);
      this.full = { area: merged };
      this.held = undefined;
      return;
    }
    // Ignored while updates are pushed (the extension says so): the pushes answer them anyway.
    if (!clipped || this.continuous) return;
    this.held = this.held ? union(this.held, clipped) : clipped;
  }

  /** Starts the next update if one is due and none is being written. */
  private pump(): void {
    if (this.state !== 'normal' || this.updating) return;
    this.flushQueued();
    if (this.waitingForDrain) return;
    if (this.full) {
      const { area } = this.full;
      this.full = undefined;
      this.flushCopy();
      if (area) this.dirty.take(area);
      return this.startUpdate(area ? [area] : []);
    }
    // What the viewer wants: the area it pushes, or the one it asked for.
    const area = this.continuous ? this.continuousArea : this.held;
    if (!area) return;
    // A viewer that answers fences is kept at most FENCES_AHEAD pushed updates behind.
    if (this.continuous && this.takesFence && this.fences.unanswered >= FENCES_AHEAD) return;
    const moment = this.moments.shift();
    if (moment) {
      this.momentBytes -= moment.size;
      const { pixels } = moment;
      return this.startUpdate(moment.rects, moment.copy, 'deflated' in pixels ? unpackRows(pixels) : pixels);
    }
    if (this.copy && !contains(area, this.copy.area)) this.flushCopy();
    if (!this.copy && !this.dirty.intersects(area)) return;
    const copy = this.copy;
    this.copy = undefined;
    const rects = this.dirty.take(area);
    this.held = undefined;
    this.startUpdate(rects, copy);
  }

  /** Queues a message to go out after the update being written (at once if none is). */
  private queue(message: Buffer): void {
    this.queued.push(message);
    this.queuedBytes += message.length;
    if (this.queuedBytes > MAX_QUEUED_MESSAGES) this.close();
  }

  private flushQueued(): void {
    if (this.queued.length === 0) return;
    const messages = this.queued;
    this.queued = [];
    this.queuedBytes = 0;
    this.send(messages.length === 1 ? messages[0]! : Buffer.concat(messages));
  }

  /** A pending scroll is not going to be sent as such: its whole area goes out as pixels instead. */
  private flushCopy(): void {
    if (this.copy) this.dirty.add(this.copy.area);
    this.copy = undefined;
  }

  /**
   * Writes one FramebufferUpdate a slice per scheduler step. A slice the stream cannot take without
   * passing its high-water mark makes the update wait for 'drain' (and reading stop meanwhile).
   * The screen may change between slices: the update sends a copy taken now, so the viewer gets
   * one moment of the screen; later changes are in `dirty` and go out next time.
   */
  private startUpdate(rects: Rect[], copy?: Scroll, pixels?: PixelRows): void {
    this.updating = true;
    // The encoder now: a SetPixelFormat arriving meanwhile applies to the next update.
    const slices = updateSlices(
      rects,
      this.encoder,
      pixels ?? snapshot(this.host.framebuffer, rects),
      SLICE_BYTES,
      copy,
      this.takesZlib ? (this.zlib ??= zlibStream()) : undefined,
    );
    // The scheduler's order (lower first): an update that has not sent a slice yet goes before any
    // that has, so a keystroke's echo or a probe's answer never waits behind a full screen; then
    // the viewer sent the least lately before this update began (a new console's first frame
    // beats a flood).
    let started = false;
    const before = this.recent();
    const rank = () => (started ? STARTED_RANK : 0) + before;
    // A viewer sent this much lately takes update after update (a flood): its work is bulk.
    const bulk = before > BULK_BYTES;
    const step = (): boolean => {
      if (!this.isOpen) return false;
      const slice = slices.next().value!;
      started = true;
      const drained = this.send(slice.bytes);
      this.countSent(slice.bytes.length);
      if (!slice.last) return drained;
      this.updating = false;
      // While updates are pushed, each is followed by a fence: its answer says the viewer is done.
      if (this.continuous && this.takesFence) this.send(this.fences.request());
      // The next update (if one is due) waits until this one's bytes can go.
      if (drained) this.pump();
      return false;
    };
    const resume = () => {
      this.waitingForDrain = false;
      this.updateFlow();
      if (this.updating) this.host.scheduler.add(guarded, rank, bulk);
      else this.pump();
    };
    const guarded = (): boolean => {
      let more: boolean;
      try {
        more = step();
      } catch {
        this.close(); // a bug here must end this session, not the scheduler's other jobs
        return false;
      }
      if (!more && this.isOpen && this.outputFull && !this.waitingForDrain) {
        this.waitingForDrain = true;
        this.updateFlow();
        this.stream.once('drain', resume);
      }
      return more;
    };
    this.host.scheduler.add(guarded, rank, bulk);
  }

  /** Bytes sent lately, decayed. */
  private recent(): number {
    return this.recentBytes * Math.exp((this.recentAt - performance.now()) / RECENT_MS);
  }

  private countSent(bytes: number): void {
    this.recentBytes = this.recent() + bytes;
    this.recentAt = performance.now();
  }

  private screenRect(): Rect {
    return { x: 0, y: 0, w: this.host.width, h: this.host.height };
  }

  /**
   * True while the stream holds a slice or more that it has not passed on (its high-water mark, if
   * higher): then the next slice waits for 'drain'. One slice over the mark is allowed, so a stream
   * that passes data on at once (a socket the OS takes it from, the gateway's link) is not made to
   * wait after every slice bigger than its mark.
   */
  private get outputFull(): boolean {
    return this.stream.writableLength >= Math.max(this.stream.writableHighWaterMark, SLICE_BYTES);
  }

  /** Writes unless closed; false when the next slice must wait for 'drain' (see outputFull). */
  private send(data: Buffer): boolean {
    if (this.state === 'closed' || this.stream.destroyed || !this.stream.writable) return false;
    this.stream.write(data);
    if (this.stream.writableLength > MAX_BUFFERED_OUTPUT) {
      // Backpressure should never let it come to this; a stream that ignores it is cut off.
      this.close();
      return false;
    }
    return !this.outputFull;
  }
}

/** x, y, width and height as four U16 at `at` (FramebufferUpdateRequest, EnableContinuousUpdates). */
function readRect(buf: Buffer, at: number): Rect {
  return {
    x: buf.readUInt16BE(at),
    y: buf.readUInt16BE(at + 2),
    w: buf.readUInt16BE(at + 4),
    h: buf.readUInt16BE(at + 6),
  };
}

function sameRect(a: Rect, b: Rect): boolean {
  return a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;
}

function union(a: Rect, b: Rect): Rect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
}
