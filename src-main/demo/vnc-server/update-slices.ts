// One FramebufferUpdate (RFC 6143 §7.6.1): a CopyRect first if the screen scrolled, then Raw
// rectangles (or Zlib ones, for a viewer that takes them), cut into slices of about `sliceBytes`
// each: the message header, rectangle headers and whole rows, so a big update can be encoded and
// written a piece at a time between other work. The pixels are those of one moment (`snapshot`):
// the screen goes on changing while the slices go out, and an update that read the live screen
// showed rows, even parts of rows, from different moments: text lines that never existed.
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Rect, Scroll } from './framebuffer';
import type { PixelEncoder, PixelSource } from './pixel-format';

const ENCODING_RAW = 0;
export const ENCODING_COPY_RECT = 1;
export const ENCODING_ZLIB = 6;

/** Compresses one Zlib rectangle's pixels: the next piece of the connection's one zlib stream. */
export type ZlibStream = (raw: Buffer) => Buffer;

/**
 * A connection's zlib stream (RFC 6143 §7.7.2: one stream for all its Zlib rectangles). Each
 * rectangle is deflated on its own and ends on a sync flush, so the pieces join into one valid
 * stream; the zlib header goes before the first. A text console's rows deflate to a few per cent of
 * their raw size, which is what lets a viewer behind a WebSocket keep up with a console that scrolls
 * at full speed (Raw: about 1 MB an update, ~12 MB/s through the gateway and Chromium).
 */
export function zlibStream(): ZlibStream {
  let started = false;
  return (raw) => {
    const piece = deflateRawSync(raw, { level: 1, finishFlush: constants.Z_SYNC_FLUSH });
    if (started) return piece;
    started = true;
    // CMF 0x78 (deflate, 32 KiB window), FLG 0x01 (check bits, fastest): 0x7801 % 31 === 0.
    return Buffer.concat([ZLIB_HEADER, piece]);
  };
}
const ZLIB_HEADER = Buffer.from([0x78, 0x01]);

/** The CopyRect of a scroll: the area less its top dy rows, taken from dy rows lower. */
function writeCopy(bytes: Buffer, o: number, { area, dy }: Scroll): void {
  bytes.writeUInt16BE(area.x, o);
  bytes.writeUInt16BE(area.y, o + 2);
  bytes.writeUInt16BE(area.w, o + 4);
  bytes.writeUInt16BE(area.h - dy, o + 6);
  bytes.writeInt32BE(ENCODING_COPY_RECT, o + 8);
  bytes.writeUInt16BE(area.x, o + 12);
  bytes.writeUInt16BE(area.y + dy, o + 14);
}

/** A rectangle's header (x, y, w, h, encoding). */
function writeRectHeader(bytes: Buffer, o: number, r: Rect, encoding: number): void {
  bytes.writeUInt16BE(r.x, o);
  bytes.writeUInt16BE(r.y, o + 2);
  bytes.writeUInt16BE(r.w, o + 4);
  bytes.writeUInt16BE(r.h, o + 6);
  bytes.writeInt32BE(encoding, o + 8);
}

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

/** Rows kept deflated: a text console's rows are mostly one colour, some 2 % of their size so. */
export interface PackedRows {
  readonly width: number;
  readonly top: number;
  readonly deflated: Buffer;
}

export function packRows(rows: PixelRows): PackedRows {
  const raw = Buffer.from(rows.pixels.buffer, rows.pixels.byteOffset, rows.pixels.byteLength);
  return { width: rows.width, top: rows.top, deflated: deflateRawSync(raw, { level: 1 }) };
}

export function unpackRows(packed: PackedRows): PixelRows {
  const raw = inflateRawSync(packed.deflated);
  // Its own memory, aligned for a Uint32Array view.
  const pixels = new Uint32Array(raw.length / 4);
  new Uint8Array(pixels.buffer).set(raw);
  return { width: packed.width, top: packed.top, pixels };
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
  zlib?: ZlibStream,
): Generator<UpdateSlice, void, undefined> {
  if (zlib) return yield* zlibSlices(rects, encoder, src, sliceBytes, zlib, scroll);
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
        writeCopy(bytes, o, scroll); // the viewer moves the rows itself
        o += 16;
      }
      first = false;
    }
    for (const p of plan) {
      if (p.row === 0) {
        writeRectHeader(bytes, o, p.r, ENCODING_RAW);
        o += 12;
      }
      o += encoder.encodeInto(bytes, o, src, p.r.x, p.r.y - src.top + p.row, p.r.w, p.rows);
    }
    yield { bytes, pixels: pixelBytes / bpp, last: index === rects.length };
  } while (index < rects.length);
}

/**
 * The same update with Zlib rectangles: each rectangle cut into bands of about `sliceBytes` of raw
 * pixels, one band (its own Zlib rectangle) a slice, so the rectangle count is known up front.
 */
function* zlibSlices(
  rects: readonly Rect[],
  encoder: PixelEncoder,
  src: PixelRows,
  sliceBytes: number,
  zlib: ZlibStream,
  scroll?: Scroll,
): Generator<UpdateSlice, void, undefined> {
  const bands: Rect[] = [];
  for (const r of rects) {
    const rows = Math.max(1, Math.floor(sliceBytes / (r.w * encoder.bytesPerPixel)));
    for (let y = 0; y < r.h; y += rows)
      bands.push({ x: r.x, y: r.y + y, w: r.w, h: Math.min(rows, r.h - y) });
  }
  const head = Buffer.alloc(4 + (scroll ? 16 : 0));
  head.writeUInt32BE(bands.length + (scroll ? 1 : 0), 0); // message type 0, padding, rectangles
  if (scroll) writeCopy(head, 4, scroll);
  if (bands.length === 0) return yield { bytes: head, pixels: 0, last: true };
  for (const [i, b] of bands.entries()) {
    const data = zlib(encoder.encode(src, b.x, b.y - src.top, b.w, b.h));
    const header = Buffer.alloc(16);
    writeRectHeader(header, 0, b, ENCODING_ZLIB);
    header.writeUInt32BE(data.length, 12);
    yield {
      bytes: Buffer.concat(i === 0 ? [head, header, data] : [header, data]),
      pixels: b.w * b.h,
      last: i === bands.length - 1,
    };
  }
}
