// Prepares a screen area for OCR: grey levels, dark text on a light ground (what Tesseract is trained
// on), enlarged so that small UI text reaches the glyph height its models read best, and wrapped as a
// binary PGM file, which Tesseract's image reader (Leptonica) takes without any codec.
import type { PixelImage, Rect } from './pixel-image';

// Areas up to this many pixels are enlarged twice before OCR: small UI text reads better so, and a
// selection is small enough for the fourfold work. A whole screen is read as it is (1280x800 would
// otherwise take well over the 1.5 s budget).
const ENLARGE_MAX_PIXELS = 640 * 400;

export interface OcrImage {
  width: number;
  height: number;
  /** Binary PGM (P5) bytes. */
  pgm: Uint8Array;
  scale: number;
}

export function defaultScale(area: Rect): number {
  return area.w * area.h <= ENLARGE_MAX_PIXELS ? 2 : 1;
}

/**
 * What Tesseract is given for `area`: its content box (contentBox), enlarged by the size of the
 * area asked for, not of the box. A whole screen is read as it is even when its text fills only a
 * small box (a dialog on a plain desktop): enlarging that box doubled the reading's CPU time.
 */
export function ocrInput(image: PixelImage, area: Rect, scale = defaultScale(area)): OcrImage {
  return ocrImage(image, contentBox(image, area), scale);
}

/**
 * The part of `area` that differs from the colour of its border (a dialog on a plain desktop, the
 * text column of a page): OCR spends its time on what can hold text. The whole area when nothing does.
 */
export function contentBox(image: PixelImage, area: Rect): Rect {
  const { data, width } = image;
  const at = (x: number, y: number) => {
    const o = (y * width + x) * 4;
    return (data[o]! << 16) | (data[o + 1]! << 8) | data[o + 2]!;
  };
  const border = new Map<number, number>();
  const count = (x: number, y: number) => border.set(at(x, y), (border.get(at(x, y)) ?? 0) + 1);
  for (let x = area.x; x < area.x + area.w; x++) {
    count(x, area.y);
    count(x, area.y + area.h - 1);
  }
  for (let y = area.y; y < area.y + area.h; y++) {
    count(area.x, y);
    count(area.x + area.w - 1, y);
  }
  let ground = 0;
  let most = -1;
  for (const [c, n] of border) if (n > most) [ground, most] = [c, n];
  let left = area.x + area.w;
  let right = area.x - 1;
  let top = area.y + area.h;
  let bottom = area.y - 1;
  for (let y = area.y; y < area.y + area.h; y++) {
    for (let x = area.x; x < area.x + area.w; x++) {
      if (at(x, y) === ground) continue;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      bottom = y;
    }
  }
  if (right < left) return area;
  // A margin of a few pixels: Tesseract reads glyphs that touch the image edge badly.
  const m = 4;
  const x = Math.max(area.x, left - m);
  const y = Math.max(area.y, top - m);
  return {
    x,
    y,
    w: Math.min(area.x + area.w, right + 1 + m) - x,
    h: Math.min(area.y + area.h, bottom + 1 + m) - y,
  };
}

/** Grey level (0..255) of an RGBA pixel, Rec. 601 weights. */
function grey(data: PixelImage['data'], o: number): number {
  return (data[o]! * 299 + data[o + 1]! * 587 + data[o + 2]! * 114) / 1000;
}

/**
 * The area as a PGM, enlarged `scale` times by bilinear interpolation, inverted when the area is
 * mostly dark (light text on a dark ground).
 */
export function ocrImage(image: PixelImage, area: Rect, scale = defaultScale(area)): OcrImage {
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
