// One FramebufferUpdate (RFC 6143 §7.6.1): a CopyRect first if the screen scrolled, then Raw
// rectangles, cut into slices of about `sliceBytes`
// each: the message header, rectangle headers and whole rows, so a big update can be encoded and
// written a piece at a time between other work. The pixels are those of one moment (`snapshot`):
// the screen goes on changing while the slices go out, and an update that read the live screen
// showed rows, even parts of rows, from different moments: text lines that never existed.
import type { Rect, Scroll } from './framebuffer';
import type { PixelEncoder, PixelSource } from './pixel-format';

const ENCODING_RAW = 0;
export const ENCODING_COPY_RECT = 1;

export interface UpdateSlice {
  bytes: Buffer;
  /** How many pixels it carries. */
  pixels: number;
  /** The update's final slice. */
  last: boolean;
}

/** A copy of some rows of a framebuffer: its row 0 is the source's row `top`. */
export interface PixelRows extends PixelSource {
  readonly top: number;
}

/** The rows of `src` that `rects` cover, copied now (one copy of the band from the first to the last). */
export function snapshot(src: PixelSource, rects: readonly Rect[]): PixelRows {
  if (rects.length === 0) return { width: src.width, pixels: new Uint32Array(0), top: 0 };
  const top = Math.min(...rects.map((r) => r.y));
  const bottom = Math.max(...rects.map((r) => r.y + r.h));
  return { width: src.width, pixels: src.pixels.slice(top * src.width, bottom * src.width), top };
}

export function* updateSlices(
  rects: readonly Rect[],
  encoder: PixelEncoder,
  src: PixelRows,
  sliceBytes: number,
  scroll?: Scroll,
): Generator<UpdateSlice, void, undefined> {
  const bpp = encoder.bytesPerPixel;
  const copyBytes = scroll ? 16 : 0;
  let first = true;
  let index = 0; // the rectangle being encoded
  let row = 0; // its next row
  do {
    // Plan the slice, then fill one buffer (its own memory, so aligned for the encoder's views).
    const plan: { r: Rect; row: number; rows: number }[] = [];
    let size = first ? 4 + copyBytes : 0;
    let pixelBytes = 0;
    while (index < rects.length && pixelBytes < sliceBytes) {
      const r = rects[index]!;
      if (row === 0) size += 12;
      const fit = Math.floor((sliceBytes - pixelBytes) / (r.w * bpp));
      const rows = Math.min(r.h - row, Math.max(1, fit));
      plan.push({ r, row, rows });
      pixelBytes += rows * r.w * bpp;
      row += rows;
      if (row === r.h) {
        index++;
        row = 0;
      }
    }
    const bytes = Buffer.allocUnsafeSlow(size + pixelBytes);
    let o = 0;
    if (first) {
      bytes.writeUInt32BE(rects.length + (scroll ? 1 : 0), 0); // message type 0, padding, rectangles
      o = 4;
      if (scroll) {
        // The viewer moves the rows itself: the area less its top dy rows, taken from dy rows lower.
        const { area, dy } = scroll;
        bytes.writeUInt16BE(area.x, o);
        bytes.writeUInt16BE(area.y, o + 2);
        bytes.writeUInt16BE(area.w, o + 4);
        bytes.writeUInt16BE(area.h - dy, o + 6);
        bytes.writeInt32BE(ENCODING_COPY_RECT, o + 8);
        bytes.writeUInt16BE(area.x, o + 12);
        bytes.writeUInt16BE(area.y + dy, o + 14);
        o += 16;
      }
      first = false;
    }
    for (const p of plan) {
      if (p.row === 0) {
        bytes.writeUInt16BE(p.r.x, o);
        bytes.writeUInt16BE(p.r.y, o + 2);
        bytes.writeUInt16BE(p.r.w, o + 4);
        bytes.writeUInt16BE(p.r.h, o + 6);
        bytes.writeInt32BE(ENCODING_RAW, o + 8);
        o += 12;
      }
      o += encoder.encodeInto(bytes, o, src, p.r.x, p.r.y - src.top + p.row, p.r.w, p.rows);
    }
    yield { bytes, pixels: pixelBytes / bpp, last: index === rects.length };
  } while (index < rects.length);
}
