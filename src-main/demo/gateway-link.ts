// One accepted console connection: WebSocket frames one way, backend bytes the other, with the
// network faults tests inject (latency, a black hole that forwards nothing and closes nothing, drops).
// Backpressure both ways: a viewer that does not read pauses the backend, a backend that does not
// read pauses the viewer's socket, so a link holds little more than its high-water marks.
import type { Duplex } from 'node:stream';
import type WebSocket from 'ws';

// Bytes handed to the viewer's WebSocket but not yet taken by the OS (ws's bufferedAmount): above HIGH
// the backend is paused, at or below LOW it resumes, and past MAX (which backpressure should never
// let happen) the link drops.
const UNSENT_HIGH = 256 * 1024;
const UNSENT_LOW = 64 * 1024;
const MAX_UNSENT_BYTES = 4 * 1024 * 1024;

/** Delivers chunks in order, each `delayMs()` after it arrived (a delay may change on the fly). */
class DelayLine {
  private readonly queue: { due: number; chunk: Buffer }[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly delayMs: () => number,
    private readonly sink: (chunk: Buffer) => void,
  ) {}

  push(chunk: Buffer): void {
    const delay = this.delayMs();
    if (delay <= 0 && this.queue.length === 0) return this.sink(chunk);
    // Never overtake what is already queued: a link keeps its byte order.
    const last = this.queue[this.queue.length - 1];
    this.queue.push({ due: Math.max(Date.now() + delay, last?.due ?? 0), chunk });
    this.schedule();
  }

  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
  }

  private schedule(): void {
    if (this.timer || this.queue.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const now = Date.now();
      while (this.queue.length > 0 && this.queue[0]!.due <= now) this.sink(this.queue.shift()!.chunk);
      this.schedule();
    }, this.queue[0]!.due - Date.now());
  }
}

export class GatewayLink {
  private blackHoled = false;
  private closed = false;
  private readonly toBackend: DelayLine;
  private readonly toClient: DelayLine;
  private dropTimer: ReturnType<typeof setTimeout> | undefined;
  private backendPaused = false;
  private viewerPaused = false;

  constructor(
    readonly instanceId: string,
    private readonly ws: WebSocket,
    private readonly backend: Duplex,
    latencyMs: () => number,
    private readonly onClosed: (link: GatewayLink) => void,
  ) {
    this.toBackend = new DelayLine(latencyMs, (chunk) => this.toBackendNow(chunk));
    this.toClient = new DelayLine(latencyMs, (chunk) => this.toClientNow(chunk));
    ws.on('error', () => this.finish());
    ws.on('close', () => this.finish());
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
      if (!this.blackHoled) this.toBackend.push(toBuffer(data));
    });
    // autoPong is off on the server: a dead network must not answer pings either.
    ws.on('ping', (data: Buffer) => {
      if (!this.blackHoled && ws.readyState === ws.OPEN) ws.pong(data);
    });
    backend.on('error', () => this.finish());
    backend.on('data', (chunk: Buffer) => {
      if (!this.blackHoled) this.toClient.push(chunk);
    });
    // The VNC server hung up: tell the viewer with a normal close, as websockify-style gateways do.
    const backendGone = () => {
      if (!this.closed && !this.blackHoled) this.closeGracefully(1000, 'VNC server closed the connection');
    };
    backend.on('end', backendGone);
    backend.on('close', backendGone);
  }

  get isBlackHoled(): boolean {
    return this.blackHoled;
  }

  /** Stop forwarding both ways and answering pings, but keep both connections open. */
  blackHole(): void {
    this.blackHoled = true;
    this.toBackend.clear();
    this.toClient.clear();
  }

  /** An abrupt drop: the viewer's TCP connection is torn down without a close frame. */
  drop(): void {
    this.ws.terminate();
    this.finish();
  }

  /** A gateway-initiated close with a close frame (what a viewer reports as a clean close). */
  closeGracefully(code: number, reason: string): void {
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING)
      this.ws.close(code, reason);
    // A peer that never answers the close frame is cut off shortly after.
    setTimeout(() => this.ws.terminate(), 1000).unref?.();
    this.finish();
  }

  /** Arms (or with undefined disarms) a drop after `ms`. */
  dropAfter(ms: number | undefined): void {
    clearTimeout(this.dropTimer);
    this.dropTimer = ms === undefined ? undefined : setTimeout(() => this.drop(), ms);
  }

  private toBackendNow(chunk: Buffer): void {
    if (this.backend.destroyed || this.closed) return;
    if (this.backend.write(chunk) || this.viewerPaused) return;
    // The VNC server is not keeping up with this viewer: stop reading the viewer until it does.
    this.viewerPaused = true;
    this.ws.pause();
    this.backend.once('drain', () => {
      this.viewerPaused = false;
      if (!this.closed) this.ws.resume();
    });
  }

  private toClientNow(chunk: Buffer): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    // The callback runs once the socket has handed the frame to the OS (or failed to): the moment
    // a paused backend may go on.
    this.ws.send(chunk, { binary: true }, () => this.flowToClient());
    if (this.ws.bufferedAmount > MAX_UNSENT_BYTES) return this.drop();
    this.flowToClient();
  }

  /** Pauses the backend while the viewer is not taking what it was sent. */
  private flowToClient(): void {
    if (this.closed) return;
    const unsent = this.ws.bufferedAmount;
    if (!this.backendPaused && unsent > UNSENT_HIGH) {
      this.backendPaused = true;
      this.backend.pause();
    } else if (this.backendPaused && unsent <= UNSENT_LOW) {
      this.backendPaused = false;
      this.backend.resume();
    }
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.dropTimer);
    this.toBackend.clear();
    this.toClient.clear();
    this.backend.destroy();
    this.onClosed(this);
  }
}

function toBuffer(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
