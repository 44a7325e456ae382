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

/**
 * The parts of noVNC's Display the watchers rely on: its render queue, and its flip, which copies
 * what the update drew (the damage bounds) from the back buffer onto the visible canvas.
 */
export class FakeDisplay {
  _damageBounds = { left: 65535, top: 65535, right: 0, bottom: 0 };
  /** noVNC's render queue: a decoded image not drawn yet, and the flips queued behind it. */
  _renderQ: { type: 'img' | 'flip' }[] = [];
  /** What each flip copied onto the visible canvas (x, y, width, height), empty ones left out. */
  readonly copied: [number, number, number, number][] = [];
  /** The visible canvas (sized at ServerInit) and its context, which records what is put on it. */
  _target = { width: 0, height: 0, style: { visibility: '' } };
  /** The back buffer the updates are drawn on (sized at ServerInit). */
  _backbuffer = { width: 0, height: 0 };
  /** Each putImageData onto the visible canvas: x, y, width, height, and the canvas's visibility then. */
  readonly puts: [number, number, number, number, string][] = [];
  /** The visible canvas's visibility at each copy. */
  readonly copiedWhile: string[] = [];
  _targetCtx = {
    createImageData: (width: number, height: number) => ({
      width,
      height,
      data: new Uint8ClampedArray(width * height * 4),
    }),
    putImageData: (image: { width: number; height: number }, x: number, y: number) =>
      this.puts.push([x, y, image.width, image.height, this._target.style.visibility]),
  };
  private waiters: (() => void)[] = [];
  /** Drawing actions still queued (a decoded image…); flush() waits for them. */
  get pending(): boolean {
    return this._renderQ.length > 0;
  }
  set pending(value: boolean) {
    if (value && !this.pending) this._renderQ.push({ type: 'img' });
  }
  flush(): Promise<void> {
    if (!this.pending) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }
  /** The queued actions are drawn (and the flips queued behind them done). */
  drain(): void {
    while (this._renderQ.length > 0) {
      if (this._renderQ.shift()!.type === 'flip') this.flip(true);
    }
    for (const resolve of this.waiters.splice(0)) resolve();
  }
  /** An update drew this rectangle onto the back buffer (noVNC's _damage). */
  draw(x: number, y: number, width: number, height: number): void {
    const b = this._damageBounds;
    b.left = Math.min(b.left, x);
    b.top = Math.min(b.top, y);
    b.right = Math.max(b.right, x + width);
    b.bottom = Math.max(b.bottom, y + height);
  }
  /** noVNC 1.7's flip: queued while drawing is pending, else the damage is copied and reset. */
  flip(fromQueue?: boolean): void {
    if (this._renderQ.length !== 0 && !fromQueue) {
      this._renderQ.push({ type: 'flip' });
      return;
    }
    const b = this._damageBounds;
    if (b.right > b.left && b.bottom > b.top) {
      this.copied.push([b.left, b.top, b.right - b.left, b.bottom - b.top]);
      this.copiedWhile.push(this._target.style.visibility);
    }
    this._damageBounds = { left: 65535, top: 65535, right: 0, bottom: 0 };
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
    this._display._target.width = width;
    this._display._target.height = height;
    this._display._backbuffer.width = width;
    this._display._backbuffer.height = height;
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
