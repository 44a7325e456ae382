// How the first-frame benchmarks decide that a console shows its picture, shipped as source into
// the app's page and the bare noVNC page alike, so both sides are judged by exactly the same code.
// The functions below are self-contained (no imports, no module constants): `pictureWatcherSource()`
// turns them into one script that declares them as page globals.
//
// Two rules, both computed on every animation frame until they hold, on a canvas the user can see
// (a console in a hidden or not yet drawn tab does not count):
//   - 'foreground': more than PICTURE_PIXELS pixels differ from the background colour (the built-in
//     text console: its whole screen comes as one FramebufferUpdate, which noVNC shows at once);
//   - 'reference': the canvas equals the complete picture captured once the desktop had settled
//     (a real Xvnc: its first picture arrives over several messages and updates, and a partial
//     picture must not count).
// Both read a copy shrunk 7 times without smoothing (one pixel in 7 each way): reading back the
// whole canvas on every frame (4 MB at 1280×800) would hold up the page being timed. To prove the
// shrunk copy sees what the full canvas holds, a validation run also compares every pixel with the
// reference on every frame (`fullPixels`), and records the frame at which the app's console view
// says `data-phase=connected`.

/** The canvas being watched: noVNC's, in either page. */
export interface CanvasLike {
  width: number;
  height: number;
}

/** More foreground pixels than this count as a picture (the same threshold as the e2e waitForPicture). */
export const PICTURE_PIXELS = 500;

export type PictureRule = 'foreground' | 'reference';

export interface WatchOptions {
  /** CSS selector of the canvas. */
  canvas: string;
  rule: PictureRule;
  /** performance.now() of the click (app) or of `new RFB` (bare). */
  start: number;
  /** Also compare every pixel with the reference, and watch this element's data-phase. */
  validate?: { phaseOf?: string };
}

export interface PictureTiming {
  /** ms from `start` to the first frame the rule held. */
  ms: number;
  /** Animation frames counted from `start`, at which each check first held (-1: never). */
  detectedFrame: number;
  fullFrame: number;
  connectedFrame: number;
  fullMs: number;
  connectedMs: number;
}

interface SampleContext {
  imageSmoothingEnabled: boolean;
  clearRect(x: number, y: number, w: number, h: number): void;
  drawImage(image: CanvasLike, dx: number, dy: number, dw: number, dh: number): void;
  getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
}

interface SampleCanvas extends CanvasLike {
  getContext(kind: '2d', options?: { willReadFrequently: boolean }): SampleContext | null;
}

/** The canvas shrunk 7 times without smoothing, as RGBA words. (7 is coprime to the 9×16 glyph cells.) */
export function sampledPixels(canvas: CanvasLike): Uint32Array {
  if (canvas.width === 0 || canvas.height === 0) return new Uint32Array(0);
  const step = 7;
  const w = Math.ceil(canvas.width / step);
  const h = Math.ceil(canvas.height / step);
  const g = globalThis as unknown as {
    OffscreenCanvas: new (w: number, h: number) => SampleCanvas;
    __cvmSampler?: SampleCanvas;
  };
  let sampler = g.__cvmSampler;
  if (!sampler || sampler.width !== w || sampler.height !== h) {
    sampler = new g.OffscreenCanvas(w, h);
    g.__cvmSampler = sampler;
  }
  const ctx = sampler.getContext('2d', { willReadFrequently: true });
  if (!ctx) return new Uint32Array(0);
  ctx.imageSmoothingEnabled = false;
  ctx.clearRect(0, 0, w, h);
  ctx.drawImage(canvas, 0, 0, w, h);
  const { data } = ctx.getImageData(0, 0, w, h);
  return new Uint32Array(data.buffer, data.byteOffset, data.byteLength / 4);
}

/** Every pixel of the canvas, as RGBA words (the independent full-picture check). */
export function fullPixels(canvas: CanvasLike): Uint32Array {
  const ctx = (canvas as SampleCanvas).getContext('2d');
  if (!ctx || canvas.width === 0 || canvas.height === 0) return new Uint32Array(0);
  const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  return new Uint32Array(data.buffer, data.byteOffset, data.byteLength / 4);
}

/** Pixels whose colour differs from the most common one (the background), estimated from the samples. */
export function foregroundPixels(canvas: CanvasLike): number {
  const pixels = sampledPixels(canvas);
  const counts = new Map<number, number>();
  for (const pixel of pixels) {
    const rgb = pixel & 0xffffff;
    counts.set(rgb, (counts.get(rgb) ?? 0) + 1);
  }
  let background = 0;
  for (const n of counts.values()) background = Math.max(background, n);
  return (pixels.length - background) * 7 * 7;
}

export function samePixels(a: Uint32Array, b: Uint32Array): boolean {
  if (a.length !== b.length || a.length === 0) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Keeps the canvas's current picture as the reference the 'reference' rule compares with, once it
 * has not changed for `quietMs`. Resolves with a checksum, so two pages can be shown to agree.
 */
export function captureReference(selector: string, quietMs: number): Promise<string> {
  const g = globalThis as unknown as {
    document: { querySelector(sel: string): CanvasLike | null };
    __cvmReference?: { sampled: Uint32Array; full: Uint32Array };
  };
  return new Promise((resolve, reject) => {
    let last = new Uint32Array(0);
    let quietSince = performance.now();
    const deadline = quietSince + 15_000;
    const tick = (): void => {
      const canvas = g.document.querySelector(selector);
      const now = performance.now();
      if (now > deadline) return reject(new Error('the picture did not settle within 15 s'));
      const sampled = canvas ? sampledPixels(canvas) : new Uint32Array(0);
      if (!samePixels(sampled, last)) {
        last = sampled.slice();
        quietSince = now;
      } else if (now - quietSince >= quietMs && canvas) {
        const full = fullPixels(canvas).slice();
        g.__cvmReference = { sampled: last, full };
        let hash = 0x811c9dc5;
        for (let i = 0; i < full.length; i++) hash = Math.imul(hash ^ (full[i] as number), 0x01000193);
        return resolve(`${canvas.width}x${canvas.height}:${(hash >>> 0).toString(16)}`);
      }
      setTimeout(tick, 50);
    };
    tick();
  });
}

/** Polls on every animation frame until the picture rule holds (and, validating, every check held). */
export function watchPicture(options: WatchOptions, threshold: number): Promise<PictureTiming> {
  type Watched = CanvasLike & {
    getAttribute(n: string): string | null;
    checkVisibility?(options: { visibilityProperty: boolean; opacityProperty: boolean }): boolean;
  };
  const g = globalThis as unknown as {
    document: { querySelector(sel: string): Watched | null };
    requestAnimationFrame(callback: () => void): number;
    __cvmReference?: { sampled: Uint32Array; full: Uint32Array };
  };
  const reference = g.__cvmReference;
  if (options.rule === 'reference' && !reference) return Promise.reject(new Error('no reference picture'));
  const timing: PictureTiming = {
    ms: -1,
    detectedFrame: -1,
    fullFrame: -1,
    connectedFrame: -1,
    fullMs: -1,
    connectedMs: -1,
  };
  const phaseOf = options.validate?.phaseOf;
  let frame = 0;
  return new Promise((resolve, reject) => {
    const poll = (): void => {
      frame++;
      const now = performance.now();
      const canvas = g.document.querySelector(options.canvas);
      // A canvas counts only where the user can see it (not in a hidden tab). Checked only once
      // the pixels are right: it needs a fresh layout, which the watcher should not force each frame.
      const visible = (): boolean =>
        canvas?.checkVisibility?.({ visibilityProperty: true, opacityProperty: true }) === true;
      if (canvas && timing.detectedFrame < 0) {
        const seen =
          options.rule === 'foreground'
            ? foregroundPixels(canvas) > threshold
            : samePixels(sampledPixels(canvas), reference!.sampled);
        if (seen && visible()) {
          timing.detectedFrame = frame;
          timing.ms = now - options.start;
        }
      }
      if (options.validate) {
        const full =
          canvas && timing.fullFrame < 0 && reference && samePixels(fullPixels(canvas), reference.full);
        if (full && visible()) {
          timing.fullFrame = frame;
          timing.fullMs = now - options.start;
        }
        const view = phaseOf ? g.document.querySelector(phaseOf) : null;
        if (view && timing.connectedFrame < 0 && view.getAttribute('data-phase') === 'connected') {
          timing.connectedFrame = frame;
          timing.connectedMs = now - options.start;
        }
      }
      const done =
        timing.detectedFrame >= 0 &&
        (!options.validate || (timing.fullFrame >= 0 && (!phaseOf || timing.connectedFrame >= 0)));
      if (done) resolve(timing);
      else if (now - options.start > 15_000) reject(new Error('no picture within 15 s'));
      else g.requestAnimationFrame(poll);
    };
    g.requestAnimationFrame(poll);
  });
}

/**
 * One expression that makes the functions above globals of the page it is evaluated in (an
 * expression, not eval: the app's CSP forbids eval). Once per page: a fresh copy per sample runs cold.
 */
export function pictureWatcherSource(): string {
  const functions = [sampledPixels, fullPixels, foregroundPixels, samePixels, captureReference, watchPicture];
  const body = functions.map((fn) => fn.toString()).join('\n');
  const names = functions.map((fn) => fn.name).join(', ');
  return `Object.assign(globalThis, (() => {\n${body}\nreturn { ${names} };\n})())`;
}
