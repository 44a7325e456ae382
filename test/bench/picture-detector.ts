// How the first-frame benchmarks decide that a console shows a picture, shared by the app's page
// and the bare noVNC page so both sides are judged by exactly the same rule. Self-contained (no
// imports, no closures): the benchmark ships its source into the app's page as it is.

export interface CanvasLike {
  width: number;
  height: number;
  getContext(
    kind: '2d',
  ): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
}

/** More foreground pixels than this count as a picture (the same threshold as the e2e waitForPicture). */
export const PICTURE_PIXELS = 500;

/**
 * Pixels whose colour differs from the most common one (the background), estimated from every 7th
 * pixel of every 7th row: a full count of the 288,000 pixels on every frame would itself hold up
 * the page it is timing. (7 is coprime to the 9×16 glyph cells, so text is not stepped over.)
 */
export function foregroundPixels(canvas: CanvasLike): number {
  const ctx = canvas.getContext('2d');
  if (!ctx || canvas.width === 0 || canvas.height === 0) return 0;
  const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const pixels = new Uint32Array(data.buffer, data.byteOffset, data.byteLength / 4);
  const step = 7;
  const counts = new Map<number, number>();
  let sampled = 0;
  for (let y = 0; y < canvas.height; y += step) {
    for (let x = 0; x < canvas.width; x += step) {
      const rgb = pixels[y * canvas.width + x]! & 0xffffff;
      counts.set(rgb, (counts.get(rgb) ?? 0) + 1);
      sampled++;
    }
  }
  let background = 0;
  for (const n of counts.values()) background = Math.max(background, n);
  return (sampled - background) * step * step;
}
