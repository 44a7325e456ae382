// The demo cloud's built-in VNC server: one text console per instance, served over RFB 3.8 to any
// number of viewers at once (all see the same screen), recording every key that arrives.
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { Framebuffer, CELL_HEIGHT, CELL_WIDTH } from './framebuffer';
import { LinuxConsole } from './linux-console';
import { WindowsConsole } from './windows-console';
import { hostnameFromTitle, TypedText } from './text-console';
import type { ConsoleModel } from './text-console';
import { RfbSession } from './rfb-session';
import type { RfbHost } from './rfb-session';
import type { Modifiers } from './keysyms';
import { encodeScheduler } from './fair-scheduler';

export interface BuiltinVncServerOptions {
  /** Framebuffer size; default 720x400 (80x25 text cells of 9x16, like a VGA text console). */
  width?: number;
  height?: number;
  /** Banner, e.g. 'Ubuntu 22.04 LTS web-01 tty1' (ttyN follows the active tty); also the desktop name. */
  title: string;
  flavour: 'linux' | 'windows';
  /** Enables VNC Authentication (security type 2) with this password; otherwise security None. */
  password?: string;
  /** Shown in prompts; default: the word before 'ttyN' in the title (Linux), 'WIN-DEMO' (Windows). */
  hostname?: string;
  /** How long the "rebooting" message stays after Ctrl+Alt+Del; default 1500 ms. */
  rebootDelayMs?: number;
}

export interface KeyEventRecord {
  keysym: number;
  down: boolean;
  at: number;
}

// Keeps a long-running demo bounded; far beyond anything a test sends.
const KEY_LOG_LIMIT = 100_000;

/** The screen half of the server, built on first use: a fleet of 10,000 servers costs next to nothing. */
interface Screen {
  fb: Framebuffer;
  model: ConsoleModel;
  host: RfbHost;
}

export class BuiltinVncServer {
  private screen: Screen | undefined;
  private readonly typed = new TypedText();
  private readonly sessions = new Set<RfbSession>();
  private readonly keyLog: KeyEventRecord[] = [];
  private readonly sockets = new Set<Socket>();
  private listener: Server | undefined;
  private closed = false;
  private repaintPending: ReturnType<typeof setImmediate> | undefined;
  private readonly width: number;
  private readonly height: number;

  constructor(private readonly opts: BuiltinVncServerOptions) {
    this.width = opts.width ?? 720;
    this.height = opts.height ?? 400;
    const { width, height } = this;
    if (width < CELL_WIDTH * 40 || height < CELL_HEIGHT * 12 || width > 4096 || height > 4096) {
      throw new RangeError('framebuffer must be between 360x192 and 4096x4096');
    }
  }

  private get ready(): Screen {
    if (this.screen) return this.screen;
    const { opts, sessions, keyLog } = this;
    const fb = new Framebuffer(this.width, this.height);
    const consoleOpts = {
      title: opts.title,
      hostname: opts.hostname ?? (opts.flavour === 'linux' ? hostnameFromTitle(opts.title) : 'WIN-DEMO'),
      cols: fb.cols,
      rows: fb.rows,
      rebootDelayMs: opts.rebootDelayMs ?? 1500,
    };
    // Repainting once per turn, not per key: a flood of keys costs one render, not thousands.
    const changed = () => {
      this.repaintPending ??= setImmediate(() => {
        this.repaintPending = undefined;
        this.repaint();
      });
    };
    const model =
      opts.flavour === 'windows'
        ? new WindowsConsole(consoleOpts, this.typed, changed)
        : new LinuxConsole(consoleOpts, this.typed, changed);
    fb.render(model.screen);
    const host: RfbHost = {
      width: this.width,
      height: this.height,
      name: opts.title,
      password: opts.password,
      framebuffer: fb,
      scheduler: encodeScheduler,
      keyEvent(keysym: number, down: boolean, mods: Modifiers) {
        keyLog.push({ keysym, down, at: Date.now() });
        if (keyLog.length > KEY_LOG_LIMIT) keyLog.splice(0, KEY_LOG_LIMIT / 2);
        if (down) model.keyDown(keysym, mods);
      },
      sessionClosed(session: RfbSession) {
        sessions.delete(session);
      },
    };
    this.screen = { fb, model, host };
    return this.screen;
  }

  /** Serve one RFB session over any duplex stream (a TCP socket, or the gateway's WebSocket stream). */
  handle(stream: Duplex): void {
    if (this.closed) {
      stream.on('error', () => {});
      stream.destroy();
      return;
    }
    const session = new RfbSession(stream, this.ready.host);
    if (session.isOpen) this.sessions.add(session);
  }

  /** Optional plain TCP listener, loopback only by default. */
  listen(port = 0, host = '127.0.0.1'): Promise<{ port: number }> {
    if (this.listener) return Promise.reject(new Error('already listening'));
    const server = createServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.setNoDelay(true);
      this.handle(socket);
    });
    this.listener = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        server.on('error', () => {}); // after listening, errors belong to sockets, which handle their own
        resolve({ port: (server.address() as AddressInfo).port });
      });
    });
  }

  /** Every key event received, in order, across sessions. */
  keyEvents(): KeyEventRecord[] {
    return this.keyLog.map((k) => ({ ...k }));
  }

  /** What the console received as text: printable keys, '\n' for Enter, Backspace applied. */
  typedText(): string {
    return this.typed.toString();
  }

  /** The visible console as plain text, one line per row (trailing blank rows dropped). */
  screenText(): string {
    const s = this.ready.model.screen;
    const lines = Array.from({ length: s.rows }, (_, y) => s.rowText(y));
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return lines.join('\n');
  }

  get connections(): number {
    return this.sessions.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearImmediate(this.repaintPending);
    this.screen?.model.dispose();
    for (const s of [...this.sessions]) s.close();
    for (const socket of this.sockets) socket.destroy();
    const listener = this.listener;
    this.listener = undefined;
    if (listener) await new Promise<void>((resolve) => listener.close(() => resolve()));
  }

  private repaint(): void {
    const { fb, model } = this.ready;
    for (const s of this.sessions) s.keepMoment();
    const { scroll, rects } = fb.render(model.screen);
    if (!scroll && rects.length === 0) return;
    for (const s of this.sessions) {
      if (scroll) s.markScrolled(scroll);
      s.markDirty(rects);
    }
  }
}
