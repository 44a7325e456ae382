// When noVNC has drawn a connection's first complete picture. noVNC draws a FramebufferUpdate
// rectangle by rectangle as its bytes arrive (a real desktop's first update spans several WebSocket
// messages over tens of ms), and queues some rectangles (JPEG) until they are decoded; it has no
// event for "the picture is complete". So we wrap two of its private methods on the one RFB object:
// the picture is complete at the end of the first FramebufferUpdate after which data rectangles have
// covered the whole framebuffer, once noVNC's render queue (which ends with that update's flip onto
// the visible canvas) has drained. Checked against the pinned noVNC by test/e2e/novnc-bundle.test.ts.
import type RFB from '@novnc/novnc';

/** The parts of noVNC 1.7's RFB this relies on. */
interface RfbInternals {
  /** Reads one FramebufferUpdate; true once all its rectangles are handled (and flip() was called). */
  _framebufferUpdate(): boolean;
  /** Decodes one pixel-data rectangle; true once it is complete. */
  _handleDataRect(): boolean;
  /** The rectangle being handled. */
  _FBU: { width: number; height: number };
  _fbWidth: number;
  _fbHeight: number;
  /** Resolves once every queued drawing action (decoded images, the update's flip) has been done. */
  _display: { flush(): Promise<void> };
}

export function hasPictureHooks(rfb: object): boolean {
  const r = rfb as Partial<RfbInternals>;
  return typeof r._framebufferUpdate === 'function' && typeof r._handleDataRect === 'function';
}

/**
 * Calls `onPicture` once, when `rfb`'s first complete picture is on its canvas, and `onPixels`
 * once, when the first pixels from the server are on noVNC's back buffer (its first data
 * rectangle). Install it right after `new RFB(...)`, before any message arrives. Returns a
 * function that stops watching.
 */
export function watchFirstPicture(
  rfb: RFB,
  onPicture: () => void,
  onPixels: () => void = () => {},
): () => void {
  const r = rfb as unknown as RfbInternals;
  if (!hasPictureHooks(r)) {
    throw new Error('This noVNC has no FramebufferUpdate internals to watch (noVNC 1.7 is expected).');
  }
  const readUpdate = r._framebufferUpdate;
  const decodeRect = r._handleDataRect;
  let covered = 0;
  let pixels = false;
  let watching = true;
  const unhook = (): void => {
    // Own properties shadow the prototype's methods; deleting them restores noVNC's own.
    delete (r as Partial<RfbInternals>)._framebufferUpdate;
    delete (r as Partial<RfbInternals>)._handleDataRect;
  };
  r._handleDataRect = function (this: RfbInternals): boolean {
    const complete = decodeRect.call(this);
    if (!complete) return false;
    covered += this._FBU.width * this._FBU.height;
    if (!pixels) {
      pixels = true;
      if (watching) onPixels();
    }
    return true;
  };
  r._framebufferUpdate = function (this: RfbInternals): boolean {
    const complete = readUpdate.call(this);
    const area = this._fbWidth * this._fbHeight;
    if (complete && area > 0 && covered >= area) {
      unhook();
      void this._display.flush().then(() => {
        if (!watching) return;
        watching = false;
        onPicture();
      });
    }
    return complete;
  };
  return () => {
    if (!watching) return;
    watching = false;
    unhook();
  };
}

/** The part of noVNC 1.7's Display this relies on: flip() ends each FramebufferUpdate. */
interface DisplayInternals {
  _display: {
    flip(fromQueue?: boolean): void;
    /** The visible canvas, and its context: flip() copies the back buffer onto it. */
    _target?: { width: number; height: number; style: { visibility: string } };
    _targetCtx?: Pick<CanvasRenderingContext2D, 'createImageData' | 'putImageData'> | null;
    /** The back buffer the updates are drawn on. */
    _backbuffer?: { width: number; height: number };
    /** What the update drew since the last flip, in framebuffer pixels (flip resets it). */
    _damageBounds: { left: number; top: number; right: number; bottom: number };
    /** Drawing actions waiting (decoded images); a flip called meanwhile is queued behind them. */
    _renderQ: unknown[];
  };
}

/** The part of the framebuffer one FramebufferUpdate drew (empty: width or height 0). */
export interface FrameDamage {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What noVNC's Display will copy onto the canvas at its next flip (empty: width or height 0). */
function damageOf(display: DisplayInternals['_display']): FrameDamage {
  const { left, top, right, bottom } = display._damageBounds;
  return { x: left, y: top, width: Math.max(0, right - left), height: Math.max(0, bottom - top) };
}

function displayOf(rfb: RFB): DisplayInternals['_display'] {
  const display = (rfb as unknown as Partial<DisplayInternals>)._display;
  if (
    !display ||
    typeof display.flip !== 'function' ||
    typeof display._damageBounds !== 'object' ||
    !Array.isArray(display._renderQ)
  ) {
    throw new Error('This noVNC has no Display.flip to watch (noVNC 1.7 is expected).');
  }
  return display;
}

/**
 * Wraps the display's flip in `wrapper` (an own property over the one found, so wrappers stack);
 * returns a function that puts back what was there.
 */
function wrapFlip(
  display: DisplayInternals['_display'],
  wrapper: (flip: (fromQueue?: boolean) => void, fromQueue?: boolean) => void,
): () => void {
  const own = Object.hasOwn(display, 'flip');
  const flip = display.flip;
  display.flip = function (this: DisplayInternals['_display'], fromQueue?: boolean): void {
    wrapper((q) => flip.call(this, q), fromQueue);
  };
  return () => {
    if (own) display.flip = flip;
    else delete (display as Partial<DisplayInternals['_display']>).flip;
  };
}

/**
 * Calls `onFrame` after each FramebufferUpdate noVNC puts on its canvas (its Display's flip), with
 * the part of the framebuffer the update drew, so a reader of the screen (the text transcript) looks
 * only when something changed. A flip noVNC queues behind decoded images is reported when it is
 * done, not when it is queued. The call comes after the flip, which it never holds up. Returns a
 * function that stops watching.
 */
export function watchFrames(rfb: RFB, onFrame: (damage: FrameDamage) => void): () => void {
  const display = displayOf(rfb);
  let watching = true;
  const unwrap = wrapFlip(display, (flip, fromQueue) => {
    // As noVNC's flip decides: with drawing still queued, this call only queues the real flip.
    const queued = display._renderQ.length !== 0 && !fromQueue;
    const damage = damageOf(display);
    flip(fromQueue);
    if (watching && !queued) onFrame(damage);
  });
  return () => {
    if (!watching) return;
    watching = false;
    unwrap();
  };
}

/**
 * Leaves on noVNC's back buffer an update for which `hold(damage)` is true: it is not copied onto
 * the visible canvas now, and its damage stays in noVNC's bounds, so the next update's flip copies
 * it too. For the liveness probe's one-pixel answer on an idle screen: copying it costs a copy of
 * the whole back buffer in the browser (it was just read by the previous copy), for no change.
 */
export function holdFlips(rfb: RFB, hold: (damage: FrameDamage) => boolean): void {
  const display = displayOf(rfb);
  wrapFlip(display, (flip, fromQueue) => {
    const queued = display._renderQ.length !== 0 && !fromQueue;
    if (!queued && hold(damageOf(display))) return;
    flip(fromQueue);
  });
}

/**
 * Makes the first copy onto noVNC's visible canvas cheap. The browser gives a freshly sized canvas
 * its memory at the first drawing on it: about 3 ms for 1280×800 here, which, inside the task of the
 * first update, delayed the first picture (docs/benchmarks.md, "The Xvnc first frame, s27").
 * `prime()`, called once the handshake is through and the first update asked for (the server is
 * preparing it), draws one transparent pixel, so that cost is paid while the renderer waits; and
 * hides the canvas until its first copy, so the compositor does not take up a transparent canvas
 * meanwhile (what nothing copied before the server's first pixels saves, see holdFlips). Install it
 * right after `new RFB(...)`, before holdFlips: it wraps the flips that are really done.
 */
export function primeFirstCopy(rfb: RFB): { prime(): void } {
  const display = displayOf(rfb);
  let hidden = false;
  let copied = false;
  // Not unwrapped after the first copy: holdFlips, installed after it, calls it from then on.
  wrapFlip(display, (flip, fromQueue) => {
    if (!copied) {
      copied = true;
      if (hidden) display._target!.style.visibility = '';
    }
    flip(fromQueue);
  });
  return {
    prime() {
      const canvas = display._target;
      const ctx = display._targetCtx;
      if (copied || hidden || !canvas || !ctx || canvas.width === 0 || canvas.height === 0) return;
      hidden = true;
      canvas.style.visibility = 'hidden';
      ctx.putImageData(ctx.createImageData(1, 1), 0, 0);
    },
  };
}

/**
 * Gives back the memory of a finished connection's canvases at once (8 MB at 1280×800, the back
 * buffer and the visible canvas), rather than at the next garbage collection: freed pixels leave
 * the JS engine's external-memory count right away, so the next connect is less likely to cross its
 * limit and set off a full collection in the middle of the connect (docs/benchmarks.md, "The Xvnc
 * first frame, s27"). Call it once nothing shows or reads the connection's pixels again.
 */
export function releasePixels(rfb: RFB): void {
  const display = (rfb as unknown as Partial<DisplayInternals>)._display;
  for (const canvas of [display?._backbuffer, display?._target]) {
    if (!canvas) continue;
    canvas.width = 0;
    canvas.height = 0;
  }
}
