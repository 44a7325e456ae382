// Stand-ins for noVNC's RFB and our WebSocket (noVNC itself needs a real browser): enough of RFB's
// events and of the FramebufferUpdate internals that novnc-picture.ts wraps.

export class FakeSocket extends EventTarget {
  binaryType = 'blob';
  readyState = 1;
  readonly sent: Uint8Array[] = [];
  constructor(readonly url: string) {
    super();
  }
  send(data: Uint8Array): void {
    this.sent.push(data);
  }
  close(): void {
    this.readyState = 3;
  }
  message(): void {
    this.dispatchEvent(new MessageEvent('message', { data: new ArrayBuffer(4) }));
  }
}

/** The part of noVNC's Display the picture watcher waits on: its render queue. */
export class FakeDisplay {
  /** Drawing actions still queued (decoded images…); flush() waits for them. */
  pending = false;
  private waiters: (() => void)[] = [];
  flush(): Promise<void> {
    if (!this.pending) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }
  /** The queued actions are drawn. */
  drain(): void {
    this.pending = false;
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}

export class FakeRfb extends EventTarget {
  static last: FakeRfb;
  viewOnly = false;
  scaleViewport = false;
  resizeSession = false;
  clipViewport = false;
  qualityLevel = 6;
  compressionLevel = 2;
  background = '';
  focusOnClick = false;
  _supportsSetDesktopSize = false;
  _fbWidth = 0;
  _fbHeight = 0;
  _FBU = { width: 0, height: 0 };
  _display = new FakeDisplay();
  readonly credentials: unknown[] = [];
  disconnected = 0;
  /** The data rectangles of the update being read, and whether all of them have arrived. */
  private update: { rects: readonly (readonly [number, number])[]; complete: boolean } = {
    rects: [],
    complete: true,
  };

  constructor(
    readonly target: Element,
    readonly socket: FakeSocket,
  ) {
    super();
    FakeRfb.last = this;
  }
  sendCredentials(c: unknown): void {
    this.credentials.push(c);
  }
  disconnect(): void {
    this.disconnected++;
  }
  toBlob(cb: (b: Blob) => void): void {
    cb(new Blob(['png']));
  }
  fire(type: string, detail: unknown = {}): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
  /** ServerInit: the framebuffer's size, then noVNC's `connect` event. */
  connect(width: number, height: number): void {
    this._fbWidth = width;
    this._fbHeight = height;
    this.fire('connect');
  }
  /**
   * noVNC reading a FramebufferUpdate whose data rectangles are `rects` (width × height); with
   * `complete` false, its last rectangle's bytes have not all arrived yet.
   */
  readUpdate(rects: readonly (readonly [number, number])[], complete = true): boolean {
    this.update = { rects, complete };
    return this._framebufferUpdate();
  }

  // noVNC 1.7's private methods, as the picture watcher sees them (it wraps them on the instance).
  _handleDataRect(): boolean {
    return true;
  }
  _framebufferUpdate(): boolean {
    const { rects, complete } = this.update;
    for (let i = 0; i < rects.length; i++) {
      [this._FBU.width, this._FBU.height] = rects[i]!;
      if (i === rects.length - 1 && !complete) return false;
      if (!this._handleDataRect()) return false;
    }
    return true;
  }
}
