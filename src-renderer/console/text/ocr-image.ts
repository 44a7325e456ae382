// Prepares a screen area for OCR: grey levels, dark text on a light ground (what Tesseract is trained
// on), enlarged so that small UI text reaches the glyph height its models read best, and wrapped as a
// binary PGM file, which Tesseract's image reader (Leptonica) takes without any codec.
import type { PixelImage, Rect } from './pixel-image';

/** Text below this cap height (pixels) is enlarged before OCR. */
const SMALL_TEXT_SCALE = 2;

export interface OcrImage {
  width: number;
  height: number;
  /** Binary PGM (P5) bytes. */
  pgm: Uint8Array;
  scale: number;
}

/** Grey level (0..255) of an RGBA pixel, Rec. 601 weights. */
function grey(data: PixelImage['data'], o: number): number {
  return (data[o]! * 299 + data[o + 1]! * 587 + data[o + 2]! * 114) / 1000;
}

/**
 * The area as a PGM, enlarged `scale` times by bilinear interpolation, inverted when the area is
 * mostly dark (light text on a dark ground).
 */
export function ocrImage(image: PixelImage, area: Rect, scale = SMALL_TEXT_SCALE): OcrImage {
  const { data, width } = image;
  const src = new Float32Array(area.w * area.h);
  let sum = 0;
  for (let y = 0; y < area.h; y++) {
    for (let x = 0; x < area.w; x++) {
      const g = grey(data, ((area.y + y) * width + area.x + x) * 4);
      src[y * area.w + x] = g;
      sum += g;
    }
  }
  const invert = sum / src.length < 128;
  const w = area.w * scale;
  const h = area.h * scale;
  const header = new TextEncoder().encode(`P5\n${w} ${h}\n255\n`);
  const pgm = new Uint8Array(header.length + w * h);
  pgm.set(header);
  let o = header.length;
  for (let y = 0; y < h; y++) {
    const sy = Math.min(area.h - 1, Math.max(0, (y + 0.5) / scale - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(area.h - 1, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < w; x++, o++) {
      const sx = Math.min(area.w - 1, Math.max(0, (x + 0.5) / scale - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(area.w - 1, x0 + 1);
      const fx = sx - x0;
      const top = src[y0 * area.w + x0]! * (1 - fx) + src[y0 * area.w + x1]! * fx;
      const bottom = src[y1 * area.w + x0]! * (1 - fx) + src[y1 * area.w + x1]! * fx;
      const v = top * (1 - fy) + bottom * fy;
      pgm[o] = invert ? 255 - v : v;
    }
  }
  return { width: w, height: h, pgm, scale };
}
