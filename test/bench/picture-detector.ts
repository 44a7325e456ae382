// How the first-frame benchmarks decide that a console shows a picture, shared by the app's page
// and the bare noVNC page so both sides are judged by exactly the same rule. Self-contained (no
// imports, no closures): the benchmark ships its source into the app's page as it is.

/** The canvas being watched: noVNC's, in either page. */
export interface CanvasLike {
  width: number;
  height: number;
}

interface SampleContext {
  imageSmoothingEnabled: boolean;
  clearRect(x: number, y: number, w: number, h: number): void;
  drawImage(image: CanvasLike, dx: number, dy: number, dw: number, dh: number): void;
  getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
}

interface SampleCanvas {
  width: number;
  height: number;
  getContext(kind: '2d', options: { willReadFrequently: boolean }): SampleContext | null;
}

/** More foreground pixels than this count as a picture (the same threshold as the e2e waitForPicture). */
export const PICTURE_PIXELS = 500;

/**
 * Pixels whose colour differs from the most common one (the background), estimated from every 7th
 * pixel of every 7th row. (7 is coprime to the 9×16 glyph cells, so text is not stepped over.)
 *
 * The samples come from a copy shrunk 7 times without smoothing, which picks one pixel in 7 each
 * way: reading back the whole canvas on every animation frame (1.15 MB for 720×400) held up the
 * page being timed. The watcher must cost next to nothing, or it weighs on whichever page shows
 * its canvas earlier.
 */
export function foregroundPixels(canvas: CanvasLike): number {
  if (canvas.width === 0 || canvas.height === 0) return 0;
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
  if (!ctx) return 0;
  ctx.imageSmoothingEnabled = false;
  ctx.clearRect(0, 0, w, h);
  ctx.drawImage(canvas, 0, 0, w, h);
  const { data } = ctx.getImageData(0, 0, w, h);
  const pixels = new Uint32Array(data.buffer, data.byteOffset, data.byteLength / 4);
  const counts = new Map<number, number>();
  for (const pixel of pixels) {
    const rgb = pixel & 0xffffff;
    counts.set(rgb, (counts.get(rgb) ?? 0) + 1);
  }
  let background = 0;
  for (const n of counts.values()) background = Math.max(background, n);
  return (pixels.length - background) * step * step;
}
